/**
 * What a tablet's push means for the bonus ledger. The server is authoritative: it credits its
 * own figures under the tablet's entry ids — the programme's welcome bonus, the accrual from
 * its own view of the guest (tier by its paid spend over 365 days), a reward at its catalogue's
 * price — and builds a void's reversals from its own ledger, each id derived from the entry it
 * reverses, so whichever tablet voids, the reversal is stored once. Spending the tablet saw as
 * covered is kept even when the server's balance does not cover it (both sales happened): the
 * ledger records the overdraft. Refusals are DomainErrors, one mutation's own.
 */
import { DomainError } from '../../shared/domain/domain-error.ts';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { purchaseAccrual } from '../../shared/loyalty/accrual.ts';
import { accrualName, redemptionName, welcomeName } from '../../shared/loyalty/entry-ids.ts';
import { welcomeEntry } from '../../shared/loyalty/entries.ts';
import type { LoyaltyProgram } from '../../shared/loyalty/program.ts';
import { type PurchaseMoney, paidKopecks, purchaseMoneyProblem } from '../../shared/loyalty/purchase-money.ts';
import { redemptionProblem } from '../../shared/loyalty/redemption.ts';
import { voidEntries } from '../../shared/loyalty/reversal.ts';
import { resolveGuestIds } from '../guests/merge.repo.ts';
import type { Applier, PushContext } from '../sync/applier.ts';
import { appendEntries, idFor, type NewEntry, readLedgers } from './ledger.repo.ts';
import { loyaltySettings } from './program.repo.ts';
import { keepOneWelcome } from './welcome.ts';

export interface LedgerPurchase {
  id: PurchaseId;
  /** The guest that stands (merges followed). */
  guestId: GuestId;
  purchasedAt: Date;
  money: PurchaseMoney;
  redemptionEntryId?: string | undefined;
  accrualEntryId?: string | undefined;
  /** The tablet's own accrual figure, kept beside the server's. */
  deviceAccrual?: number | undefined;
  /** The accrual multiplier of the promotion applied to it (1 or absent: none). */
  multiplier?: number | undefined;
}

/**
 * Refuses a purchase whose money does not add up (more discount or points than the check) or
 * spends more of it in points than the programme's share. The balance is not checked here:
 * spending beyond it is an overdraft, recorded, never a refusal.
 */
export function checkPurchaseMoney(money: PurchaseMoney, program: Pick<LoyaltyProgram, 'maxRedeemShare' | 'offlineSpendCap'>): void {
  const problem = purchaseMoneyProblem(money);
  if (problem === 'discount-over-amount') throw new DomainError('discount-over-amount', 'the discount is more than the check', 'discount');
  if (problem === 'points-over-amount')
    throw new DomainError('points-over-amount', 'the points spent are more than the check less its discount', 'pointsRedeemed');
  if (problem) throw new DomainError('invalid', `purchase figures refused: ${problem}`, 'amount');
  const share = redemptionProblem(money.pointsRedeemed, { ...money, balance: Number.MAX_SAFE_INTEGER, offlineSpent: null }, program);
  if (share) throw new DomainError('points-over-max', 'more points than the programme lets a check take', 'pointsRedeemed');
}

/**
 * A run of purchases' ledger work, in two steps around their insert: `prepare` checks the money,
 * reads the programme and, when it has tiers, each guest's paid spend in the tier window before
 * the run, and works out each purchase's accrual (`accrued`, stored with the purchase); `post`
 * appends the redemption and then the accrual of each purchase that was new.
 */
export async function preparePurchaseLedger(ctx: PushContext, purchases: readonly LedgerPurchase[]) {
  const { tx, cafeId, device, now } = ctx;
  const { program, zone } = await loyaltySettings(tx, cafeId);
  for (const p of purchases) checkPurchaseMoney(p.money, program);
  const spend = new Map<GuestId, number>();
  if (program.tiers.length > 0 && purchases.length > 0) {
    const rows = await tx.query<{ guest_id: string; tier_spend: number }>('SELECT guest_id, tier_spend FROM guest_stats WHERE guest_id = ANY($1::uuid[])', [
      [...new Set(purchases.map((p) => p.guestId))],
    ]);
    for (const r of rows) spend.set(r.guest_id as GuestId, Number(r.tier_spend));
  }
  // In run order: a guest's earlier purchases in the run count toward the tier of the later.
  const accrued = new Map<PurchaseId, number>();
  for (const p of purchases) {
    const spendBefore = (spend.get(p.guestId) ?? 0) as Kopecks;
    accrued.set(p.id, purchaseAccrual(p.money, { program, spendBefore, multiplier: p.multiplier ?? 1 }).points);
    spend.set(p.guestId, spendBefore + paidKopecks(p.money));
  }
  return {
    accrued,
    async post(inserted: readonly PurchaseId[]): Promise<void> {
      const fresh = new Set(inserted);
      const entries: NewEntry[] = [];
      for (const p of purchases) {
        if (!fresh.has(p.id)) continue;
        const points = accrued.get(p.id)!;
        const common = { guestId: p.guestId, at: p.purchasedAt, purchaseId: p.id, deviceId: device.id };
        if (p.money.pointsRedeemed > 0) {
          entries.push({ ...common, id: p.redemptionEntryId ?? idFor(redemptionName(p.id)), kind: 'redemption', points: -p.money.pointsRedeemed });
        }
        if (points > 0) {
          entries.push({
            ...common,
            id: p.accrualEntryId ?? idFor(accrualName(p.id)),
            kind: 'accrual',
            points,
            devicePoints: p.deviceAccrual ?? null,
          });
        }
      }
      if (entries.length) await appendEntries(tx, cafeId, entries, now, zone);
    },
  };
}

/**
 * Registrations at the counter: the guest (guest.appliers.ts), then the programme's welcome
 * bonus under the tablet's entry id. A registration that became a merge credits its bonus to
 * the guest that stands, and one welcome bonus is kept per person (shared/loyalty/merge.ts).
 */
export const withWelcomeBonus = (register: Applier<'guest.register'>): Applier<'guest.register'> => ({
  async apply(ctx, run) {
    await register.apply(ctx, run);
    const { tx, cafeId, device, now } = ctx;
    const { program, zone } = await loyaltySettings(tx, cafeId);
    const resolved = await resolveGuestIds(
      tx,
      run.map((e) => e.mutation.guestId as GuestId),
    );
    const entries: NewEntry[] = [];
    for (const { mutation: m } of run) {
      const entry = welcomeEntry(program, m.welcomeEntryId ?? idFor(welcomeName(m.guestId)), new Date(m.registeredAt));
      if (entry) entries.push({ ...entry, guestId: resolved.get(m.guestId as GuestId)!, deviceId: device.id });
    }
    const { inserted } = await appendEntries(tx, cafeId, entries, now, zone);
    if (inserted.length === 0) return;
    const merged = await tx.query<{ into_guest_id: string }>(
      'SELECT DISTINCT into_guest_id FROM guest_merges WHERE cafe_id = $1 AND into_guest_id = ANY($2::uuid[])',
      [cafeId, [...new Set(inserted.map((e) => e.guestId))]],
    );
    if (merged.length)
      await keepOneWelcome(
        tx,
        cafeId,
        merged.map((r) => r.into_guest_id as GuestId),
        now,
        zone,
      );
  },
});

/**
 * Voids (purchase.appliers.ts), then their reversals: the purchase's accrual taken back and its
 * redemption given back, from the server's ledger, ids derived from the originals. A void
 * seen again, or a second tablet's void of the same purchase, finds nothing left to reverse.
 */
export const withVoidReversals = (voids: Applier<'purchase.void'>): Applier<'purchase.void'> => ({
  async apply(ctx, run) {
    await voids.apply(ctx, run);
    const { tx, cafeId, now } = ctx;
    const purchaseIds = run.map((e) => e.mutation.purchaseId);
    const owners = await tx.query<{ id: string; guest_id: string }>('SELECT id, guest_id FROM purchases WHERE cafe_id = $1 AND id = ANY($2::uuid[])', [
      cafeId,
      purchaseIds,
    ]);
    const guestOf = new Map(owners.map((r) => [r.id, r.guest_id as GuestId]));
    const ledgers = await readLedgers(tx, cafeId, [...new Set(guestOf.values())]);
    const reversals: NewEntry[] = [];
    for (const { mutation: m } of run) {
      const guestId = guestOf.get(m.purchaseId);
      if (!guestId) continue;
      const ledger = [...ledgers.get(guestId)!, ...reversals.filter((r) => r.guestId === guestId)];
      const kinds = new Map(ledger.map((e) => [e.id, e.kind]));
      for (const r of voidEntries(ledger, m.purchaseId as PurchaseId, new Date(m.voidedAt), idFor)) {
        reversals.push({ ...r, guestId, reversesKind: kinds.get(r.reverses!)! });
      }
    }
    if (reversals.length) await appendEntries(tx, cafeId, reversals, now, (await loyaltySettings(tx, cafeId)).zone);
  },
});

/** Rewards given for points: the server's catalogue price under the tablet's entry id. */
export const giveRewards: Applier<'loyalty.reward'> = {
  async apply({ tx, cafeId, device, now }, run) {
    const { program, zone } = await loyaltySettings(tx, cafeId);
    const resolved = await resolveGuestIds(
      tx,
      run.map((e) => e.mutation.guestId as GuestId),
    );
    const known = new Set(
      (await tx.query<{ id: string }>('SELECT id FROM guests WHERE cafe_id = $1 AND id = ANY($2::uuid[])', [cafeId, [...new Set(resolved.values())]])).map(
        (r) => r.id,
      ),
    );
    const entries: NewEntry[] = [];
    for (const { mutation: m } of run) {
      const guestId = resolved.get(m.guestId as GuestId)!;
      if (!known.has(guestId)) throw new DomainError('unknown-guest', 'loyalty.reward names a guest this café does not have', 'guestId');
      const reward = program.rewards.find((r) => r.id === m.rewardId);
      if (!reward) throw new DomainError('reward-unknown', `the programme has no reward "${m.rewardId}"`, 'rewardId');
      entries.push({
        id: m.entryId,
        guestId,
        kind: 'reward',
        points: -reward.price,
        at: new Date(m.givenAt),
        reason: reward.name,
        deviceId: device.id,
        devicePoints: -m.points,
      });
    }
    await appendEntries(tx, cafeId, entries, now, zone);
  },
};
