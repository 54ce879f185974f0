import { useState } from 'react';
import type { GuestProfile } from '../../../../shared/api/guest-profile.ts';
import { dateTime, rubles } from '../../format.ts';
import { useOwnerUi } from '../../store.ts';
import { useOwnerT } from '../../use-owner-t.ts';

const FIRST = 20;

/** The guest's purchases from the server, newest first: amount, items, the tablet, and voids with when, on which tablet and why. */
export function GuestPurchases({ profile }: { profile: GuestProfile }) {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const [all, setAll] = useState(false);
  const shown = all ? profile.purchases : profile.purchases.slice(0, FIRST);
  return (
    <section className="profile-section" aria-labelledby="purchases-title">
      <h2 id="purchases-title">
        {t.guest.purchases} {profile.purchaseCount > 0 && <span className="muted small">({t.guest.purchasesOf(shown.length, profile.purchaseCount)})</span>}
      </h2>
      {profile.purchases.length === 0 ? (
        <p className="empty">{t.guest.noPurchases}</p>
      ) : (
        <ul className="purchase-list">
          {shown.map((p) => (
            <li key={p.id} className={p.voided ? 'voided' : undefined} data-testid="profile-purchase">
              <span className="purchase-when">{dateTime(p.purchasedAt, locale, profile.timeZone)}</span>
              <span className="purchase-amount">{rubles(p.amount, locale)}</span>
              {p.items.length > 0 && <span className="purchase-items">{p.items.map((i) => (i.qty > 1 ? `${i.name} × ${i.qty}` : i.name)).join(', ')}</span>}
              <span className="purchase-where muted">{p.device ?? (p.source === 'counter' ? '' : t.guest.imported)}</span>
              {p.voided && (
                <span className="purchase-void">{t.guest.voided(p.voided.reason, p.voided.by, dateTime(p.voided.at, locale, profile.timeZone))}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {!all && profile.purchases.length > FIRST && (
        <button type="button" onClick={() => setAll(true)}>
          {t.guest.more}
        </button>
      )}
    </section>
  );
}
