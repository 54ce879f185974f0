import { useState } from 'react';
import type { GuestId } from '../../shared/domain/ids.ts';
import { formatPhone } from '../../shared/domain/phone.ts';
import { useGuest, useGuestPurchases, useSettings } from '../data/hooks.ts';
import { useT } from '../i18n/use-t.ts';
import { money, when } from './format.ts';
import { useCounterUi } from './store.ts';
import { VoidDialog } from './VoidDialog.tsx';
import type { PurchaseRow } from '../data/db.ts';

/** The guest in front of the counter: who they are, how often they come, what they bought. */
export function GuestCard({ guestId }: { guestId: GuestId }) {
  const t = useT();
  const { go, locale, notice } = useCounterUi();
  const data = useGuest(guestId);
  const purchases = useGuestPurchases(guestId);
  const settings = useSettings();
  const [voiding, setVoiding] = useState<PurchaseRow | null>(null);
  if (data === undefined || !settings) return null;
  if (data === null) return <p role="alert">{t.errors['guest-not-found']}</p>;
  const { guest, stats } = data;
  const zone = settings.timeZone;

  return (
    <section className="screen guest" aria-labelledby="guest-title">
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <header className="guest-head">
        <h2 id="guest-title">{guest.name ?? formatPhone(guest.phone)}</h2>
        {guest.name && <p className="guest-phone">{formatPhone(guest.phone)}</p>}
      </header>
      <dl className="facts">
        <div>
          <dt>{t.visits}</dt>
          <dd>{stats?.purchaseCount ?? 0}</dd>
        </div>
        <div>
          <dt>{t.lastVisit}</dt>
          <dd>{stats?.lastPurchaseAt ? when(stats.lastPurchaseAt, locale, zone) : t.never}</dd>
        </div>
        <div>
          <dt>{t.bonus}</dt>
          <dd className="muted">{t.bonusSoon}</dd>
        </div>
        <div>
          <dt>{t.offers}</dt>
          <dd className="muted">{t.noOffers}</dd>
        </div>
      </dl>
      <div className="actions">
        <button type="button" className="primary big" onClick={() => go({ name: 'purchase', guestId })}>
          {t.newPurchase}
        </button>
        <button type="button" onClick={() => go({ name: 'edit', guestId })}>
          {t.edit}
        </button>
        <button type="button" onClick={() => go({ name: 'search' })}>
          {t.back}
        </button>
      </div>
      <h3>{t.history}</h3>
      {purchases?.length === 0 && <p className="muted">{t.noPurchases}</p>}
      <ul className="purchases" aria-label={t.history}>
        {purchases?.map((p) => (
          <li key={p.id} className={p.voided ? 'voided' : undefined}>
            <span>{when(p.purchasedAt, locale, zone)}</span>
            <span className="amount">{money(p.amount, locale)}</span>
            <span className="items">{p.items.map((i) => (i.qty > 1 ? `${i.name} ×${i.qty}` : i.name)).join(', ')}</span>
            {p.voided ? (
              <span className="muted">{`${t.voided}: ${p.voided.reason}`}</span>
            ) : (
              <button
                type="button"
                aria-label={`${t.voidPurchase} ${money(p.amount, locale)}, ${when(p.purchasedAt, locale, zone)}`}
                onClick={() => setVoiding(p)}
              >
                {t.voidPurchase}
              </button>
            )}
          </li>
        ))}
      </ul>
      {voiding && <VoidDialog purchase={voiding} onClose={() => setVoiding(null)} />}
    </section>
  );
}
