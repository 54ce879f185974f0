/**
 * SQL that puts every guest into a cell: one bucket number per metric the rule set uses,
 * found by comparing the metric with the rule set's thresholds (shared/segments/cells.ts).
 * Day counts are never computed per row: "last purchase ≤ 14 days ago" is turned once into
 * "last purchase at or after the start of local day today−14" (startOfLocalDay, DST-safe),
 * so the database compares plain timestamps. Each metric's SQL twins the TypeScript in
 * shared/segments/metrics.ts; a test runs both over the same guests on both back-ends.
 */
import { addCalendarDays, startOfLocalDay, type LocalDate, type TimeZone } from '../../shared/domain/calendar.ts';
import { metricCuts, type Cut, type MetricCuts } from '../../shared/segments/cells.ts';
import { DAYS_PER_MONTH } from '../../shared/segments/metrics.ts';
import type { MetricId, RuleSet } from '../../shared/segments/rules.ts';

/** Collects query parameters and hands out their `$n` placeholders. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Columns every stats relation provides: guest_stats, or stats derived as of a past moment. */
const LAST_ACTIVITY = 'COALESCE(last_purchase_at, registered_at)';
const FIRST_ACTIVITY = 'COALESCE(first_purchase_at, registered_at)';

export interface BucketSql {
  cuts: MetricCuts;
  metrics: MetricId[];
  /** One SQL expression per metric, in `metrics` order, each yielding its bucket number. */
  expressions: string[];
}

export function bucketSql(rules: RuleSet, today: LocalDate, zone: TimeZone, params: Params): BucketSql {
  const cuts = metricCuts(rules);
  const metrics = [...cuts.keys()];
  const expressions = metrics.map((metric) => {
    const passedSql = passedSqlFor(metric, today, zone, params);
    const axis = cuts.get(metric)!;
    const whens = axis.map((cut, i) => `WHEN NOT (${passedSql(cut)}) THEN ${i}`).join(' ');
    return `CASE ${whens} ELSE ${axis.length} END`;
  });
  return { cuts, metrics, expressions };
}

/** SQL that is true when the metric's value has passed the cut (see `passed` in cells.ts). */
function passedSqlFor(metric: MetricId, today: LocalDate, zone: TimeZone, params: Params): (cut: Cut) => string {
  const cmp = (cut: Cut) => (cut.inclusive ? '>=' : '>');
  // Whole-number metrics only have inclusive cuts (metricCuts normalises them).
  const daysAtLeast = (column: string) => (cut: Cut) =>
    `${column} < ${params.add(startOfLocalDay(addCalendarDays(today, 1 - cut.value), zone).toISOString())}::timestamptz`;
  switch (metric) {
    case 'daysSinceRegistration':
      return daysAtLeast('registered_at');
    case 'daysSinceLastPurchase':
      return daysAtLeast(LAST_ACTIVITY);
    case 'daysSinceFirstPurchase':
      return daysAtLeast(FIRST_ACTIVITY);
    case 'purchases':
      return (cut) => `purchase_count ${cmp(cut)} ${params.add(cut.value)}::bigint`;
    case 'totalSpend':
      return (cut) => `total_spend ${cmp(cut)} ${params.add(cut.value)}::bigint`;
    case 'averageCheck':
      return (cut) =>
        `(CASE WHEN purchase_count = 0 THEN 0::float8 ELSE total_spend::float8 / purchase_count END) ${cmp(cut)} ${params.add(cut.value)}::float8`;
    case 'visitsPerMonth': {
      const days = `(${params.add(today)}::date - (${FIRST_ACTIVITY} AT TIME ZONE ${params.add(zone)})::date)`;
      return (cut) => `((purchase_count * ${DAYS_PER_MONTH})::float8 / GREATEST(${DAYS_PER_MONTH}, ${days} + 1)) ${cmp(cut)} ${params.add(cut.value)}::float8`;
    }
  }
}

/**
 * The guests of a café as they stood at `asOf`, with the stats columns bucketSql reads.
 * When no purchase is later than `asOf` the live aggregates are exact and fast; otherwise
 * the stats are rebuilt from the purchases made up to `asOf`. Voided purchases never count:
 * a void corrects a mistake, so the purchase is treated as never made.
 */
export function statsAsOfSql(cafeIdParam: string, asOfParam: string, live: boolean): string {
  if (live) {
    return `SELECT guest_id, registered_at, purchase_count, first_purchase_at, last_purchase_at, total_spend, segment, recent_count, recent_spend
            FROM guest_stats WHERE cafe_id = ${cafeIdParam} AND registered_at <= ${asOfParam}::timestamptz`;
  }
  return `SELECT g.id AS guest_id, g.registered_at, count(p.id)::int AS purchase_count,
                 min(p.purchased_at) AS first_purchase_at, max(p.purchased_at) AS last_purchase_at,
                 coalesce(sum(p.paid), 0)::bigint AS total_spend, NULL::text AS segment
          FROM guests g
          LEFT JOIN purchases p ON p.guest_id = g.id AND p.purchased_at <= ${asOfParam}::timestamptz
               AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)
          WHERE g.cafe_id = ${cafeIdParam} AND g.registered_at <= ${asOfParam}::timestamptz
          GROUP BY g.id, g.registered_at`;
}
