import { useMemo } from 'react';
import { formatPhone } from '../../shared/domain/phone.ts';
import { useSettings, useShift } from '../data/hooks.ts';
import { useT } from '../i18n/use-t.ts';
import { money, when } from './format.ts';
import { useCounterUi } from './store.ts';

/** Today's purchases at this tablet, newest first; a tap opens the guest. */
export function ShiftScreen() {
  const t = useT();
  const { go, locale } = useCounterUi();
  const now = useMemo(() => new Date(), []);
  const shift = useShift(now);
  const settings = useSettings();
  return (
    <section className="screen shift">
      <h2>{t.shift}</h2>
      {shift?.length === 0 && <p className="muted">{t.noPurchases}</p>}
      <ul className="purchases" aria-label={t.shift}>
        {shift?.map((p) => (
          <li key={p.id} className={p.voided ? 'voided' : undefined}>
            <span>{settings && when(p.purchasedAt, locale, settings.timeZone)}</span>
            <span className="amount">{money(p.amount, locale)}</span>
            <button type="button" className="link" onClick={() => go({ name: 'guest', guestId: p.guestId })}>
              {p.guest ? (p.guest.name ?? formatPhone(p.guest.phone)) : '—'}
            </button>
            {p.voided && <span className="muted">{t.voided}</span>}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={() => go({ name: 'search' })}>
          {t.back}
        </button>
      </div>
    </section>
  );
}
