/**
 * What tablets pull of promotion uses, so a guest's 'once' or 'daily' limit holds across
 * tablets as far as a tablet can know (the server still flags what two offline tablets break).
 * Bounded to what a limit can reach: uses of promotions not ended with a 'once' limit (all of
 * them) or a 'daily' one (the last two days: today's café day in any zone, with a day's slack
 * for a tablet's clock behind the server's). A use is sent when stored after the cursor, and
 * every use in reach again when its promotion changed after the cursor (an edit may have just
 * made it limited, or moved its end); a void after the cursor of a use in reach is sent as
 * `voided`, for the tablet to forget it. A 'once' promotion can have a use per guest, so this
 * source ends a page as guests do.
 */
import type { PulledUse } from '../../shared/sync/protocol.ts';
import type { PullSource } from '../sync/pull-source.ts';

/** How far back a 'daily' limit's uses are sent. */
export const DAILY_REACH_MS = 2 * 86_400_000;

// A use in reach: its promotion is not ended and limited, a daily one's use recent enough.
const IN_REACH = `pr.status <> 'ended' AND (pr.definition->>'limit' = 'once' OR (pr.definition->>'limit' = 'daily' AND p.purchased_at >= $4))`;

export const usesSource: PullSource = {
  async latest(tx, cafeId) {
    return (await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM purchases WHERE cafe_id = $1 AND promotion_id IS NOT NULL', [cafeId]))[0]!.v;
  },
  async pageEnd(tx, cafeId, since, limit) {
    const rows = await tx.query<{ version: number }>(
      `SELECT version FROM purchases WHERE cafe_id = $1 AND promotion_id IS NOT NULL AND version > $2 ORDER BY version LIMIT 2 OFFSET $3`,
      [cafeId, since, limit - 1],
    );
    return rows.length === 2 ? Number(rows[0]!.version) : null;
  },
  async read({ tx, device, since, upto, now }) {
    const params = [device.cafeId, since, upto, new Date(now.getTime() - DAILY_REACH_MS).toISOString()];
    const standing = await tx.query<{ id: string; guest_id: string; promotion_id: string; purchased_at: Date }>(
      `SELECT p.id, p.guest_id, p.promotion_id, p.purchased_at
       FROM purchases p JOIN promotions pr ON pr.cafe_id = p.cafe_id AND pr.id = p.promotion_id
       WHERE p.cafe_id = $1 AND p.promotion_id IS NOT NULL AND p.version <= $3
         AND (p.version > $2 OR (pr.version > $2 AND pr.version <= $3)) AND ${IN_REACH}
         AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)
       ORDER BY p.version`,
      params,
    );
    const voided = await tx.query<{ id: string; guest_id: string; promotion_id: string; purchased_at: Date }>(
      `SELECT p.id, p.guest_id, p.promotion_id, p.purchased_at
       FROM purchase_voids v JOIN purchases p ON p.id = v.purchase_id JOIN promotions pr ON pr.cafe_id = p.cafe_id AND pr.id = p.promotion_id
       WHERE p.cafe_id = $1 AND v.version > $2 AND v.version <= $3 AND ${IN_REACH}`,
      params,
    );
    const use =
      (voided: boolean) =>
      (r: (typeof standing)[number]): PulledUse => ({
        purchaseId: r.id,
        guestId: r.guest_id,
        promotionId: r.promotion_id,
        usedAt: new Date(r.purchased_at).toISOString(),
        voided,
      });
    return { promotionUses: [...standing.map(use(false)), ...voided.map(use(true))] };
  },
};
