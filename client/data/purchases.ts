/**
 * Purchases at the counter. Recording one writes the purchase, the guest's new stats and the
 * outbox entry — in one transaction. (The guest's segment is not written: it is computed
 * when needed, as of that moment — see guest-segment.ts.)
 * A mistake is corrected by a void (with a reason), never by editing or deleting.
 */
import { localDateOf, startOfLocalDay } from '../../shared/domain/calendar.ts';
import { addPurchase } from '../../shared/domain/guest.ts';
import { PENDING } from '../../shared/sync/tablet-view.ts';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import { newId } from './new-id.ts';
import { parseCounterAmount } from '../../shared/domain/money.ts';
import type { PurchaseItem } from '../../shared/sync/mutations.ts';
import type { CounterDb, GuestRow, PurchaseRow } from './db.ts';
import { CounterError, guardQuota } from './errors.ts';
import { refreshView, toGuestStats, toStatsRow } from './guest-view.ts';
import { enqueue } from './outbox.ts';
import { readSettings } from './settings.ts';

export interface PurchaseInput {
  guestId: GuestId;
  amount: string;
  items: PurchaseItem[];
}

export async function recordPurchase(db: CounterDb, input: PurchaseInput, now: Date): Promise<PurchaseRow> {
  return guardQuota(() =>
    db.transaction('rw', [db.guests, db.purchases, db.stats, db.outbox, db.settings], async () => {
      const settings = await readSettings(db);
      const amount = parseCounterAmount(input.amount, settings.purchaseCeiling);
      if (!amount.ok) throw new CounterError(amount.error, 'amount');
      const guest = await db.guests.get(input.guestId);
      if (!guest) throw new CounterError('guest-not-found');
      const purchase: PurchaseRow = {
        id: newId<PurchaseId>(),
        guestId: guest.id,
        purchasedAt: now.getTime(),
        amount: amount.value,
        items: input.items,
        voided: null,
        syncState: PENDING,
        voidState: null,
      };
      await db.purchases.add(purchase);
      // A new purchase is pending, so the view simply grows by it (tabletView agrees).
      const current = await db.stats.get(guest.id);
      const stats = addPurchase(toGuestStats(current, guest.registeredAt), { purchasedAt: now, amount: amount.value });
      await db.stats.put(toStatsRow(guest.id, stats, current?.base ?? null));
      await enqueue(
        db,
        settings,
        {
          kind: 'purchase.record',
          purchaseId: purchase.id,
          guestId: guest.id,
          purchasedAt: now.toISOString(),
          amount: purchase.amount,
          items: purchase.items,
          discount: 0,
          pointsRedeemed: 0,
        },
        now,
      );
      return purchase;
    }),
  );
}

export async function voidPurchase(db: CounterDb, purchaseId: PurchaseId, reason: string, now: Date): Promise<PurchaseRow> {
  if (reason.trim() === '') throw new CounterError('void-reason-empty', 'reason');
  return guardQuota(() =>
    db.transaction('rw', [db.guests, db.purchases, db.stats, db.outbox, db.settings], async () => {
      const purchase = await db.purchases.get(purchaseId);
      if (!purchase) throw new CounterError('purchase-not-found');
      if (purchase.voided) throw new CounterError('already-voided');
      const guest = await db.guests.get(purchase.guestId);
      const voided: PurchaseRow = { ...purchase, voided: { at: now.getTime(), reason: reason.trim() }, voidState: PENDING };
      await db.purchases.put(voided);
      // A guest deleted on request is gone from the tablet; their purchase is voided all the same.
      if (guest) await refreshView(db, guest);
      const settings = await readSettings(db);
      await enqueue(db, settings, { kind: 'purchase.void', purchaseId, reason: reason.trim(), voidedAt: now.toISOString() }, now);
      return voided;
    }),
  );
}

/** A guest's purchases, newest first. */
export function guestPurchases(db: CounterDb, guestId: GuestId, limit = 50): Promise<PurchaseRow[]> {
  return db.purchases.where('[guestId+purchasedAt]').between([guestId, -Infinity], [guestId, Infinity]).reverse().limit(limit).toArray();
}

export interface ShiftPurchase extends PurchaseRow {
  guest: Pick<GuestRow, 'id' | 'name' | 'phone'> | undefined;
}

/** Today's purchases in the café's zone, newest first: the shift at the counter. */
export async function shiftPurchases(db: CounterDb, now: Date): Promise<ShiftPurchase[]> {
  const settings = await readSettings(db);
  const since = startOfLocalDay(localDateOf(now, settings.timeZone), settings.timeZone).getTime();
  const purchases = await db.purchases.where('purchasedAt').aboveOrEqual(since).reverse().limit(200).toArray();
  const guests = await db.guests.bulkGet([...new Set(purchases.map((p) => p.guestId))]);
  const byId = new Map(guests.filter((g): g is GuestRow => !!g).map((g) => [g.id, g]));
  return purchases.map((p) => ({ ...p, guest: byId.get(p.guestId) }));
}
