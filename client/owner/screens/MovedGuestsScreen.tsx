/**
 * The guests behind one movement ("who moved Активные → Уходящие this week"), the latest
 * movers first; a row opens the guest's profile. A guest counts once however often they made
 * the move, so the count here can be below the movement's.
 */
import { useState } from 'react';
import { rowDateTime, wholeRubles } from '../format.ts';
import { useMovedGuests, useSettingsQuery } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { pathOf, useOwnerUi } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';

const PAGE = 50;

export function MovedGuestsScreen({ days, from, to }: { days: number; from: string | null; to: string }) {
  const t = useOwnerT();
  const { locale, go, back } = useOwnerUi();
  const moved = useMovedGuests(days, from, to);
  const zone = useSettingsQuery().data?.timeZone ?? 'Europe/Moscow';
  // A long list grows on request: the latest movers are the ones to look at first.
  const [shown, setShown] = useState(PAGE);
  return (
    <section className="owner-screen" aria-labelledby="moved-title">
      <div className="screen-head">
        <button type="button" className="link back" onClick={() => back({ name: 'movements' })}>
          ← {t.moved.back}
        </button>
      </div>
      <QueryState query={moved}>
        {(m) => {
          const name = (id: string | null) => (id === null ? t.movements.newGuests : (m.segments.find((s) => s.id === id)?.name[locale] ?? id));
          return (
            <>
              <h1 id="moved-title">{t.moved.title(name(from), name(to))}</h1>
              <p className="muted" data-testid="moved-total">
                {t.moved.period(days)}: {t.moved.found(m.total)}
                {m.total > m.guests.length && ` (${t.moved.shown(m.guests.length)})`}
              </p>
              {m.guests.length === 0 ? (
                <p className="empty">{t.moved.none}</p>
              ) : (
                <ul className="guest-links">
                  {m.guests.slice(0, shown).map((g) => (
                    <li key={g.id}>
                      <a
                        href={pathOf({ name: 'guest', id: g.id })}
                        onClick={(e) => {
                          e.preventDefault();
                          go({ name: 'guest', id: g.id });
                        }}
                      >
                        <span className="row-line">
                          <span className="guest-name">{g.phone === null ? t.list.erased : (g.name ?? t.list.noName)}</span>
                          <span className="guest-phone">{g.phone ?? '—'}</span>
                        </span>
                        <span className="row-line">
                          <span className="guest-facts">
                            {t.list.visits(g.visits)} · {wholeRubles(g.totalSpend, locale)}
                          </span>
                          <span className="guest-last">
                            {t.moved.at} {rowDateTime(g.movedAt, locale, zone)}
                          </span>
                        </span>
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              {m.guests.length > shown && (
                <button type="button" onClick={() => setShown((n) => n + PAGE)}>
                  {t.guest.more}
                </button>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
