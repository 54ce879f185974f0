import { Chart, segmentColor } from '../Chart.tsx';
import { count, shortDate } from '../format.ts';
import { useTrend } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';

/**
 * Segment sizes at the end of each of the last 26 weeks: lines in the segments' colours with
 * dates in the screen's language, and the numbers in a table that fits a 390 px phone (on a
 * narrower one it scrolls within its own focusable region, never the page).
 */
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
              locale={locale}
              height={280}
              x={r.points.map((p) => new Date(p.at))}
              series={r.segments.map((s, i) => ({
                label: s.name[locale],
                values: r.points.map((p) => p.sizes[s.id] ?? 0),
                color: segmentColor(i),
              }))}
            />
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that may scroll sideways must be reachable by keyboard (axe scrollable-region-focusable) */}
            <section className="table-scroll" tabIndex={0} aria-labelledby="trend-table-title">
              <table className="owner-table trend-table">
                <caption id="trend-table-title" className="visually-hidden">
                  {t.trend.table}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t.trend.week}</th>
                    {r.segments.map((s, i) => (
                      <th key={s.id} scope="col" className="num">
                        <span className="swatch" style={{ background: segmentColor(i) }} /> {s.name[locale]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {[...r.points].reverse().map((p) => (
                    <tr key={p.at}>
                      <th scope="row">{shortDate(p.date, locale)}</th>
                      {r.segments.map((s) => (
                        <td key={s.id} className="num">
                          {count(p.sizes[s.id] ?? 0, locale)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </>
        )}
      </QueryState>
    </section>
  );
}
