/**
 * Other tablets' uses of limited promotions, as pulls bring them (shared/sync/protocol.ts
 * `promotionUses`): what lets this tablet hold a guest's 'once' or 'daily' limit across tablets
 * (offers.ts counts them). Written only inside applyPull's transaction. A voided use is
 * forgotten; the uses of a promotion that comes ended are dropped (it is offered no more), and a
 * 'daily' promotion's uses once no café day they fall on can be today on any clock.
 */
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { PromotionId } from '../../shared/promotions/promotion.ts';
import type { PullResponse } from '../../shared/sync/protocol.ts';
import type { CounterDb, UseRow } from './db.ts';

/** How long a pulled use of a 'daily' promotion is kept: past it, it can break no limit. */
export const DAILY_USE_KEEP_MS = 3 * 86_400_000;

/** Call after the page's merges and deletions and after its promotions are stored. */
export async function storePulledUses(db: CounterDb, page: Pick<PullResponse, 'promotionUses' | 'promotions' | 'serverTime'>): Promise<void> {
  const uses = page.promotionUses ?? [];
  const standing = uses.filter((u) => !u.voided);
  if (standing.length) {
    await db.uses.bulkPut(
      standing.map(
        (u): UseRow => ({
          purchaseId: u.purchaseId as PurchaseId,
          guestId: u.guestId as GuestId,
          promotionId: u.promotionId as PromotionId,
          usedAt: Date.parse(u.usedAt),
        }),
      ),
    );
  }
  const voided = uses.filter((u) => u.voided).map((u) => u.purchaseId as PurchaseId);
  if (voided.length) await db.uses.bulkDelete(voided);
  const ended = (page.promotions ?? []).filter((p) => p.status === 'ended').map((p) => p.id);
  if (ended.length) await db.uses.where('promotionId').anyOf(ended).delete();
  if (!uses.length) return;
  const daily = (await db.promotions.toArray()).filter((p) => p.limit === 'daily').map((p) => p.id);
  const before = Date.parse(page.serverTime) - DAILY_USE_KEEP_MS;
  if (daily.length)
    await db.uses
      .where('promotionId')
      .anyOf(daily)
      .filter((u) => u.usedAt < before)
      .delete();
}

/** A merge: the surviving guest holds the merged one's uses (the server's purchases move too). */
export async function moveUses(db: CounterDb, from: GuestId, into: GuestId): Promise<void> {
  await db.uses.where('guestId').equals(from).modify({ guestId: into });
}

export async function dropUses(db: CounterDb, guests: readonly GuestId[]): Promise<void> {
  await db.uses
    .where('guestId')
    .anyOf([...guests])
    .delete();
}
