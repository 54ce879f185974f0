import { useState } from 'react';
import type { TimeZone } from '../../shared/domain/calendar.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import { withinVoidWindow } from '../../shared/domain/void-window.ts';
import type { HistoryRow } from '../data/guest-history.ts';
import { useGuestHistory } from '../data/hooks.ts';
import { useT } from '../i18n/use-t.ts';
import { useOnline } from '../pwa/online.ts';
import { money, when } from './format.ts';
import { useCounterUi } from './store.ts';
import { VoidDialog } from './VoidDialog.tsx';

const itemsText = (row: HistoryRow) => row.items.map((i) => (i.qty > 1 ? `${i.name} ×${i.qty}` : i.name)).join(', ');

/**
 * The guest's purchases: every tablet's when the server answers, else this tablet's — and
 * then the card says so plainly, with how many visits are on other tablets. A purchase held
 * on this tablet can be voided here, within the window the owner set (past it, no button: the
 * server would refuse the void).
 */
export function GuestHistory({ guestId, visits, timeZone, voidWindowDays }: { guestId: GuestId; visits: number; timeZone: TimeZone; voidWindowDays: number }) {
  const t = useT();
  const locale = useCounterUi((s) => s.locale);
  const online = useOnline();
  const history = useGuestHistory(guestId, online);
  const [voiding, setVoiding] = useState<HistoryRow | null>(null);
  // The void window is judged as of this render: one clock reading for every row.
  const now = new Date();
  if (!history) return null;
  const { source, rows, serverTotal } = history;
  const counted = rows.filter((r) => !r.voided).length;
  const note =
    source === 'server'
      ? serverTotal !== null && serverTotal > rows.length
        ? t.historyNewest(rows.length, serverTotal)
        : t.historyAll
      : source === 'loading'
        ? t.historyLoading
        : t.historyOnlyHere[source];

  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">{t.history}</h2>
      <p className={source === 'server' || source === 'loading' ? 'muted' : 'history-local'} data-testid="history-source">
        {note}
        {source !== 'server' && source !== 'loading' && visits > counted && ` · ${t.elsewhere(visits - counted)}`}
      </p>
      {rows.length === 0 && <p className="muted">{t.noPurchases}</p>}
      <ul className="purchases" aria-labelledby="history-title">
        {rows.map((p) => (
          <li key={p.id} className={p.voided ? 'voided' : undefined}>
            <span>{when(p.purchasedAt, locale, timeZone)}</span>
            <span className="amount">{money(p.amount, locale)}</span>
            <span className="items">{itemsText(p)}</span>
            <span className="tablet">{p.tablet.kind === 'this' ? t.thisTablet : p.tablet.kind === 'other' ? p.tablet.name : t.imported}</span>
            {p.voided ? (
              <span className="void-note">{`${t.voided}: ${p.voided.reason}`}</span>
            ) : p.held && withinVoidWindow(new Date(p.purchasedAt), now, timeZone, voidWindowDays) ? (
              <button
                type="button"
                aria-label={`${t.voidPurchase} ${money(p.amount, locale)}, ${when(p.purchasedAt, locale, timeZone)}`}
                onClick={() => setVoiding(p)}
              >
                {t.voidPurchase}
              </button>
            ) : (
              <span />
            )}
          </li>
        ))}
      </ul>
      {voiding && <VoidDialog purchase={voiding} onClose={() => setVoiding(null)} />}
    </section>
  );
}
