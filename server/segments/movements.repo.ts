/**
 * How guests moved between segments, read from segment_moves: segment_history (every change
 * of a guest's recorded segment, appended by pushes, imports and the daily resegment job)
 * summed per hour, so a report reads a few thousand rows however large the café.
 * - movements over the last N café days: for each from → to pair, how many moves were made
 *   (a guest counts once per move: the same move twice within the period counts twice). Only the guests' own moves under the current rules count; the re-sorting an
 *   owner's rule change causes ('rules' rows) is not a guest moving.
 * - who made one of those moves (from → to over the last N café days): read from segment_history
 *   itself through its (cafe_id, at) index, each guest once, the latest movers first.
 * - the trend: segment sizes at the end of each of the last weeks. The recorded segments
 *   now are the sum of all history, so a past size is today's recorded size minus the
 *   changes made after that moment: only the window's history is read, never all of it.
 */
import { addCalendarDays, lastCafeDays, localDateOf, startOfLocalDay } from '../../shared/domain/calendar.ts';
import { segmentIds, segmentNames } from '../../shared/segments/rules.ts';
import { MOVEMENT_GUESTS_LIMIT, type MovementGuests, type MovementReport, type TrendPoint, type TrendReport } from '../../shared/api/reports.ts';
import { maskPhone, type E164Phone } from '../../shared/domain/phone.ts';
import type { Db } from '../db/db.ts';
import type { Cafe } from '../cafe/cafes.repo.ts';
import { recordedSegmentTotals, withReportSettings } from './segments.repo.ts';

const names = (cafe: Cafe) => segmentIds(cafe.rules).map((id) => ({ id, name: segmentNames(cafe.rules, id) }));

/** The first instant of the café day `days − 1` days before the day of `now`: "the last N days". */
export function periodStart(cafe: Cafe, now: Date, days: number): Date {
  return lastCafeDays(localDateOf(now, cafe.timeZone), days, cafe.timeZone).from;
}

export async function movementReport(db: Db, cafe: Cafe, now: Date, days: number): Promise<MovementReport> {
  const from = periodStart(cafe, now, days);
  const rows = await db.query<{ from_segment: string; to_segment: string; guests: number }>(
    `SELECT from_segment, to_segment, sum(moves)::int AS guests FROM segment_moves
     WHERE cafe_id = $1 AND kind = 'move' AND rule_set_id = $2 AND hour >= $3 AND hour <= $4
     GROUP BY from_segment, to_segment`,
    [cafe.id, cafe.rules.id, from.toISOString(), now.toISOString()],
  );
  const order = new Map(segmentIds(cafe.rules).map((id, i) => [id, i]));
  const rank = (id: string | null) => (id === null ? -1 : (order.get(id) ?? order.size));
  return {
    from: from.toISOString(),
    to: now.toISOString(),
    days,
    movements: rows
      .map((r) => ({ from: r.from_segment || null, to: r.to_segment, guests: r.guests }))
      .sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to)),
    segments: names(cafe),
  };
}

/** The guests who moved `from` → `to` (from null: guests new to the café) in the last `days` café days. */
export async function movementGuests(db: Db, cafe: Cafe, now: Date, days: number, from: string | null, to: string): Promise<MovementGuests> {
  const start = periodStart(cafe, now, days);
  const rows = await db.query<{
    id: string;
    phone: string | null;
    name: string | null;
    moved_at: Date;
    purchase_count: number;
    last_purchase_at: Date | null;
    total_spend: string | number;
    total: number;
  }>(
    `WITH moved AS (
       SELECT guest_id, max(at) AS moved_at FROM segment_history
       WHERE cafe_id = $1 AND kind = 'move' AND rule_set_id = $2 AND at >= $3 AND at <= $4
         AND from_segment IS NOT DISTINCT FROM $5::text AND to_segment = $6
       GROUP BY guest_id
     )
     SELECT g.id, g.phone, g.name, m.moved_at, s.purchase_count, s.last_purchase_at, s.total_spend, count(*) OVER ()::int AS total
     FROM moved m JOIN guests g ON g.id = m.guest_id JOIN guest_stats s ON s.guest_id = g.id
     ORDER BY m.moved_at DESC, g.id LIMIT $7`,
    [cafe.id, cafe.rules.id, start.toISOString(), now.toISOString(), from, to, MOVEMENT_GUESTS_LIMIT],
  );
  return {
    from,
    to,
    days,
    total: rows[0]?.total ?? 0,
    guests: rows.map((r) => ({
      id: r.id,
      name: r.name,
      phone: r.phone === null ? null : maskPhone(r.phone as E164Phone),
      movedAt: r.moved_at.toISOString(),
      visits: r.purchase_count,
      lastVisitAt: r.last_purchase_at?.toISOString() ?? null,
      totalSpend: Number(r.total_spend),
    })),
    segments: names(cafe),
  };
}

export async function trendReport(db: Db, cafe: Cafe, now: Date, weeks: number): Promise<TrendReport> {
  const zone = cafe.timeZone;
  const today = localDateOf(now, zone);
  const dates = Array.from({ length: weeks }, (_, k) => addCalendarDays(today, -7 * k));
  const oldestEnd = startOfLocalDay(addCalendarDays(dates.at(-1)!, 1), zone);
  // One snapshot: the recorded segments and the moves that led to them must agree.
  const [recorded, changes] = await withReportSettings(
    db,
    async (tx) =>
      [
        await recordedSegmentTotals(tx, cafe),
        await tx.query<{ day: string; from_segment: string; to_segment: string; n: number }>(
          `SELECT (hour AT TIME ZONE $3)::date::text AS day, from_segment, to_segment, sum(moves)::int AS n FROM segment_moves
       WHERE cafe_id = $1 AND hour >= $2 GROUP BY 1, 2, 3`,
          [cafe.id, oldestEnd.toISOString(), zone],
        ),
      ] as const,
  );
  const ids = segmentIds(cafe.rules);
  const size = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const r of recorded) if (r.segment !== null && size.has(r.segment)) size.set(r.segment, r.guests);
  // Undo, newest week first, the changes made after each point.
  const byDay = [...changes].sort((a, b) => (a.day < b.day ? 1 : -1));
  const points: TrendPoint[] = [];
  let next = 0;
  for (const [k, date] of dates.entries()) {
    while (next < byDay.length && byDay[next]!.day > date) {
      const c = byDay[next++]!;
      if (size.has(c.to_segment)) size.set(c.to_segment, size.get(c.to_segment)! - c.n);
      if (size.has(c.from_segment)) size.set(c.from_segment, size.get(c.from_segment)! + c.n);
    }
    const at = k === 0 ? now : startOfLocalDay(addCalendarDays(date, 1), zone);
    points.push({ at: at.toISOString(), date, sizes: Object.fromEntries(size) });
  }
  return { points: points.reverse(), segments: names(cafe) };
}
