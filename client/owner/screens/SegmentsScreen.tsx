import { Chart, SEGMENT_COLORS } from '../Chart.tsx';
import { count, percent, rubles } from '../format.ts';
import { useSegmentReport } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';

/** How many guests each segment holds today, their 30-day revenue and check; a tap opens the list. */
export function SegmentsScreen() {
  const t = useOwnerT();
  const { locale, go } = useOwnerUi();
  const report = useSegmentReport();
  return (
    <section className="owner-screen" aria-labelledby="segments-title">
      <h1 id="segments-title">{t.segments.title}</h1>
      <QueryState query={report}>
        {(r) => (
          <>
            <p className="muted">
              {t.segments.total}: <strong data-testid="total-guests">{count(r.totalGuests, locale)}</strong>
            </p>
            <Chart
              title={t.segments.chart}
              kind="bars"
              x={r.segments.map((s) => s.name[locale])}
              series={[{ label: t.segments.guests, values: r.segments.map((s) => s.guests), color: SEGMENT_COLORS[0]! }]}
            />
            <ul className="segment-cards">
              {r.segments.map((s, i) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className="segment-card"
                    data-segment={s.id}
                    onClick={() => go({ name: 'segment', id: s.id })}
                    aria-label={`${s.name[locale]}: ${t.segments.open}`}
                  >
                    <span className="swatch" data-color={i % SEGMENT_COLORS.length} />
                    <span className="segment-name">{s.name[locale]}</span>
                    <span className="segment-guests" data-testid={`guests-${s.id}`}>
                      {count(s.guests, locale)}
                    </span>
                    <span className="segment-share">{percent(s.share, locale)}</span>
                    <dl>
                      <div>
                        <dt>{t.segments.revenue}</dt>
                        <dd>{rubles(s.recentRevenue, locale)}</dd>
                      </div>
                      <div>
                        <dt>{t.segments.averageCheck}</dt>
                        <dd>{rubles(s.recentAverageCheck, locale)}</dd>
                      </div>
                    </dl>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </QueryState>
    </section>
  );
}
