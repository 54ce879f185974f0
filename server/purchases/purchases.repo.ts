/**
 * Purchases and voids, and the per-guest aggregates that must move with them. Each
 * function here changes purchases and guest_stats in one statement or within the caller's
 * transaction, so a reader never sees a purchase without its effect on the stats (or the
 * reverse) — the café's recent window (0004_owner.sql) included. Inserting is idempotent by purchase id: a repeated id is skipped, not counted.
 */
import type { CafeId, GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { Sql } from '../db/db.ts';

export interface NewPurchase {
  id: PurchaseId;
  guestId: GuestId;
  purchasedAt: Date;
  amount: Kopecks;
  source: string;
  deviceId?: string | null;
  /** The device's clock was far ahead of the server's when it arrived. */
  clockFlagged?: boolean;
}

export class UnknownGuestError extends Error {
  constructor(readonly count: number) {
    super(`${count} guest(s) named by purchases are not this café's`);
  }
}

/**
 * Inserts the purchases not already stored and adds them to their guests' stats; returns
 * how many were new. A batch naming a guest of no (or another) café inserts nothing and
 * throws UnknownGuestError: the check and the insert are one statement.
 */
export async function recordPurchases(tx: Sql, cafeId: CafeId, purchases: readonly NewPurchase[]): Promise<number> {
  if (purchases.length === 0) return 0;
  const rows = await tx.query<{ inserted: number; unknown_guests: number }>(
    `WITH p AS (
       SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::bigint[], $6::text[], $7::uuid[], $8::boolean[])
            AS p (id, guest_id, purchased_at, amount, source, device_id, clock_flagged)
     ), unknown AS (
       SELECT count(*)::int AS n FROM (SELECT DISTINCT guest_id FROM p) d
       WHERE NOT EXISTS (SELECT 1 FROM guests g WHERE g.id = d.guest_id AND g.cafe_id = $1)
     ), ins AS (
       INSERT INTO purchases (id, cafe_id, guest_id, purchased_at, amount, source, device_id, clock_flagged)
       SELECT p.id, $1, p.guest_id, p.purchased_at, p.amount, p.source, p.device_id, p.clock_flagged FROM p WHERE (SELECT n FROM unknown) = 0
       ON CONFLICT (id) DO NOTHING
       RETURNING guest_id, purchased_at, amount
     ), w AS (
       SELECT recent_from, recent_to FROM cafes WHERE id = $1
     ), agg AS (
       SELECT guest_id, count(*)::int AS n, min(purchased_at) AS first_at, max(purchased_at) AS last_at, sum(amount)::bigint AS spend,
              count(*) FILTER (WHERE purchased_at >= w.recent_from AND purchased_at < w.recent_to)::int AS recent_n,
              coalesce(sum(amount) FILTER (WHERE purchased_at >= w.recent_from AND purchased_at < w.recent_to), 0)::bigint AS recent_spend
       FROM ins, w GROUP BY guest_id
     ), upd AS (
       UPDATE guest_stats s
       SET purchase_count = s.purchase_count + agg.n,
           first_purchase_at = LEAST(s.first_purchase_at, agg.first_at),
           last_purchase_at = GREATEST(s.last_purchase_at, agg.last_at),
           total_spend = s.total_spend + agg.spend,
           recent_count = s.recent_count + agg.recent_n,
           recent_spend = s.recent_spend + agg.recent_spend
       FROM agg WHERE s.guest_id = agg.guest_id
       RETURNING 1
     ), bump AS (
       -- Tablets pull guests whose stats changed: a new version puts them after every cursor.
       UPDATE guests g SET version = nextval('change_seq') FROM agg WHERE g.id = agg.guest_id
       RETURNING 1
     )
     SELECT (SELECT count(*)::int FROM ins) AS inserted, (SELECT n FROM unknown) AS unknown_guests`,
    [
      cafeId,
      purchases.map((p) => p.id),
      purchases.map((p) => p.guestId),
      purchases.map((p) => p.purchasedAt.toISOString()),
      purchases.map((p) => p.amount),
      purchases.map((p) => p.source),
      purchases.map((p) => p.deviceId ?? null),
      purchases.map((p) => p.clockFlagged ?? false),
    ],
  );
  if (rows[0]!.unknown_guests > 0) throw new UnknownGuestError(rows[0]!.unknown_guests);
  return rows[0]!.inserted;
}

/** Voids a purchase once (a repeat is a no-op) and recomputes its guest's stats; false if unknown. */
export async function voidPurchase(tx: Sql, purchaseId: PurchaseId, voidedAt: Date, reason: string): Promise<boolean> {
  const found = await tx.query<{ guest_id: string }>('SELECT guest_id FROM purchases WHERE id = $1', [purchaseId]);
  if (!found[0]) return false;
  await tx.query('INSERT INTO purchase_voids (purchase_id, voided_at, reason, guest_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
    purchaseId,
    voidedAt.toISOString(),
    reason,
    found[0].guest_id,
  ]);
  await recomputeStats(tx, [found[0].guest_id as GuestId]);
  return true;
}

/** Rebuilds guests' aggregates (lifetime and recent window) from their non-voided purchases (after a void, min and max cannot be decremented). */
export async function recomputeStats(tx: Sql, guestIds: readonly GuestId[]): Promise<void> {
  await tx.query(
    `UPDATE guest_stats s
     SET purchase_count = a.n, first_purchase_at = a.first_at, last_purchase_at = a.last_at, total_spend = a.spend,
         recent_count = a.recent_n, recent_spend = a.recent_spend
     FROM (
       SELECT g.id AS guest_id, count(p.id)::int AS n, min(p.purchased_at) AS first_at, max(p.purchased_at) AS last_at,
              coalesce(sum(p.amount), 0)::bigint AS spend,
              count(p.id) FILTER (WHERE p.purchased_at >= c.recent_from AND p.purchased_at < c.recent_to)::int AS recent_n,
              coalesce(sum(p.amount) FILTER (WHERE p.purchased_at >= c.recent_from AND p.purchased_at < c.recent_to), 0)::bigint AS recent_spend
       FROM unnest($1::uuid[]) AS g (id)
       JOIN guest_stats gs ON gs.guest_id = g.id
       JOIN cafes c ON c.id = gs.cafe_id
       LEFT JOIN purchases p ON p.guest_id = g.id AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)
       GROUP BY g.id
     ) a
     WHERE s.guest_id = a.guest_id`,
    [guestIds],
  );
  await tx.query("UPDATE guests SET version = nextval('change_seq') WHERE id = ANY($1::uuid[])", [guestIds]);
}

/**
 * Moves the café's recent window to [from, to) — the daily job gives the 30 café days ending
 * today — and recomputes every guest's totals in it (the café's lock is the caller's to hold).
 */
export async function moveRecentWindow(tx: Sql, cafeId: CafeId, from: Date, to: Date): Promise<void> {
  await tx.query(
    `WITH a AS (
       SELECT guest_id, count(*)::int AS n, sum(amount)::bigint AS spend FROM purchases p
       WHERE p.cafe_id = $1 AND p.purchased_at >= $2 AND p.purchased_at < $3 AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)
       GROUP BY guest_id
     ), gone AS (
       UPDATE guest_stats s SET recent_count = 0, recent_spend = 0
       WHERE s.cafe_id = $1 AND s.recent_count <> 0 AND NOT EXISTS (SELECT 1 FROM a WHERE a.guest_id = s.guest_id)
     )
     UPDATE guest_stats s SET recent_count = a.n, recent_spend = a.spend
     FROM a WHERE s.guest_id = a.guest_id AND (s.recent_count <> a.n OR s.recent_spend <> a.spend)`,
    [cafeId, from.toISOString(), to.toISOString()],
  );
  await tx.query('UPDATE cafes SET recent_from = $2, recent_to = $3 WHERE id = $1', [cafeId, from.toISOString(), to.toISOString()]);
}
