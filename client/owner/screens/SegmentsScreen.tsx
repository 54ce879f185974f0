/**
 * Segments today, to be read in ten seconds: per segment its guests and share, a plain line
 * saying who is in it (from the rules themselves), what changed this week (came in, left, net),
 * and 30-day revenue and average check in whole rubles; bars and cards in the same colour.
 * A tap opens the segment's guests. Before the café has any guest, the first steps instead.
 */
import type { MovementReport, SegmentCount } from '../../../shared/api/reports.ts';
import { Chart, segmentColor } from '../Chart.tsx';
import { count, percent, wholeRubles } from '../format.ts';
import { useMovements, useOnboarding, useSegmentReport, useSettingsQuery } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { ruleWords } from '../rule-words.ts';
import { useOwnerUi } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';
import { OnboardingCard } from './OnboardingCard.tsx';

interface WeekChange {
  added: number;
  removed: number;
}

/** Came into and left each segment over the last 7 café days (guests' own moves; new guests count as coming in). */
export function weekChanges(m: MovementReport | undefined): Map<string, WeekChange> {
  const out = new Map<string, WeekChange>();
  const at = (id: string) => out.get(id) ?? out.set(id, { added: 0, removed: 0 }).get(id)!;
  for (const move of m?.movements ?? []) {
    if (move.from === move.to) continue;
    at(move.to).added += move.guests;
    if (move.from !== null) at(move.from).removed += move.guests;
  }
  return out;
}

export function SegmentsScreen() {
  const t = useOwnerT();
  const report = useSegmentReport();
  const onboarding = useOnboarding();
  return (
    <section className="owner-screen" aria-labelledby="segments-title">
      <h1 id="segments-title">{t.segments.title}</h1>
      <QueryState query={report}>
        {(r) =>
          r.totalGuests === 0 && onboarding.data && !onboarding.data.hasGuests ? (
            <OnboardingCard steps={onboarding.data} />
          ) : (
            <>
              {onboarding.data?.tablets === 0 && <NoTabletNote />}
              <Dashboard segments={r.segments} total={r.totalGuests} />
            </>
          )
        }
      </QueryState>
    </section>
  );
}

function NoTabletNote() {
  const t = useOwnerT();
  const go = useOwnerUi((s) => s.go);
  return (
    <p className="notice">
      {t.segments.noTablet}{' '}
      <button type="button" className="link" onClick={() => go({ name: 'devices' })}>
        {t.segments.connect}
      </button>
    </p>
  );
}

function Dashboard({ segments, total }: { segments: SegmentCount[]; total: number }) {
  const t = useOwnerT();
  const { locale, go } = useOwnerUi();
  const rules = useSettingsQuery().data?.rules;
  const week = weekChanges(useMovements(7).data);
  return (
    <>
      <p className="muted">
        {t.segments.total}: <strong data-testid="total-guests">{count(total, locale)}</strong>
      </p>
      <Chart
        title={t.segments.chart}
        kind="bars"
        locale={locale}
        x={segments.map((s) => s.name[locale])}
        series={[{ label: t.segments.guests, values: segments.map((s) => s.guests), color: segmentColor(0) }]}
        barColors={segments.map((_, i) => segmentColor(i))}
      />
      <ul className="segment-cards">
        {segments.map((s, i) => {
          const change = week.get(s.id) ?? { added: 0, removed: 0 };
          const net = change.added - change.removed;
          return (
            <li key={s.id}>
              <button type="button" className="segment-card" data-segment={s.id} onClick={() => go({ name: 'segment', id: s.id })}>
                <span className="swatch" style={{ background: segmentColor(i) }} />
                <span className="segment-name">{s.name[locale]}</span>
                <span className="segment-guests" data-testid={`guests-${s.id}`}>
                  {count(s.guests, locale)}
                </span>
                <span className="segment-share">{percent(s.share, locale)}</span>
                {rules && <span className="segment-rule">{ruleWords(rules, s.id, locale)}</span>}
                <span className="segment-week" data-testid={`week-${s.id}`}>
                  {t.segments.week}:{' '}
                  <strong className={net > 0 ? 'up' : net < 0 ? 'down' : undefined}>
                    {net > 0 ? '+' : net < 0 ? '−' : '±'}
                    {count(Math.abs(net), locale)}
                  </strong>{' '}
                  ({t.segments.weekChange(change.added, change.removed)})
                </span>
                <dl>
                  <div>
                    <dt>{t.segments.revenue}</dt>
                    <dd>{wholeRubles(s.recentRevenue, locale)}</dd>
                  </div>
                  <div>
                    <dt>{t.segments.averageCheck}</dt>
                    {/* No purchase, no average: a dash, not "0 ₽". */}
                    <dd>{s.recentPurchases === 0 ? '—' : wholeRubles(s.recentAverageCheck, locale)}</dd>
                  </div>
                </dl>
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}
