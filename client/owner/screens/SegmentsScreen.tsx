/**
 * Segments today, to be read in ten seconds: per segment its guests and share, a plain line
 * saying who is in it (from the rules themselves), what changed this week (came in, left, net),
 * and 30-day revenue and average check in whole rubles; bars and cards in the same colour.
 * A tap opens the segment's guests. Before the café has any guest, the first steps instead.
 * The screen waits for its four answers (asked together) and shows them in one go, over a
 * placeholder as tall as the dashboard: a card that grew when its rule line or the week's
 * change came later pushed every card below it down (issue 15: layout shift 0.127).
 */
import type { MovementReport, SegmentCount } from '../../../shared/api/reports.ts';
import type { CafeSettings } from '../../../shared/api/settings.ts';
import { segmentColor } from '../Chart.tsx';
import { count, percent, wholeRubles } from '../format.ts';
import { useMovements, useOnboarding, useSegmentReport, useSettingsQuery } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { ruleWords } from '../rule-words.ts';
import { SegmentBars } from '../SegmentBars.tsx';
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
  const settings = useSettingsQuery();
  const movements = useMovements(7);
  // Shown when all four are in. The rules and the week's moves only add lines to the cards:
  // if they fail, those lines are left out; if the report fails, that is said with a retry.
  const waiting = !report.isError && [report, onboarding, settings, movements].some((q) => q.isPending);
  return (
    <section className="owner-screen" aria-labelledby="segments-title">
      <h1 id="segments-title">{t.segments.title}</h1>
      {waiting ? (
        <DashboardLoading />
      ) : (
        <QueryState query={report}>
          {(r) =>
            r.totalGuests === 0 && onboarding.data && !onboarding.data.hasGuests ? (
              <OnboardingCard steps={onboarding.data} />
            ) : (
              <>
                {onboarding.data?.tablets === 0 && <NoTabletNote />}
                <Dashboard segments={r.segments} total={r.totalGuests} rules={settings.data?.rules} week={weekChanges(movements.data)} />
              </>
            )
          }
        </QueryState>
      )}
    </section>
  );
}

/** Where the dashboard will be, as tall as it will be on a phone, until its answers are in. */
function DashboardLoading() {
  const t = useOwnerT();
  return (
    <div className="dashboard-loading" role="status">
      <span className="visually-hidden">{t.loading}</span>
    </div>
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

function Dashboard({
  segments,
  total,
  rules,
  week,
}: {
  segments: SegmentCount[];
  total: number;
  rules: CafeSettings['rules'] | undefined;
  week: Map<string, WeekChange>;
}) {
  const t = useOwnerT();
  const { locale, go } = useOwnerUi();
  return (
    <>
      <p className="muted">
        {t.segments.total}: <strong data-testid="total-guests">{count(total, locale)}</strong>
      </p>
      <SegmentBars title={t.segments.chart} locale={locale} bars={segments.map((s) => ({ id: s.id, label: s.name[locale], guests: s.guests }))} />
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
