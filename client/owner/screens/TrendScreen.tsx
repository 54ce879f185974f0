import { Chart, SEGMENT_COLORS } from '../Chart.tsx';
import { count, shortDate } from '../format.ts';
import { useTrend } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';

/** Segment sizes at the end of each of the last 26 weeks. */
export function TrendScreen() {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const trend = useTrend();
  return (
    <section className="owner-screen" aria-labelledby="trend-title">
      <h1 id="trend-title">{t.trend.title}</h1>
      <QueryState query={trend}>
        {(r) => (
          <>
            <Chart
              title={t.trend.chart}
              kind="lines"
              height={280}
              x={r.points.map((p) => new Date(p.at))}
              series={r.segments.map((s, i) => ({
                label: s.name[locale],
                values: r.points.map((p) => p.sizes[s.id] ?? 0),
                color: SEGMENT_COLORS[i % SEGMENT_COLORS.length]!,
              }))}
            />
            <div className="table-scroll">
              <table className="owner-table">
                <thead>
                  <tr>
                    <th scope="col">{t.trend.week}</th>
                    {r.segments.map((s) => (
                      <th key={s.id} scope="col" className="num">
                        {s.name[locale]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {[...r.points].reverse().map((p) => (
                    <tr key={p.at}>
                      <td>{shortDate(p.date, locale)}</td>
                      {r.segments.map((s) => (
                        <td key={s.id} className="num">
                          {count(p.sizes[s.id] ?? 0, locale)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </QueryState>
    </section>
  );
}
