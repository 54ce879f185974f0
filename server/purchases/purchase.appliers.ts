/**
 * A tablet's purchases and voids, applied on the server. A run of purchases is written in one
 * statement (recordPurchases), after following merges to the guest that stands; a device clock
 * far ahead of the server's is flagged on the purchase. A purchase or void naming a guest or
 * purchase the café does not have refuses the batch.
 */
import { DomainError } from '../../shared/domain/domain-error.ts';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { CLOCK_AHEAD_LIMIT_MS } from '../../shared/sync/limits.ts';
import { resolveGuestIds } from '../guests/merge.repo.ts';
import type { Applier } from '../sync/applier.ts';
import { recordPurchases, UnknownGuestError, voidPurchase } from './purchases.repo.ts';
import { recordSoldItems } from './sold-items.repo.ts';

export const recordPurchaseRun: Applier<'purchase.record'> = {
  async apply({ tx, cafeId, device, now, touched }, run) {
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
        source: 'counter',
        deviceId: device.id,
        clockFlagged: at.getTime() - now.getTime() > CLOCK_AHEAD_LIMIT_MS,
      };
    });
    try {
      await recordPurchases(tx, cafeId, batch);
      await recordSoldItems(
        tx,
        cafeId,
        run.map(({ mutation: m }) => ({ id: m.purchaseId as PurchaseId, items: m.items })),
      );
    } catch (e) {
      if (e instanceof UnknownGuestError) throw new DomainError('unknown-guest', e.message, 'mutations');
      throw e;
    }
    for (const p of batch) touched.add(p.guestId);
  },
};

export const voidPurchases: Applier<'purchase.void'> = {
  async apply({ tx, cafeId, touched }, run) {
    for (const { mutation: m } of run) {
      const rows = await tx.query<{ guest_id: string }>('SELECT guest_id FROM purchases WHERE id = $1 AND cafe_id = $2', [m.purchaseId, cafeId]);
      if (!rows[0]) throw new DomainError('unknown-purchase', 'purchase.void names a purchase this café does not have', 'mutations');
      await voidPurchase(tx, m.purchaseId as PurchaseId, new Date(m.voidedAt), m.reason);
      touched.add(rows[0].guest_id as GuestId);
    }
  },
};
