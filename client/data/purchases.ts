/**
 * Purchases at the counter. Recording one writes the purchase, the guest's new stats, its
 * bonus entries (points spent, points earned) and the outbox entry — in one transaction, so a
 * reload or a full disk never leaves points spent without their sale or the other way round. (The guest's segment is not written: it is computed
 * when needed, as of that moment — see guest-segment.ts.)
 * A mistake is corrected by a void (with a reason), never by editing or deleting.
 */
import { localDateOf, startOfLocalDay } from '../../shared/domain/calendar.ts';
import { addPurchase } from '../../shared/domain/guest.ts';
import { withinVoidWindow } from '../../shared/domain/void-window.ts';
import { PENDING } from '../../shared/sync/tablet-view.ts';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import { newId } from './new-id.ts';
import { type Kopecks, parseCounterAmount } from '../../shared/domain/money.ts';
import { purchaseEntries } from '../../shared/loyalty/entries.ts';
import type { PurchaseItem } from '../../shared/sync/mutations.ts';
import { purchaseAccrual } from '../../shared/loyalty/accrual.ts';
import { parsePointsInput } from '../../shared/loyalty/points-input.ts';
import { redemptionProblem } from '../../shared/loyalty/redemption.ts';
import { eligibility } from '../../shared/promotions/eligibility.ts';
import { forGuest } from '../../shared/promotions/personal.ts';
import { accrualMultiplier, discountFor } from '../../shared/promotions/benefit.ts';
import type { Promotion, PromotionId } from '../../shared/promotions/promotion.ts';
import type { CounterDb, GuestRow, LedgerRow, PurchaseRow } from './db.ts';
import { guestContext, guestGrants, promotionPurchases, pulledUses } from './offers.ts';
import { keptPromotion } from './offers-cache.ts';
import { CounterError, guardQuota } from './errors.ts';
import { refreshView, toGuestStats, toStatsRow } from './guest-view.ts';
import { ownEntry, pointsFrom, tierPurchases } from './loyalty.ts';
import { enqueue, queueEntry } from './outbox.ts';
import { readSettings } from './settings.ts';

export interface PurchaseInput {
  guestId: GuestId;
  amount: string;
  items: PurchaseItem[];
  /** Points to spend as typed (empty: none). */
  points?: string;
  /**
   * Whether the tablet has a network now: offline, the owner's cap on points spent per guest
   * applies (shared/loyalty/redemption.ts). Absent: online.
   */
  online?: boolean;
  /** The offer the barista tapped (at most one per purchase); re-checked here as of `now`. */
  promotionId?: PromotionId | null;
}

/** The tables a purchase's transaction writes or reads. */
const purchaseTables = (db: CounterDb) => [
  db.guests,
  db.purchases,
  db.stats,
  db.outbox,
  db.settings,
  db.ledger,
  db.balances,
  db.promotions,
  db.grants,
  db.uses,
];

export async function recordPurchase(db: CounterDb, input: PurchaseInput, now: Date): Promise<PurchaseRow> {
  return guardQuota(() =>
    db.transaction('rw', purchaseTables(db), async () => {
      // Every read at once: each awaited request is a round trip inside the transaction. The
      // tapped offer and the guest's uses are known from the input, so they come along.
      const promotionId = input.promotionId ?? null;
      // The guest's uses matter only to a limited promotion and grants only to a personal one:
      // the copy the offer list judged from says which to read with the rest. It is only a hint —
      // the promotion read here decides, and what it needs that was not read is read then.
      const hint = promotionId ? keptPromotion(db, promotionId) : undefined;
      const usesFor = (p: Promotion | undefined) => !!p && p.limit !== 'none';
      const grantsFor = (p: Promotion | undefined) => !!p && p.personal === true;
      const readUses = !!promotionId && (!hint || usesFor(hint));
      const readGrants = !!promotionId && (!hint || grantsFor(hint));
      const [settings, guest, current, balance, own, promotion, ...rest] = await Promise.all([
        readSettings(db),
        db.guests.get(input.guestId),
        db.stats.get(input.guestId),
        db.balances.get(input.guestId),
        db.ledger.where('guestId').equals(input.guestId).toArray(),
        promotionId ? db.promotions.get(promotionId) : undefined,
        readUses ? promotionPurchases(db, input.guestId) : [],
        readUses ? pulledUses(db, input.guestId) : [],
        readGrants ? guestGrants(db, input.guestId) : undefined,
      ]);
      let [uses, pulled, grants] = rest;
      if (!readUses && usesFor(promotion)) [uses, pulled] = await Promise.all([promotionPurchases(db, input.guestId), pulledUses(db, input.guestId)]);
      if (!readGrants && grantsFor(promotion)) grants = await guestGrants(db, input.guestId);
      const amount = parseCounterAmount(input.amount, settings.purchaseCeiling);
      if (!amount.ok) throw new CounterError(amount.error, 'amount');
      if (!guest) throw new CounterError('guest-not-found');
      const { program } = settings;
      const typed = parsePointsInput(input.points ?? '');
      if (!typed.ok) throw new CounterError(typed.error, 'points');
      // Only a programme with tiers needs the guest's purchases (a second round trip).
      const purchases = await tierPurchases(db, guest.id, program);
      const applied = promotionId ? appliedPromotion(promotion, { guest, stats: current, purchases: uses, pulled, grants }, settings, amount.value, now) : null;
      const points = pointsFrom(program, { balance, own, stats: current, purchases });
      const money = { amount: amount.value, discount: discountFor(applied?.benefit ?? null, amount.value), pointsRedeemed: typed.points };
      const context = { ...money, balance: points.balance, offlineSpent: input.online === false ? points.unsyncedSpent : null };
      const problem = redemptionProblem(typed.points, context, program);
      if (problem) throw new CounterError(problem, 'points');
      // The same multiplier the server applies to its own figure (server/promotions/promotion-multipliers.ts).
      const accrual = purchaseAccrual(money, { program, spendBefore: points.tierSpend, multiplier: accrualMultiplier(applied?.benefit ?? null) });

      const purchase: PurchaseRow = {
        id: newId<PurchaseId>(),
        guestId: guest.id,
        purchasedAt: now.getTime(),
        amount: amount.value,
        items: input.items,
        pointsRedeemed: typed.points,
        pointsAccrued: accrual.points,
        promotionId: applied?.id ?? null,
        discount: money.discount,
        voided: null,
        syncState: PENDING,
        voidState: null,
      };
      // A new purchase is pending, so the view simply grows by its paid money (tabletView agrees).
      const stats = addPurchase(toGuestStats(current, guest.registeredAt), { purchasedAt: now, amount: accrual.paid });
      const entries = purchaseEntries({ purchaseId: purchase.id, at: now, pointsRedeemed: typed.points, pointsAccrued: accrual.points }, newId);
      const redemption = entries.find((e) => e.kind === 'redemption');
      const accrued = entries.find((e) => e.kind === 'accrual');
      const { mutationId, written } = queueEntry(
        db,
        settings,
        {
          kind: 'purchase.record',
          purchaseId: purchase.id,
          guestId: guest.id,
          purchasedAt: now.toISOString(),
          amount: purchase.amount,
          items: purchase.items,
          discount: money.discount,
          ...(applied ? { promotionId: applied.id } : {}),
          pointsRedeemed: typed.points,
          ...(redemption ? { redemptionEntryId: redemption.id } : {}),
          ...(accrued ? { accrualEntryId: accrued.id } : {}),
          pointsAccrued: accrual.points,
        },
        now,
      );
      // Every row in one round: the outbox entry's id is known before it is written.
      await Promise.all([
        written,
        db.purchases.add(purchase),
        db.stats.put(toStatsRow(guest.id, stats, current?.base ?? null)),
        db.ledger.bulkAdd(entries.map((e): LedgerRow => ownEntry(e, guest.id, mutationId))),
      ]);
      return purchase;
    }),
  );
}

/** The tapped promotion if it still applies to the guest now with this check; refused otherwise. */
function appliedPromotion(
  promotion: Promotion | undefined,
  held: Parameters<typeof guestContext>[0],
  settings: Parameters<typeof guestContext>[1],
  amount: Kopecks,
  now: Date,
): Promotion {
  if (!promotion) throw new CounterError('offer-not-applicable', 'promotion');
  const context = guestContext(held, settings, now, amount);
  const verdict = eligibility(promotion, { ...context, uses: context.uses.get(promotion.id) ?? [] }, now);
  if (!verdict.eligible) throw new CounterError(verdict.reason === 'min-check' ? 'offer-below-min-check' : 'offer-not-applicable', 'promotion');
  // A personal promotion gives this guest the benefit their grant sized for them.
  return forGuest(promotion, held.grants);
}

export async function voidPurchase(db: CounterDb, purchaseId: PurchaseId, reason: string, now: Date): Promise<PurchaseRow> {
  if (reason.trim() === '') throw new CounterError('void-reason-empty', 'reason');
  return guardQuota(() =>
    db.transaction('rw', purchaseTables(db), async () => {
      const purchase = await db.purchases.get(purchaseId);
      if (!purchase) throw new CounterError('purchase-not-found');
      if (purchase.voided) throw new CounterError('already-voided');
      const settings = await readSettings(db);
      if (!withinVoidWindow(new Date(purchase.purchasedAt), now, settings.timeZone, settings.voidWindowDays)) throw new CounterError('void-window-closed');
      const guest = await db.guests.get(purchase.guestId);
      const voided: PurchaseRow = { ...purchase, voided: { at: now.getTime(), reason: reason.trim() }, voidState: PENDING };
      await db.purchases.put(voided);
      // A guest deleted on request is gone from the tablet; their purchase is voided all the same.
      if (guest) await refreshView(db, guest);
      const mutationId = await enqueue(db, settings, { kind: 'purchase.void', purchaseId, reason: reason.trim(), voidedAt: now.toISOString() }, now);
      // The tablet's own reversals, for its view until the pull: the server makes its own from
      // its ledger (ids derived from the originals), so these ids never leave the tablet.
      const originals = await db.ledger.where('purchaseId').equals(purchaseId).toArray();
      const reversals = originals
        .filter((e) => e.kind !== 'reversal')
        .map((e): LedgerRow => ({ ...e, id: newId(), kind: 'reversal', points: -e.points, at: now.getTime(), reverses: e.id, mutationId, syncState: PENDING }));
      await db.ledger.bulkAdd(reversals);
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
