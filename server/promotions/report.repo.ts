/**
 * What one promotion brought (owner only): how often it was applied and to how many guests,
 * the discount given and the paid money of those purchases, the applications the server
 * flagged, and whether the guests who used it came more often while it ran than before.
 * Voided purchases count nowhere, as in every report; a flagged one still counts as applied
 * (the sale happened) and is counted again under `flagged`.
 *
 * "While it ran" is café days from its first day (its `starts`, or the day it was created) to
 * its last (its `ends`, the day it was ended, or today, whichever comes first); "before" is as
 * many café days just before that, so the two spans compare like for like.
 */
import type { PromotionReport } from '../../shared/api/promotions.ts';
import { addCalendarDays, calendarDaysBetween, type LocalDate, localDateOf, startOfLocalDay, type TimeZone } from '../../shared/domain/calendar.ts';
import type { CafeId } from '../../shared/domain/ids.ts';
import type { Sql } from '../db/db.ts';
import type { StoredPromotion } from './promotions.repo.ts';
import { promotionView } from './promotion-view.ts';

const NOT_VOIDED = 'NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)';

export async function promotionReport(sql: Sql, cafeId: CafeId, zone: TimeZone, promotion: StoredPromotion, now: Date): Promise<PromotionReport> {
  const params = [cafeId, promotion.id];
  const [totals] = await sql.query<{ applied: number; guests: number; discount: number; paid: number }>(
    `SELECT count(*)::int AS applied, count(DISTINCT guest_id)::int AS guests,
            coalesce(sum(discount), 0)::bigint AS discount, coalesce(sum(paid), 0)::bigint AS paid
     FROM purchases p WHERE cafe_id = $1 AND promotion_id = $2 AND ${NOT_VOIDED}`,
    params,
  );
  const flags = await sql.query<{ reason: string; n: number }>(
    `SELECT f.reason, count(*)::int AS n FROM promotion_flags f JOIN purchases p ON p.id = f.purchase_id
     WHERE f.cafe_id = $1 AND f.promotion_id = $2 AND ${NOT_VOIDED} GROUP BY f.reason ORDER BY f.reason`,
    params,
  );
  const { before, during } = spans(promotion, zone, now);
  const [visits] = await sql.query<{ before: number; during: number }>(
    `WITH users AS (SELECT DISTINCT guest_id FROM purchases p WHERE cafe_id = $1 AND promotion_id = $2 AND ${NOT_VOIDED})
     SELECT count(*) FILTER (WHERE p.purchased_at >= $3 AND p.purchased_at < $4)::int AS before,
            count(*) FILTER (WHERE p.purchased_at >= $4 AND p.purchased_at < $5)::int AS during
     FROM purchases p JOIN users u ON u.guest_id = p.guest_id WHERE p.cafe_id = $1 AND ${NOT_VOIDED}`,
    [
      ...params,
      startOfLocalDay(before.from, zone).toISOString(),
      startOfLocalDay(during.from, zone).toISOString(),
      startOfLocalDay(during.until, zone).toISOString(),
    ],
  );
  const flaggedByReason = Object.fromEntries(flags.map((f) => [f.reason, f.n]));
  return {
    promotion: promotionView(promotion),
    applied: totals!.applied,
    guests: totals!.guests,
    discount: Number(totals!.discount),
    paidRevenue: Number(totals!.paid),
    flagged: flags.reduce((n, f) => n + f.n, 0),
    flaggedByReason,
    visitsBefore: { from: before.from, to: addCalendarDays(before.until, -1), visits: visits!.before },
    visitsDuring: { from: during.from, to: addCalendarDays(during.until, -1), visits: visits!.during },
  };
}

/** Café days [from, until) while it ran, and as many just before. */
function spans(
  p: StoredPromotion,
  zone: TimeZone,
  now: Date,
): { before: { from: LocalDate; until: LocalDate }; during: { from: LocalDate; until: LocalDate } } {
  const created = localDateOf(p.createdAt, zone);
  const first = p.starts ?? created;
  const lastDays = [localDateOf(now, zone), ...(p.ends ? [p.ends] : []), ...(p.endedAt ? [localDateOf(p.endedAt, zone)] : [])];
  const last = lastDays.reduce((a, b) => (a < b ? a : b));
  // A promotion that has not begun yet (or ended before it began) ran for no day.
  const until = last < first ? first : addCalendarDays(last, 1);
  const days = calendarDaysBetween(first, until);
  return { before: { from: addCalendarDays(first, -days), until: first }, during: { from: first, until } };
}
