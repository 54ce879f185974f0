/**
 * "Did it work?" for one mailing or one scenario, from its queue rows: what became of the
 * messages (sent, failed, skipped by reason, held out) and, by intention to treat, whether
 * the guests assigned to get it came back within 14 café days more often than the held-out
 * ones, with their paid revenue (shared/mailings/uplift.ts decides the interval, the exact
 * test and the verdict, including "too small to tell").
 *
 * A guest's reference instant is when their message went (a sent row), else when it was
 * due (held out, skipped, failed: when it would have gone).
 */
import type { DeliveryReport, StatusCounts } from '../../shared/api/mailings.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { compareGroups, outcomeOf, RETURN_WINDOW_DAYS, tally } from '../../shared/mailings/uplift.ts';
import type { Cafe } from '../cafe/cafes.repo.ts';
import type { Sql } from '../db/db.ts';

/** Paid money (amount − discount − points redeemed), the generated column every report counts. */
export const PAID_SQL = 'r.paid';

export type ReportOf = { mailingId: string } | { scenarioId: string };

/** A mailing's rows by their keys' prefix on the primary key ('mailing:<id>:' … 'mailing:<id>;'); a scenario's by its index. */
const whereOf = (of: ReportOf) => ('mailingId' in of ? `key >= $2 || ':' AND key < $2 || ';'` : 'scenario_id = $2');
const idOf = (of: ReportOf) => ('mailingId' in of ? `mailing:${of.mailingId}` : of.scenarioId);

export async function statusCounts(sql: Sql, cafeId: string, of: ReportOf): Promise<StatusCounts> {
  const rows = await sql.query<{ status: string; reason: string | null; n: number }>(
    `SELECT status, reason, count(*)::int AS n FROM message_queue WHERE cafe_id = $1 AND ${whereOf(of)} GROUP BY status, reason`,
    [cafeId, idOf(of)],
  );
  return countsFrom(rows);
}

export function countsFrom(rows: readonly { status: string; reason: string | null; n: number }[]): StatusCounts {
  const out: StatusCounts = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: {}, heldOut: 0 };
  for (const r of rows) {
    if (r.status === 'skipped') out.skipped[r.reason ?? 'other'] = (out.skipped[r.reason ?? 'other'] ?? 0) + r.n;
    else if (r.status === 'held-out') out.heldOut += r.n;
    else if (r.status === 'queued' || r.status === 'sending' || r.status === 'sent' || r.status === 'failed') out[r.status] += r.n;
  }
  return out;
}

export async function deliveryReport(sql: Sql, cafe: Cafe, of: ReportOf): Promise<DeliveryReport> {
  const status = await statusCounts(sql, cafe.id, of);
  const failures = await sql.query<{ error: string; count: number }>(
    `SELECT COALESCE(last_error, '') AS error, count(*)::int AS count FROM message_queue
     WHERE cafe_id = $1 AND ${whereOf(of)} AND status = 'failed' GROUP BY 1 ORDER BY 2 DESC LIMIT 5`,
    [cafe.id, idOf(of)],
  );
  const assigned = await sql.query<{ guest_id: string; held_out: boolean; ref: Date }>(
    `SELECT guest_id, status = 'held-out' AS held_out, CASE WHEN status = 'sent' THEN done_at ELSE due_at END AS ref
     FROM message_queue WHERE cafe_id = $1 AND ${whereOf(of)}`,
    [cafe.id, idOf(of)],
  );
  // Every purchase that could fall in a window (a café's 14 days are at most 14 × 25 hours).
  const purchases = await sql.query<{ guest_id: string; at: Date; paid: number }>(
    `WITH a AS (SELECT guest_id, CASE WHEN status = 'sent' THEN done_at ELSE due_at END AS ref FROM message_queue WHERE cafe_id = $1 AND ${whereOf(of)})
     SELECT r.guest_id, r.purchased_at AS at, ${PAID_SQL} AS paid FROM purchases r JOIN a ON a.guest_id = r.guest_id
     WHERE r.cafe_id = $1 AND r.purchased_at > a.ref AND r.purchased_at < a.ref + interval '${RETURN_WINDOW_DAYS + 2} days'
       AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = r.id)`,
    [cafe.id, idOf(of)],
  );
  const byGuest = new Map<string, { at: Date; paid: Kopecks }[]>();
  for (const p of purchases) {
    const list = byGuest.get(p.guest_id) ?? [];
    list.push({ at: p.at, paid: Number(p.paid) as Kopecks });
    byGuest.set(p.guest_id, list);
  }
  const outcomes = (heldOut: boolean) =>
    assigned.filter((a) => a.held_out === heldOut).map((a) => outcomeOf(a.ref, byGuest.get(a.guest_id as GuestId) ?? [], cafe.timeZone));
  const u = compareGroups(tally(outcomes(false)), tally(outcomes(true)));
  const group = (g: typeof u.recipients) => ({ guests: g.guests, returned: g.returned, revenue: g.revenue, rate: g.rate, revenuePerGuest: g.revenuePerGuest });
  return {
    status,
    failures,
    uplift: {
      windowDays: RETURN_WINDOW_DAYS,
      recipients: group(u.recipients),
      holdout: group(u.holdout),
      difference: u.difference,
      interval: u.interval,
      pValue: u.pValue,
      extraRevenue: u.extraRevenue,
      verdict: u.verdict,
    },
  };
}
