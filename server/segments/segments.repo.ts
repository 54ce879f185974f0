/**
 * Segments on the server, always as of a moment: counts per segment for reports, each
 * guest's segment for lists and the CLI, and the movements recorded in segment_history.
 * The database only sorts guests into cells (segment-sql.ts); the shared classifier names
 * each cell's segment, so the tablet and the server cannot disagree about a rule.
 */
import { localDateOf, type LocalDate } from '../../shared/domain/calendar.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import { classifyCell } from '../../shared/segments/cells.ts';
import { segmentIds, segmentName, type MetricId, type SegmentId } from '../../shared/segments/rules.ts';
import type { Db, Sql } from '../db/db.ts';
import type { Cafe } from '../repos/cafes.repo.ts';
import { bucketSql, Params, statsAsOfSql, type BucketSql } from './segment-sql.ts';

export interface SegmentCount {
  id: SegmentId;
  name: { ru: string; en: string };
  guests: number;
  /** Share of all guests, 0..1. */
  share: number;
  purchases: number;
  /** Lifetime spend of these guests as of the date, kopecks. */
  totalSpend: number;
  /** Kopecks per purchase; 0 when there are no purchases. */
  averageCheck: number;
}

export interface SegmentReport {
  asOf: string;
  today: LocalDate;
  timeZone: string;
  ruleSetId: string;
  totalGuests: number;
  segments: SegmentCount[];
}

/** Hash aggregation over few groups; the planner cannot tell the groups are few. JIT costs more than it saves here. */
async function withReportSettings<T>(db: Db, fn: (tx: Sql) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL enable_sort = off; SET LOCAL jit = off');
    return fn(tx);
  });
}

/** True when the live aggregates already are the stats as of `asOf` (no purchase after it). */
async function liveStatsHold(tx: Sql, cafe: Cafe, asOf: Date): Promise<boolean> {
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

function cellSelect(
  cafe: Cafe,
  asOf: Date,
  live: boolean,
  shape: (bucketColumns: string, stats: string, b: BucketSql, params: Params) => string,
): CellQuery {
  const params = new Params();
  const cafeP = params.add(cafe.id);
  const asOfP = params.add(asOf.toISOString());
  const buckets = bucketSql(cafe.rules, localDateOf(asOf, cafe.timeZone), cafe.timeZone, params);
  const columns = buckets.expressions.map((e, i) => `${e} AS b${i}`).join(', ');
  const sql = shape(columns, statsAsOfSql(cafeP, asOfP, live), buckets, params);
  return { sql, params: params.values, buckets };
}

/** Names cells, remembering each: a report has few distinct cells, a guest list repeats them. */
function cellNamer(cafe: Cafe, b: BucketSql): (row: Record<string, unknown>) => SegmentId {
  const memo = new Map<string, SegmentId>();
  return (row) => {
    const key = b.metrics.map((_, i) => row[`b${i}`]).join(',');
    let segment = memo.get(key);
    if (segment === undefined) {
      const buckets = new Map<MetricId, number>(b.metrics.map((m, i) => [m, Number(row[`b${i}`])]));
      segment = classifyCell(cafe.rules, b.cuts, buckets);
      memo.set(key, segment);
    }
    return segment;
  };
}

export async function segmentReport(db: Db, cafe: Cafe, asOf: Date): Promise<SegmentReport> {
  const totals = new Map<SegmentId, { guests: number; purchases: number; spend: number }>(
    segmentIds(cafe.rules).map((id) => [id, { guests: 0, purchases: 0, spend: 0 }]),
  );
  await withReportSettings(db, async (tx) => {
    const live = await liveStatsHold(tx, cafe, asOf);
    const q = cellSelect(cafe, asOf, live, (columns, stats, b) => {
      const groups = b.metrics.map((_, i) => `b${i}`).join(', ');
      return `SELECT ${groups}, count(*)::int AS guests, sum(purchase_count)::bigint AS purchases, sum(total_spend)::bigint AS spend
              FROM (SELECT ${columns}, purchase_count, total_spend FROM (${stats}) s) c GROUP BY ${groups}`;
    });
    const name = cellNamer(cafe, q.buckets);
    for (const row of await tx.query<Record<string, unknown> & { guests: number; purchases: number; spend: number }>(q.sql, q.params)) {
      const t = totals.get(name(row))!;
      t.guests += row.guests;
      t.purchases += Number(row.purchases);
      t.spend += Number(row.spend);
    }
  });
  const totalGuests = [...totals.values()].reduce((n, t) => n + t.guests, 0);
  return {
    asOf: asOf.toISOString(),
    today: localDateOf(asOf, cafe.timeZone),
    timeZone: cafe.timeZone,
    ruleSetId: cafe.rules.id,
    totalGuests,
    segments: [...totals].map(([id, t]) => ({
      id,
      name: { ru: segmentName(cafe.rules, id, 'ru'), en: segmentName(cafe.rules, id, 'en') },
      guests: t.guests,
      share: totalGuests === 0 ? 0 : t.guests / totalGuests,
      purchases: t.purchases,
      totalSpend: t.spend,
      averageCheck: t.purchases === 0 ? 0 : Math.round(t.spend / t.purchases),
    })),
  };
}

export interface GuestSegment {
  guestId: GuestId;
  phone: E164Phone;
  segment: SegmentId;
}

/** Every guest's segment as of `asOf`, ordered by phone. */
export async function guestSegments(db: Db, cafe: Cafe, asOf: Date): Promise<GuestSegment[]> {
  return withReportSettings(db, async (tx) => {
    const live = await liveStatsHold(tx, cafe, asOf);
    const q = cellSelect(cafe, asOf, live, (columns, stats) =>
      `SELECT c.*, g.phone FROM (SELECT guest_id, ${columns} FROM (${stats}) s) c JOIN guests g ON g.id = c.guest_id ORDER BY g.phone`,
    );
    const name = cellNamer(cafe, q.buckets);
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
 */
export async function recordSegmentChanges(tx: Sql, cafe: Cafe, now: Date, guestIds?: readonly GuestId[]): Promise<SegmentChange[]> {
  const q = cellSelect(cafe, now, true, (columns, stats, _b, params) => {
    const only = guestIds ? ` WHERE s.guest_id = ANY(${params.add(guestIds)}::uuid[])` : '';
    return `SELECT s.guest_id, s.segment, ${columns} FROM (${stats}) s${only}`;
  });
  const name = cellNamer(cafe, q.buckets);
  const changes: SegmentChange[] = [];
  for (const row of await tx.query<Record<string, unknown> & { guest_id: string; segment: string | null }>(q.sql, q.params)) {
    const to = name(row);
    if (to !== row.segment) changes.push({ guestId: row.guest_id as GuestId, from: row.segment, to });
  }
  for (let i = 0; i < changes.length; i += 10_000) {
    const chunk = changes.slice(i, i + 10_000);
    await tx.query(
      `WITH c AS (SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[]) AS c (guest_id, from_segment, to_segment)),
       h AS (INSERT INTO segment_history (cafe_id, guest_id, from_segment, to_segment, at, rule_set_id)
             SELECT $1, guest_id, from_segment, to_segment, $5, $6 FROM c)
       UPDATE guest_stats s SET segment = c.to_segment FROM c WHERE s.guest_id = c.guest_id`,
      [cafe.id, chunk.map((c) => c.guestId), chunk.map((c) => c.from), chunk.map((c) => c.to), now.toISOString(), cafe.rules.id],
    );
  }
  return changes;
}
