import { useMemo } from 'react';
import { kopecks } from '../../shared/domain/money.ts';
import { formatPhone } from '../../shared/domain/phone-format.ts';
import { useSettings, useShift } from '../data/hooks.ts';
import { useT } from '../i18n/use-t.ts';
import { money, when } from './format.ts';
import { useCounterUi } from './store.ts';

/** Today's purchases at this tablet, newest first, with their count and total (voided ones apart); a tap opens the guest. */
export function ShiftScreen() {
  const t = useT();
  const { go, locale } = useCounterUi();
  const now = useMemo(() => new Date(), []);
  const shift = useShift(now);
  const settings = useSettings();
  const counted = shift?.filter((p) => !p.voided) ?? [];
  const total = kopecks(counted.reduce((sum, p) => sum + p.amount, 0));
  const voided = (shift?.length ?? 0) - counted.length;
  return (
    <section className="screen shift" aria-labelledby="shift-title">
      <h1 id="shift-title">{t.shift}</h1>
      {shift && (
        <dl className="facts shift-summary">
          <div>
            <dt>{t.shiftCount}</dt>
            <dd data-testid="shift-count">{counted.length}</dd>
          </div>
          <div>
            <dt>{t.shiftTotal}</dt>
            <dd data-testid="shift-total">{money(total, locale)}</dd>
          </div>
          {voided > 0 && (
            <div>
              <dt>{t.shiftVoided}</dt>
              <dd>{voided}</dd>
            </div>
          )}
        </dl>
      )}
      {shift?.length === 0 && <p className="muted">{t.noPurchases}</p>}
      <ul className="purchases" aria-labelledby="shift-title">
        {shift?.map((p) => (
          <li key={p.id} className={p.voided ? 'voided' : undefined}>
            <span>{settings && when(p.purchasedAt, locale, settings.timeZone)}</span>
            <span className="amount">{money(p.amount, locale)}</span>
            <button type="button" className="link" onClick={() => go({ name: 'guest', guestId: p.guestId })}>
              {p.guest ? (p.guest.name ?? formatPhone(p.guest.phone)) : '—'}
            </button>
            <span className="void-note">{p.voided ? t.voided : ''}</span>
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
