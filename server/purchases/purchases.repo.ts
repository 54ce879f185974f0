/**
 * Purchases and voids, and the per-guest aggregates that must move with them. Each
 * function here changes purchases and guest_stats in one statement or within the caller's
 * transaction, so a reader never sees a purchase without its effect on the stats (or the
 * reverse) — the café's recent window (0004_owner.sql) and tier window (0007_loyalty.sql)
 * included. Every sum is of paid money (amount − discount − points, the `paid` column).
 * Inserting is idempotent by purchase id: a repeated id is skipped, not counted.
 */
import type { CafeId, GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { Sql } from '../db/db.ts';

export interface NewPurchase {
  id: PurchaseId;
  guestId: GuestId;
  purchasedAt: Date;
  /** The check before any benefit. */
  amount: Kopecks;
  /** What a promotion took off (none: 0). */
  discount?: Kopecks;
  /** Bonus points spent on it, one per ruble (none: 0). */
  pointsRedeemed?: number;
  promotionId?: string | null;
  /** The points the server credits for it (its bonus ledger holds the same accrual entry). */
  pointsAccrued?: number;
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

/** The stored purchases among these ids, as their identity: whose, when, how much. */
export async function storedPurchaseFacts(
  tx: Sql,
  ids: readonly PurchaseId[],
): Promise<Map<PurchaseId, { guestId: GuestId; purchasedAt: Date; amount: number; discount: number; pointsRedeemed: number }>> {
  const rows = await tx.query<{
    id: PurchaseId;
    guest_id: GuestId;
    purchased_at: Date;
    amount: string | number;
    discount: string | number;
    points_redeemed: number;
  }>('SELECT id, guest_id, purchased_at, amount, discount, points_redeemed FROM purchases WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(
    rows.map((r) => [
      r.id,
      { guestId: r.guest_id, purchasedAt: new Date(r.purchased_at), amount: Number(r.amount), discount: Number(r.discount), pointsRedeemed: r.points_redeemed },
    ]),
  );
}

/**
 * Inserts the purchases not already stored and adds them to their guests' stats; returns
 * how many were new. A batch naming a guest of no (or another) café inserts nothing and
 * throws UnknownGuestError: the check and the insert are one statement.
 */
export async function recordPurchases(tx: Sql, cafeId: CafeId, purchases: readonly NewPurchase[]): Promise<number> {
  return (await insertPurchases(tx, cafeId, purchases)).length;
}

/** As recordPurchases, returning the ids of the purchases that were new (a retried one is not). */
export async function insertPurchases(tx: Sql, cafeId: CafeId, purchases: readonly NewPurchase[]): Promise<PurchaseId[]> {
  if (purchases.length === 0) return [];
  const rows = await tx.query<{ inserted: string[] | null; unknown_guests: number }>(
    `WITH p AS (
       SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::bigint[], $6::text[], $7::uuid[], $8::boolean[], $9::bigint[], $10::int[], $11::uuid[], $12::int[])
            AS p (id, guest_id, purchased_at, amount, source, device_id, clock_flagged, discount, points_redeemed, promotion_id, points_accrued)
     ), unknown AS (
       SELECT count(*)::int AS n FROM (SELECT DISTINCT guest_id FROM p) d
       WHERE NOT EXISTS (SELECT 1 FROM guests g WHERE g.id = d.guest_id AND g.cafe_id = $1)
     ), ins AS (
       -- A use of a promotion takes a change number: tablets pull it (server/promotions/uses.pull.ts).
       INSERT INTO purchases (id, cafe_id, guest_id, purchased_at, amount, source, device_id, clock_flagged, discount, points_redeemed, promotion_id, points_accrued, version)
       SELECT p.id, $1, p.guest_id, p.purchased_at, p.amount, p.source, p.device_id, p.clock_flagged, p.discount, p.points_redeemed, p.promotion_id, p.points_accrued,
              CASE WHEN p.promotion_id IS NOT NULL THEN nextval('change_seq') END
       FROM p WHERE (SELECT n FROM unknown) = 0
       ON CONFLICT (id) DO NOTHING
       RETURNING id, guest_id, purchased_at, paid
     ), w AS (
       SELECT recent_from, recent_to, coalesce(tier_from, '-infinity') AS tier_from FROM cafes WHERE id = $1
     ), agg AS (
       SELECT guest_id, count(*)::int AS n, min(purchased_at) AS first_at, max(purchased_at) AS last_at, sum(paid)::bigint AS spend,
              count(*) FILTER (WHERE purchased_at >= w.recent_from AND purchased_at < w.recent_to)::int AS recent_n,
              coalesce(sum(paid) FILTER (WHERE purchased_at >= w.recent_from AND purchased_at < w.recent_to), 0)::bigint AS recent_spend,
              coalesce(sum(paid) FILTER (WHERE purchased_at >= w.tier_from), 0)::bigint AS tier_spend
       FROM ins, w GROUP BY guest_id
     ), upd AS (
       UPDATE guest_stats s
       SET purchase_count = s.purchase_count + agg.n,
           first_purchase_at = LEAST(s.first_purchase_at, agg.first_at),
           last_purchase_at = GREATEST(s.last_purchase_at, agg.last_at),
           total_spend = s.total_spend + agg.spend,
           recent_count = s.recent_count + agg.recent_n,
           recent_spend = s.recent_spend + agg.recent_spend,
           tier_spend = s.tier_spend + agg.tier_spend
       FROM agg WHERE s.guest_id = agg.guest_id
       RETURNING 1
     ), bump AS (
       -- Tablets pull guests whose stats changed: a new version puts them after every cursor.
       UPDATE guests g SET version = nextval('change_seq') FROM agg WHERE g.id = agg.guest_id
       RETURNING 1
     )
     SELECT (SELECT array_agg(id) FROM ins) AS inserted, (SELECT n FROM unknown) AS unknown_guests`,
    [
      cafeId,
      purchases.map((p) => p.id),
      purchases.map((p) => p.guestId),
      purchases.map((p) => p.purchasedAt.toISOString()),
      purchases.map((p) => p.amount),
      purchases.map((p) => p.source),
      purchases.map((p) => p.deviceId ?? null),
      purchases.map((p) => p.clockFlagged ?? false),
      purchases.map((p) => p.discount ?? 0),
      purchases.map((p) => p.pointsRedeemed ?? 0),
      purchases.map((p) => p.promotionId ?? null),
      purchases.map((p) => p.pointsAccrued ?? 0),
    ],
  );
  if (rows[0]!.unknown_guests > 0) throw new UnknownGuestError(rows[0]!.unknown_guests);
  return (rows[0]!.inserted ?? []) as PurchaseId[];
}

/** Voids a purchase once (a repeat is a no-op), recording the tablet that voided it, and recomputes its guest's stats; false if unknown. */
export async function voidPurchase(tx: Sql, purchaseId: PurchaseId, voidedAt: Date, reason: string, deviceId: string | null = null): Promise<boolean> {
  const found = await tx.query<{ guest_id: string }>('SELECT guest_id FROM purchases WHERE id = $1', [purchaseId]);
  if (!found[0]) return false;
  await tx.query('INSERT INTO purchase_voids (purchase_id, voided_at, reason, guest_id, device_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
    purchaseId,
    voidedAt.toISOString(),
    reason,
    found[0].guest_id,
    deviceId,
  ]);
  await recomputeStats(tx, [found[0].guest_id as GuestId]);
  return true;
}

/** Rebuilds guests' aggregates (lifetime, recent and tier windows) from their non-voided purchases (after a void, min and max cannot be decremented). */
export async function recomputeStats(tx: Sql, guestIds: readonly GuestId[]): Promise<void> {
  await tx.query(
    `UPDATE guest_stats s
     SET purchase_count = a.n, first_purchase_at = a.first_at, last_purchase_at = a.last_at, total_spend = a.spend,
         recent_count = a.recent_n, recent_spend = a.recent_spend, tier_spend = a.tier_spend
     FROM (
       SELECT g.id AS guest_id, count(p.id)::int AS n, min(p.purchased_at) AS first_at, max(p.purchased_at) AS last_at,
              coalesce(sum(p.paid), 0)::bigint AS spend,
              count(p.id) FILTER (WHERE p.purchased_at >= c.recent_from AND p.purchased_at < c.recent_to)::int AS recent_n,
              coalesce(sum(p.paid) FILTER (WHERE p.purchased_at >= c.recent_from AND p.purchased_at < c.recent_to), 0)::bigint AS recent_spend,
              coalesce(sum(p.paid) FILTER (WHERE p.purchased_at >= coalesce(c.tier_from, '-infinity')), 0)::bigint AS tier_spend
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
       SELECT guest_id, count(*)::int AS n, sum(paid)::bigint AS spend FROM purchases p
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

/**
 * Moves the café's tier window to start at `from` — the loyalty job gives the first instant of
 * the café day 364 days before today — taking out of each guest's tier spend the paid money of
 * the purchases it leaves behind (one day's purchases, on a normal day). A window that would
 * move back (a new zone, a clock set back) or was never set is summed again whole. The café's
 * lock is the caller's to hold. Returns the guests whose tier spend changed.
 */
export async function moveTierWindow(tx: Sql, cafeId: CafeId, from: Date): Promise<GuestId[]> {
  const [w] = await tx.query<{ tier_from: Date | null }>('SELECT tier_from FROM cafes WHERE id = $1', [cafeId]);
  const was = w?.tier_from ?? null;
  if (was?.getTime() === from.getTime()) return [];
  const changed =
    was !== null && was < from
      ? await tx.query<{ guest_id: string }>(
          `WITH a AS (
             SELECT guest_id, sum(paid)::bigint AS spend FROM purchases p
             WHERE p.cafe_id = $1 AND p.purchased_at >= $2 AND p.purchased_at < $3 AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)
             GROUP BY guest_id
           )
           UPDATE guest_stats s SET tier_spend = s.tier_spend - a.spend FROM a WHERE s.guest_id = a.guest_id AND a.spend <> 0
           RETURNING s.guest_id`,
          [cafeId, was.toISOString(), from.toISOString()],
        )
      : await tx.query<{ guest_id: string }>(
          `WITH a AS (
             SELECT s.guest_id, coalesce(sum(p.paid), 0)::bigint AS spend FROM guest_stats s
             LEFT JOIN purchases p ON p.guest_id = s.guest_id AND p.purchased_at >= $2
                  AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)
             WHERE s.cafe_id = $1 GROUP BY s.guest_id
           )
           UPDATE guest_stats s SET tier_spend = a.spend FROM a WHERE s.guest_id = a.guest_id AND s.tier_spend <> a.spend
           RETURNING s.guest_id`,
          [cafeId, from.toISOString()],
        );
  const ids = changed.map((r) => r.guest_id as GuestId);
  for (let i = 0; i < ids.length; i += 10_000) {
    await tx.query("UPDATE guests SET version = nextval('change_seq') WHERE id = ANY($1::uuid[])", [ids.slice(i, i + 10_000)]);
  }
  await tx.query('UPDATE cafes SET tier_from = $2 WHERE id = $1', [cafeId, from.toISOString()]);
  return ids;
}
