/**
 * The server's authority over promotions applied at the counter (DESIGN.md: "The server
 * re-checks every applied promotion and flags (never drops) a purchase whose promotion it finds
 * the guest was not eligible for"). After a push writes its purchases, each one naming a
 * promotion is judged again by the same pure rule the tablet used (shared/promotions/
 * eligibility.ts), from the server's own view: the promotion as it stood at the purchase, the
 * guest's segment from every tablet's purchases before it, the café's zone, and the guest's
 * uses of the promotion from every tablet, and for a personal promotion the guest's grant (a
 * use by a guest never granted it is flagged 'not-granted'; the discount is judged against
 * the benefit sized for them). An ineligible one stays as the tablet recorded it and
 * gets a row in promotion_flags for the owner.
 *
 * Two offline tablets can break a per-guest limit in either upload order, so whenever a use
 * arrives the guest's later uses of that promotion are judged again too: the later use is the
 * one flagged, whichever tablet pushed first. Flags are only added: a retried push, or a later
 * look at the same purchase, never removes or doubles one.
 */
import type { CafeId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { localDateOf } from '../../shared/domain/calendar.ts';
import { classifyGuest } from '../../shared/segments/classify.ts';
import { discountFor } from '../../shared/promotions/benefit.ts';
import { eligibility, type IneligibleReason } from '../../shared/promotions/eligibility.ts';
import { forGuest, type Grants } from '../../shared/promotions/personal.ts';
import type { Promotion, PromotionStatus } from '../../shared/promotions/promotion.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import type { Sql } from '../db/db.ts';
import type { Applier } from '../sync/applier.ts';
import { grantsOf } from './grants.repo.ts';
import { promotionById, type StoredPromotion } from './promotions.repo.ts';

export type FlagReason = IneligibleReason | 'unknown-promotion' | 'discount-too-large';

/** Runs the purchases' applier, then re-checks what it wrote in the same transaction. */
export function withPromotionCheck(inner: Applier<'purchase.record'>): Applier<'purchase.record'> {
  return {
    async apply(ctx, run) {
      await inner.apply(ctx, run);
      const named = run.filter((e) => e.mutation.promotionId).map((e) => e.mutation.purchaseId);
      if (named.length > 0) await recheckPromotions(ctx.tx, ctx.cafeId, named, ctx.now);
    },
  };
}

interface Use {
  id: string;
  guest_id: string;
  promotion_id: string;
  purchased_at: Date;
  amount: number;
  discount: number;
}

export async function recheckPromotions(tx: Sql, cafeId: CafeId, purchaseIds: readonly string[], now: Date): Promise<void> {
  const pushed = await tx.query<Use>(
    `SELECT id, guest_id, promotion_id, purchased_at, amount, discount FROM purchases p
     WHERE cafe_id = $1 AND id = ANY($2::uuid[]) AND promotion_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)`,
    [cafeId, purchaseIds],
  );
  if (pushed.length === 0) return;
  const cafe = await cafeById(tx, cafeId);
  const promotions = new Map<string, StoredPromotion | null>();
  const flags: { purchaseId: string; promotionId: string; reason: FlagReason }[] = [];
  for (const fresh of groupBy(pushed, (u) => `${u.guest_id} ${u.promotion_id}`).values()) {
    const { guest_id: guestId, promotion_id: promotionId } = fresh[0]!;
    if (!promotions.has(promotionId)) promotions.set(promotionId, await promotionById(tx, cafeId, promotionId));
    const promotion = promotions.get(promotionId)!;
    const uses = await usesOf(tx, cafeId, guestId, promotionId);
    const grants = promotion?.personal ? await grantsOf(tx, cafeId, guestId, [promotionId]) : undefined;
    // The pushed uses and every later one: an earlier use arriving late can break their limit.
    const earliest = Math.min(...fresh.map((u) => u.purchased_at.getTime()));
    for (const use of uses.filter((u) => u.purchased_at.getTime() >= earliest)) {
      const reason = promotion === null ? 'unknown-promotion' : await judge(tx, cafe, promotion, use, uses, grants);
      if (reason !== null) flags.push({ purchaseId: use.id, promotionId, reason });
    }
  }
  if (flags.length === 0) return;
  await tx.query(
    `INSERT INTO promotion_flags (cafe_id, purchase_id, promotion_id, reason, flagged_at)
     SELECT $1, f.purchase_id, f.promotion_id, f.reason, $5 FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS f (purchase_id, promotion_id, reason)
     ON CONFLICT (cafe_id, purchase_id) DO NOTHING`,
    [cafeId, flags.map((f) => f.purchaseId), flags.map((f) => f.promotionId), flags.map((f) => f.reason), now.toISOString()],
  );
}

async function judge(
  tx: Sql,
  cafe: Awaited<ReturnType<typeof cafeById>>,
  stored: StoredPromotion,
  use: Use,
  uses: readonly Use[],
  grants: Grants | undefined,
): Promise<FlagReason | null> {
  const promotion: Promotion = forGuest({ ...stored, status: statusAt(stored, use.purchased_at) }, grants);
  const stats = await statsBefore(tx, cafe.id, use);
  const segment = classifyGuest(stats, localDateOf(use.purchased_at, cafe.timeZone), cafe.timeZone, cafe.rules);
  const verdict = eligibility(
    promotion,
    { segment, zone: cafe.timeZone, amount: use.amount as Kopecks, grants, uses: uses.filter((u) => u.id !== use.id).map((u) => u.purchased_at) },
    use.purchased_at,
  );
  if (!verdict.eligible) return verdict.reason;
  if (use.discount > discountFor(promotion.benefit, use.amount as Kopecks)) return 'discount-too-large';
  return null;
}

/**
 * The status the promotion had when the purchase was made: a tablet cannot know of a pause or
 * an end that came after it. Only the latest change is kept, so a pause is dated by the row's
 * last update and an end by its own time.
 */
function statusAt(p: StoredPromotion, at: Date): PromotionStatus {
  if (p.endedAt !== null && p.endedAt <= at) return 'ended';
  if (p.status === 'paused' && p.updatedAt <= at) return 'paused';
  return 'active';
}

/** The guest's non-voided uses of the promotion from every tablet, in time order. */
async function usesOf(tx: Sql, cafeId: CafeId, guestId: string, promotionId: string): Promise<Use[]> {
  return tx.query<Use>(
    `SELECT id, guest_id, promotion_id, purchased_at, amount, discount FROM purchases p
     WHERE cafe_id = $1 AND guest_id = $2 AND promotion_id = $3
       AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)
     ORDER BY purchased_at, id`,
    [cafeId, guestId, promotionId],
  );
}

/** The guest's stats just before the purchase: every tablet's non-voided purchases made before it. */
async function statsBefore(tx: Sql, cafeId: CafeId, use: Use) {
  const [r] = await tx.query<{ registered_at: Date; n: number; first: Date | null; last: Date | null; spend: number }>(
    `SELECT g.registered_at, count(p.id)::int AS n, min(p.purchased_at) AS first, max(p.purchased_at) AS last, coalesce(sum(p.paid), 0)::bigint AS spend
     FROM guests g
     LEFT JOIN purchases p ON p.cafe_id = g.cafe_id AND p.guest_id = g.id AND p.purchased_at < $3 AND p.id <> $4
       AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)
     WHERE g.cafe_id = $1 AND g.id = $2
     GROUP BY g.registered_at`,
    [cafeId, use.guest_id, use.purchased_at.toISOString(), use.id],
  );
  if (!r) throw new Error(`no guest ${use.guest_id}`);
  return { registeredAt: r.registered_at, purchaseCount: r.n, firstPurchaseAt: r.first, lastPurchaseAt: r.last, totalSpend: Number(r.spend) as Kopecks };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
