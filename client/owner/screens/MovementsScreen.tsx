import { useState } from 'react';
import { Chart } from '../Chart.tsx';
import { count } from '../format.ts';
import { useMovements } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';

const PERIODS = [7, 30, 90] as const;

/** From → to: how many guests moved between segments in the last 7, 30 or 90 days. */
export function MovementsScreen() {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const [days, setDays] = useState<(typeof PERIODS)[number]>(7);
  const movements = useMovements(days);
  return (
    <section className="owner-screen" aria-labelledby="movements-title">
      <h1 id="movements-title">{t.movements.title}</h1>
      <fieldset className="segmented" aria-label={t.movements.period}>
        {PERIODS.map((p) => (
          <button key={p} type="button" aria-pressed={p === days} onClick={() => setDays(p)}>
            {t.movements.days(p)}
          </button>
        ))}
      </fieldset>
      <QueryState query={movements}>
        {(m) => {
          const name = (id: string | null) => (id === null ? t.movements.newGuests : (m.segments.find((s) => s.id === id)?.name[locale] ?? id));
          const moves = m.movements.filter((x) => x.from !== x.to);
          if (!moves.length) return <p className="empty">{t.movements.none}</p>;
          // The headline is the biggest move of known guests; arrivals are the fallback.
          const between = moves.filter((x) => x.from !== null);
          const top = [...(between.length ? between : moves)].sort((a, b) => b.guests - a.guests)[0]!;
          const came = m.segments.map((s) => moves.filter((x) => x.to === s.id).reduce((n, x) => n + x.guests, 0));
          const left = m.segments.map((s) => moves.filter((x) => x.from === s.id).reduce((n, x) => n + x.guests, 0));
          return (
            <>
              <p className="headline">{t.movements.sentence(top.guests, name(top.from), name(top.to), days)}</p>
              <Chart
                title={t.movements.chart}
                kind="bars"
                x={m.segments.map((s) => s.name[locale])}
                series={[
                  { label: t.movements.came, values: came, color: '#2f7d4a' },
                  { label: t.movements.left, values: left, color: '#c23b3b' },
                ]}
              />
              <table className="owner-table">
                <thead>
                  <tr>
                    <th scope="col">{t.movements.from}</th>
                    <th scope="col">{t.movements.to}</th>
                    <th scope="col" className="num">
                      {t.movements.guests}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {moves.map((x) => (
                    <tr key={`${x.from}>${x.to}`} data-move={`${x.from ?? 'new'}>${x.to}`}>
                      <td>{name(x.from)}</td>
                      <td>→ {name(x.to)}</td>
                      <td className="num">{count(x.guests, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
