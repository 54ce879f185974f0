/**
 * From → to: how many guests moved between segments in the last 7, 30 or 90 days, the biggest
 * moves first; a row opens the guests who made that move.
 */
import { useState } from 'react';
import { Chart } from '../Chart.tsx';
import { count } from '../format.ts';
import { useMovements } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { pathOf, useOwnerUi, type OwnerRoute } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';

const PERIODS = [7, 30, 90] as const;

export function MovementsScreen() {
  const t = useOwnerT();
  const { locale, go } = useOwnerUi();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(7);
  const movements = useMovements(days);
  return (
    <section className="owner-screen" aria-labelledby="movements-title">
      <h1 id="movements-title">{t.movements.title}</h1>
      <fieldset className="segmented">
        <legend className="visually-hidden">{t.movements.period}</legend>
        {PERIODS.map((p) => (
          <button key={p} type="button" aria-pressed={p === days} onClick={() => setDays(p)}>
            {t.movements.days(p)}
          </button>
        ))}
      </fieldset>
      <QueryState query={movements}>
        {(m) => {
          const name = (id: string | null) => (id === null ? t.movements.newGuests : (m.segments.find((s) => s.id === id)?.name[locale] ?? id));
          // The biggest moves first; arrivals of new guests among them by their size.
          const moves = m.movements.filter((x) => x.from !== x.to).sort((a, b) => b.guests - a.guests || name(a.from).localeCompare(name(b.from)));
          if (!moves.length) return <p className="empty">{t.movements.none}</p>;
          // The headline is the biggest move of known guests; arrivals are the fallback.
          const between = moves.filter((x) => x.from !== null);
          const top = (between.length ? between : moves)[0]!;
          const came = m.segments.map((s) => moves.filter((x) => x.to === s.id).reduce((n, x) => n + x.guests, 0));
          const left = m.segments.map((s) => moves.filter((x) => x.from === s.id).reduce((n, x) => n + x.guests, 0));
          return (
            <>
              <p className="headline">{t.movements.sentence(top.guests, name(top.from), name(top.to), days)}</p>
              <Chart
                title={t.movements.chart}
                kind="bars"
                locale={locale}
                x={m.segments.map((s) => s.name[locale])}
                series={[
                  { label: t.movements.came, values: came, color: '#2f7d4a' },
                  { label: t.movements.left, values: left, color: '#c23b3b' },
                ]}
              />
              <ul className="move-list" aria-label={t.movements.title}>
                {moves.map((x) => {
                  const route: OwnerRoute = { name: 'moved', days, from: x.from, to: x.to };
                  return (
                    <li key={`${x.from}>${x.to}`} data-move={`${x.from ?? 'new'}>${x.to}`}>
                      <a
                        href={pathOf(route)}
                        title={t.movements.open(name(x.from), name(x.to))}
                        onClick={(e) => {
                          e.preventDefault();
                          go(route);
                        }}
                      >
                        <span className="move-from">{name(x.from)}</span>
                        <span className="move-to">→ {name(x.to)}</span>
                        <span className="move-count">{count(x.guests, locale)}</span>
                      </a>
                    </li>
                  );
                })}
              </ul>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
