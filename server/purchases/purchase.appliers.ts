/**
 * A tablet's purchases and voids, applied on the server. A run of purchases is written in one
 * statement (recordPurchases), after following merges to the guest that stands; a device clock
 * far ahead of the server's is flagged on the purchase. A purchase or void naming a guest or
 * purchase the café does not have refuses the batch; so does a purchase whose discount and
 * points are more than its check, or whose points are more than the programme's share.
 * Each new purchase's redemption and accrual go into the bonus ledger (server/loyalty/).
 */
import { DomainError } from '../../shared/domain/domain-error.ts';
import { withinVoidWindow } from '../../shared/domain/void-window.ts';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { CLOCK_AHEAD_LIMIT_MS } from '../../shared/sync/limits.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import { resolveGuestIds } from '../guests/merge.repo.ts';
import { preparePurchaseLedger } from '../loyalty/loyalty.appliers.ts';
import { accrualMultipliers } from '../promotions/promotion-multipliers.ts';
import type { Sql } from '../db/db.ts';
import type { Applier } from '../sync/applier.ts';
import { recordPurchaseItems } from './purchase-items.repo.ts';
import { insertPurchases, storedPurchaseFacts, UnknownGuestError, voidPurchase } from './purchases.repo.ts';

/**
 * A purchase id already stored for another guest, time or sum is another purchase: skipping it
 * as a retry would lose that purchase without a word, so it is refused (409) and reported.
 */
async function refuseReusedIds(
  tx: Sql,
  batch: readonly { id: PurchaseId; guestId: GuestId; purchasedAt: Date; amount: Kopecks; discount?: Kopecks; pointsRedeemed?: number }[],
) {
  const stored = await storedPurchaseFacts(
    tx,
    batch.map((p) => p.id),
  );
  for (const p of batch) {
    const s = stored.get(p.id);
    if (!s) continue;
    const same =
      s.guestId === p.guestId &&
      s.purchasedAt.getTime() === p.purchasedAt.getTime() &&
      s.amount === p.amount &&
      s.discount === (p.discount ?? 0) &&
      s.pointsRedeemed === (p.pointsRedeemed ?? 0);
    if (!same) throw new DomainError('id-conflict', 'this purchase id already names another purchase', 'purchaseId');
  }
}

export const recordPurchaseRun: Applier<'purchase.record'> = {
  async apply(ctx, run) {
    const { tx, cafeId, device, now, touched } = ctx;
    const resolved = await resolveGuestIds(
      tx,
      run.map((e) => e.mutation.guestId as GuestId),
    );
    const batch = run.map(({ mutation: m }) => {
      const at = new Date(m.purchasedAt);
      return {
        id: m.purchaseId as PurchaseId,
        guestId: resolved.get(m.guestId as GuestId)!,
        purchasedAt: at,
        amount: m.amount as Kopecks,
        discount: m.discount as Kopecks,
        pointsRedeemed: m.pointsRedeemed,
        promotionId: m.promotionId ?? null,
        source: 'counter',
        deviceId: device.id,
        clockFlagged: at.getTime() - now.getTime() > CLOCK_AHEAD_LIMIT_MS,
      };
    });
    await refuseReusedIds(tx, batch);
    // Bonus points: the money checked, then the redemption and the server's accrual of each new
    // purchase, multiplied as its promotion says (the guest was promised it; an ineligible use is flagged, not repriced).
    const multipliers = await accrualMultipliers(
      tx,
      cafeId,
      batch.map((p) => p.promotionId),
    );
    const ledger = await preparePurchaseLedger(
      ctx,
      run.map(({ mutation: m }, i) => ({
        id: batch[i]!.id,
        guestId: batch[i]!.guestId,
        purchasedAt: batch[i]!.purchasedAt,
        money: { amount: batch[i]!.amount, discount: batch[i]!.discount, pointsRedeemed: m.pointsRedeemed },
        redemptionEntryId: m.redemptionEntryId,
        accrualEntryId: m.accrualEntryId,
        deviceAccrual: m.pointsAccrued,
        multiplier: m.promotionId ? multipliers.get(m.promotionId) : undefined,
      })),
    );
    let inserted: PurchaseId[];
    try {
      inserted = await insertPurchases(
        tx,
        cafeId,
        batch.map((p) => ({ ...p, pointsAccrued: ledger.accrued.get(p.id)! })),
      );
    } catch (e) {
      if (e instanceof UnknownGuestError) throw new DomainError('unknown-guest', e.message, 'mutations');
      throw e;
    }
    await ledger.post(inserted);
    const fresh = new Set(inserted);
    await recordPurchaseItems(
      tx,
      cafeId,
      run.filter(({ mutation: m }) => fresh.has(m.purchaseId as PurchaseId)).map(({ mutation: m }) => ({ id: m.purchaseId as PurchaseId, items: m.items })),
    );
    for (const p of batch) touched.add(p.guestId);
  },
};

/**
 * A tablet voids only what it recorded itself (the counter offers nothing else): another
 * tablet's purchase, or an imported one, is refused, and every void records its tablet. It
 * voids within the window the owner set, in café days after the sale's own, judged at the
 * void's own time: a tablet offline over midnight still sends a void it made in the shift (its
 * time is already checked not to be ahead of the server's; set back, it voids only its own sale).
 */
export const voidPurchases: Applier<'purchase.void'> = {
  async apply({ tx, cafeId, device, touched }, run) {
    const { timeZone, voidWindowDays } = await cafeById(tx, cafeId);
    for (const { mutation: m } of run) {
      const rows = await tx.query<{ guest_id: string; device_id: string | null; purchased_at: Date }>(
        'SELECT guest_id, device_id, purchased_at FROM purchases WHERE id = $1 AND cafe_id = $2',
        [m.purchaseId, cafeId],
      );
      if (!rows[0]) throw new DomainError('unknown-purchase', 'purchase.void names a purchase this café does not have', 'mutations');
      if (rows[0].device_id !== device.id) throw new DomainError('forbidden', 'a tablet may void only the purchases it recorded', 'purchaseId');
      const voidedAt = new Date(m.voidedAt);
      if (!withinVoidWindow(rows[0].purchased_at, voidedAt, timeZone, voidWindowDays))
        throw new DomainError(
          'void-window-closed',
          `the café allows voids ${voidWindowDays === 0 ? "on a sale's own café day" : `up to ${voidWindowDays} café days after a sale`}; this one is later`,
          'voidedAt',
        );
      await voidPurchase(tx, m.purchaseId as PurchaseId, voidedAt, m.reason, device.id);
      touched.add(rows[0].guest_id as GuestId);
    }
  },
};
