/**
 * Segments on the server, always as of a moment: counts per segment for reports, each
 * guest's segment for lists and the CLI, and the movements recorded in segment_history.
 * The database only sorts guests into cells (segment-sql.ts); the shared classifier names
 * each cell's segment, so the tablet and the server cannot disagree about a rule.
 */
import { lastCafeDays, localDateOf } from '../../shared/domain/calendar.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import { classifyCell } from '../../shared/segments/cells.ts';
import { segmentIds, segmentNames, type MetricId, type RuleSet, type SegmentId } from '../../shared/segments/rules.ts';
import type { SegmentReport } from '../../shared/api/reports.ts';
import type { Db, Sql } from '../db/db.ts';
import type { Cafe } from '../cafe/cafes.repo.ts';
import { bucketSql, Params, statsAsOfSql, type BucketSql } from './segment-sql.ts';

export const RECENT_DAYS = 30;

/** Hash aggregation over few groups; the planner cannot tell the groups are few. JIT costs more than it saves here. */
export async function withReportSettings<T>(db: Db, fn: (tx: Sql) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // One snapshot for the whole report: the daily job may move the recent window meanwhile.
    if (db.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await tx.exec('SET LOCAL enable_sort = off; SET LOCAL jit = off');
    return fn(tx);
  });
}

/** True when the live aggregates already are the stats as of `asOf` (no purchase after it). */
export async function liveStatsHold(tx: Sql, cafe: Cafe, asOf: Date): Promise<boolean> {
  const rows = await tx.query<{ later: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM guest_stats WHERE cafe_id = $1 AND last_purchase_at > $2::timestamptz) AS later',
    [cafe.id, asOf.toISOString()],
  );
  return !rows[0]!.later;
}

interface CellQuery {
  sql: string;
  params: unknown[];
  buckets: BucketSql;
}

export function cellSelect(
  cafe: Cafe,
  asOf: Date,
  live: boolean,
  shape: (bucketColumns: string, stats: string, b: BucketSql, params: Params, p: { cafe: string; asOf: string }) => string,
): CellQuery {
  const params = new Params();
  const cafeP = params.add(cafe.id);
  const asOfP = params.add(asOf.toISOString());
  const buckets = bucketSql(cafe.rules, localDateOf(asOf, cafe.timeZone), cafe.timeZone, params);
  const columns = buckets.expressions.map((e, i) => `${e} AS b${i}`).join(', ');
  const sql = shape(columns, statsAsOfSql(cafeP, asOfP, live), buckets, params, { cafe: cafeP, asOf: asOfP });
  return { sql, params: params.values, buckets };
}

/**
 * Names cells, remembering each: a report has few distinct cells, a guest list repeats them.
 * A row holds the cell's buckets as `${prefix}0`, `${prefix}1`, … (cellSelect's are `b`).
 */
export function cellNamer(rules: RuleSet, b: BucketSql, prefix = 'b'): (row: Record<string, unknown>) => SegmentId {
  const memo = new Map<string, SegmentId>();
  return (row) => {
    const key = b.metrics.map((_, i) => row[`${prefix}${i}`]).join(',');
    let segment = memo.get(key);
    if (segment === undefined) {
      const buckets = new Map<MetricId, number>(b.metrics.map((m, i) => [m, Number(row[`${prefix}${i}`])]));
      segment = classifyCell(rules, b.cuts, buckets);
      memo.set(key, segment);
    }
    return segment;
  };
}

/**
 * A guest's segment changes only when they are written to (a purchase, a void, a merge, a
 * registration) or when the café's day turns: every metric counts whole café days. Every
 * write records the segments of the guests it touched (recordSegmentChanges), the daily job
 * records everyone's at the day's start, and a change of rules re-records all. So once the
 * job has run for the report's day, and nothing — no purchase, no registration — is later
 * than the report's moment, the recorded segments are exactly the classification as of that
 * moment, and counting them is one pass without a classifier. A test holds both ways equal.
 */
async function recordedSegmentsHold(tx: Sql, cafe: Cafe, asOf: Date): Promise<boolean> {
  const [r] = await tx.query<{ day: string | null; later: boolean }>(
    `SELECT last_resegment_day::text AS day,
            -- A guest with purchases registered later has one later too (liveStatsHold); the rest have none.
            EXISTS (SELECT 1 FROM guest_stats WHERE cafe_id = $1 AND last_purchase_at IS NULL AND registered_at > $2::timestamptz) AS later
     FROM cafes WHERE id = $1`,
    [cafe.id, asOf.toISOString()],
  );
  return !!r && r.day === localDateOf(asOf, cafe.timeZone) && !r.later;
}

export interface RecordedTotals {
  segment: string | null;
  guests: number;
  purchases: number;
  spend: number;
  recent_purchases: number;
  recent_spend: number;
}

/** Guests and their lifetime and recent totals per recorded segment (null: never recorded). */
export async function recordedSegmentTotals(tx: Sql, cafe: Cafe): Promise<RecordedTotals[]> {
  // PostgreSQL's default page costs assume spinning disks and pick a scan of the table over
  // guest_stats_segment_totals; on SSD storage reading the index alone is twice as fast.
  await tx.exec('SET LOCAL random_page_cost = 1.1');
  return tx.query<RecordedTotals>(
    `SELECT segment, count(*)::int AS guests, sum(purchase_count)::bigint AS purchases, sum(total_spend)::bigint AS spend,
            sum(recent_count)::bigint AS recent_purchases, sum(recent_spend)::bigint AS recent_spend
     FROM guest_stats WHERE cafe_id = $1 GROUP BY segment`,
    [cafe.id],
  );
}

export async function segmentReport(db: Db, cafe: Cafe, asOf: Date): Promise<SegmentReport> {
  const today = localDateOf(asOf, cafe.timeZone);
  const { from: recentFrom, to: windowEnd } = lastCafeDays(today, RECENT_DAYS, cafe.timeZone);
  const zero = () => ({ guests: 0, purchases: 0, spend: 0, recentPurchases: 0, recentSpend: 0 });
  const totals = new Map(segmentIds(cafe.rules).map((id) => [id, zero()]));
  let recentSource: SegmentReport['recentSource'] = 'purchases';
  let segmentSource: SegmentReport['segmentSource'] = 'cells';
  type Row = { guests: number; purchases: number; spend: number; recent_purchases: number; recent_spend: number };
  const add = (segment: SegmentId, row: Row) => {
    const t = totals.get(segment)!;
    t.guests += row.guests;
    t.purchases += Number(row.purchases);
    t.spend += Number(row.spend);
    t.recentPurchases += Number(row.recent_purchases);
    t.recentSpend += Number(row.recent_spend);
  };
  await withReportSettings(db, async (tx) => {
    const live = await liveStatsHold(tx, cafe, asOf);
    const [w] = await tx.query<{ recent_from: Date | null; recent_to: Date | null }>('SELECT recent_from, recent_to FROM cafes WHERE id = $1', [cafe.id]);
    // The kept window serves when it is exactly the report's 30 days, and no purchase is later than the report (see 0004_owner.sql).
    if (live && w?.recent_from?.getTime() === recentFrom.getTime() && w.recent_to?.getTime() === windowEnd.getTime()) recentSource = 'window';
    if (recentSource === 'window' && (await recordedSegmentsHold(tx, cafe, asOf))) {
      const rows = await recordedSegmentTotals(tx, cafe);
      // A guest never recorded, or recorded under other rules, sends the report the long way.
      if (rows.every((r) => r.segment !== null && totals.has(r.segment))) {
        segmentSource = 'recorded';
        for (const r of rows) add(r.segment!, r);
        return;
      }
    }
    // Grouped by cell: the guests with their lifetime totals and, when kept, their recent ones.
    // Otherwise the window's purchases are joined to their guests' cells in a second pass.
    const guests = cellSelect(cafe, asOf, live, (columns, stats, b) => {
      const groups = b.metrics.map((_, i) => `b${i}`).join(', ');
      const kept =
        recentSource === 'window'
          ? 'sum(recent_count)::bigint AS recent_purchases, sum(recent_spend)::bigint AS recent_spend'
          : '0 AS recent_purchases, 0 AS recent_spend';
      return `SELECT ${groups}, count(*)::int AS guests, sum(purchase_count)::bigint AS purchases, sum(total_spend)::bigint AS spend, ${kept}
              FROM (SELECT ${columns}, purchase_count, total_spend${recentSource === 'window' ? ', recent_count, recent_spend' : ''} FROM (${stats}) s) c
              GROUP BY ${groups}`;
    });
    const purchases = cellSelect(cafe, asOf, live, (columns, stats, b, params, p) => {
      const groups = b.metrics.map((_, i) => `b${i}`).join(', ');
      return `SELECT ${groups}, 0 AS guests, 0 AS purchases, 0 AS spend, count(*)::bigint AS recent_purchases, sum(r.paid)::bigint AS recent_spend
              FROM purchases r JOIN (SELECT ${columns}, guest_id FROM (${stats}) s) c ON c.guest_id = r.guest_id
              WHERE r.cafe_id = ${p.cafe} AND r.purchased_at >= ${params.add(recentFrom.toISOString())}::timestamptz
                AND r.purchased_at <= ${p.asOf}::timestamptz AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = r.id)
              GROUP BY ${groups}`;
    });
    const name = cellNamer(cafe.rules, guests.buckets);
    for (const q of recentSource === 'window' ? [guests] : [guests, purchases]) {
      for (const row of await tx.query<Row & Record<string, unknown>>(q.sql, q.params)) add(name(row), row);
    }
  });
  const totalGuests = [...totals.values()].reduce((n, t) => n + t.guests, 0);
  const perPurchase = (spend: number, n: number) => (n === 0 ? 0 : Math.round(spend / n));
  return {
    asOf: asOf.toISOString(),
    today,
    timeZone: cafe.timeZone,
    ruleSetId: cafe.rules.id,
    totalGuests,
    recentFrom: recentFrom.toISOString(),
    recentDays: RECENT_DAYS,
    recentSource,
    segmentSource,
    segments: [...totals].map(([id, t]) => ({
      id,
      name: segmentNames(cafe.rules, id),
      guests: t.guests,
      share: totalGuests === 0 ? 0 : t.guests / totalGuests,
      purchases: t.purchases,
      totalSpend: t.spend,
      averageCheck: perPurchase(t.spend, t.purchases),
      recentPurchases: t.recentPurchases,
      recentRevenue: t.recentSpend,
      recentAverageCheck: perPurchase(t.recentSpend, t.recentPurchases),
    })),
  };
}

export interface GuestSegment {
  guestId: GuestId;
  phone: E164Phone;
  segment: SegmentId;
}

/** Every guest's segment as of `asOf`, ordered by phone; guests deleted on request (no phone) are left out. */
export async function guestSegments(db: Db, cafe: Cafe, asOf: Date): Promise<GuestSegment[]> {
  return withReportSettings(db, async (tx) => {
    const live = await liveStatsHold(tx, cafe, asOf);
    const q = cellSelect(
      cafe,
      asOf,
      live,
      (columns, stats) =>
        `SELECT c.*, g.phone FROM (SELECT guest_id, ${columns} FROM (${stats}) s) c JOIN guests g ON g.id = c.guest_id WHERE g.phone IS NOT NULL ORDER BY g.phone`,
    );
    const name = cellNamer(cafe.rules, q.buckets);
    const rows = await tx.query<Record<string, unknown> & { guest_id: string; phone: string }>(q.sql, q.params);
    return rows.map((r) => ({ guestId: r.guest_id as GuestId, phone: r.phone as E164Phone, segment: name(r) }));
  });
}

export interface SegmentChange {
  guestId: GuestId;
  from: SegmentId | null;
  to: SegmentId;
}

/**
 * Appends to segment_history every guest whose segment at `now` differs from the one last
 * recorded, and records the new one. Running it again at the same moment changes nothing.
 * `kind` says why: the guest's own doing ('move'), or the owner's new rules ('rules').
 */
export async function recordSegmentChanges(
  tx: Sql,
  cafe: Cafe,
  now: Date,
  guestIds?: readonly GuestId[],
  kind: 'move' | 'rules' = 'move',
): Promise<SegmentChange[]> {
  const q = cellSelect(cafe, now, true, (columns, stats, _b, params) => {
    const only = guestIds ? ` WHERE s.guest_id = ANY(${params.add(guestIds)}::uuid[])` : '';
    return `SELECT s.guest_id, s.segment, ${columns} FROM (${stats}) s${only}`;
  });
  const name = cellNamer(cafe.rules, q.buckets);
  const changes: SegmentChange[] = [];
  for (const row of await tx.query<Record<string, unknown> & { guest_id: string; segment: string | null }>(q.sql, q.params)) {
    const to = name(row);
    if (to !== row.segment) changes.push({ guestId: row.guest_id as GuestId, from: row.segment, to });
  }
  for (let i = 0; i < changes.length; i += 10_000) {
    const chunk = changes.slice(i, i + 10_000);
    await tx.query(
      `WITH c AS (SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[]) AS c (guest_id, from_segment, to_segment)),
       h AS (INSERT INTO segment_history (cafe_id, guest_id, from_segment, to_segment, at, rule_set_id, kind)
             SELECT $1, guest_id, from_segment, to_segment, $5, $6, $7 FROM c),
       m AS (INSERT INTO segment_moves (cafe_id, hour, from_segment, to_segment, kind, rule_set_id, moves)
             SELECT $1, date_trunc('hour', $5::timestamptz), coalesce(from_segment, ''), to_segment, $7, $6, count(*) FROM c GROUP BY 3, 4
             ON CONFLICT (cafe_id, hour, from_segment, to_segment, kind, rule_set_id) DO UPDATE SET moves = segment_moves.moves + excluded.moves)
       UPDATE guest_stats s SET segment = c.to_segment FROM c WHERE s.guest_id = c.guest_id`,
      [cafe.id, chunk.map((c) => c.guestId), chunk.map((c) => c.from), chunk.map((c) => c.to), now.toISOString(), cafe.rules.id, kind],
    );
  }
  return changes;
}
