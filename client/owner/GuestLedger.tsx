/**
 * A guest's bonus points for the owner: the balance (and any overdraft) and the entries, the
 * latest first. Made to be placed in the guest's profile: `<GuestLedger guestId={id} />`.
 */
import { dateTime } from './format.ts';
import { useGuestEntries, useLoyaltyT } from './loyalty-queries.ts';
import { QueryState } from './QueryState.tsx';
import { useOwnerUi } from './store.ts';

export function GuestLedger({ guestId, timeZone }: { guestId: string; timeZone?: string }) {
  const t = useLoyaltyT();
  const locale = useOwnerUi((s) => s.locale);
  const entries = useGuestEntries(guestId);
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section className="guest-ledger" aria-label={t.ledger.title}>
      <h2>{t.ledger.title}</h2>
      <QueryState query={entries}>
        {(l) => (
          <>
            <p>
              {t.ledger.balance}: <strong data-testid="ledger-balance">{t.points(l.balance)}</strong>
              {l.overdraft > 0 && <span className="owes"> · {t.ledger.overdraft(l.overdraft)}</span>}
            </p>
            {l.entries.length === 0 ? (
              <p className="empty">{t.ledger.none}</p>
            ) : (
              <ul className="ledger-entries">
                {l.entries.map((e) => (
                  <li key={e.id} data-kind={e.kind}>
                    <span>{e.kind === 'reward' && e.reason ? `${t.ledger.kinds.reward}: ${e.reason}` : t.ledger.kinds[e.kind]}</span>
                    <strong className={e.points < 0 ? 'debit' : 'credit'}>{e.points > 0 ? `+${e.points}` : e.points}</strong>
                    <span className="muted">
                      {dateTime(e.at, locale, zone)}
                      {e.device && ` · ${e.device.name}`}
                      {e.devicePoints !== null && e.devicePoints !== e.points && ` · ${t.ledger.tabletSaid(Math.abs(e.devicePoints))}`}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {l.total > l.entries.length && <p className="muted">{t.ledger.shown(l.entries.length, l.total)}</p>}
          </>
        )}
      </QueryState>
    </section>
  );
}
