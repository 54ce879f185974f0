/**
 * Bonus points on the tablet. A guest's balance is the server's as of the last pull plus this
 * tablet's own entries that balance does not include yet (shared/loyalty/balance-view.ts);
 * entries are written in the same transaction as the purchase, registration or void they
 * belong to, and tagged with the outbox entry that carries them. Everything here reads: the
 * writers are purchases.ts and guests.ts, the sync side is loyalty-sync.ts.
 */
import type { GuestId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { balanceView, unsyncedSpent } from '../../shared/loyalty/balance-view.ts';
import type { LedgerEntry } from '../../shared/loyalty/ledger.ts';
import type { LoyaltyProgram, Reward, Tier } from '../../shared/loyalty/program.ts';
import { nearestReward } from '../../shared/loyalty/rewards.ts';
import { tierFor } from '../../shared/loyalty/tiers.ts';
import { PENDING, tierSpendView } from '../../shared/sync/tablet-view.ts';
import type { BalanceRow, CounterDb, LedgerRow, PurchaseRow, StatsRow } from './db.ts';

export interface GuestPoints {
  /** What the tablet sees: negative while the guest is overdrawn. */
  balance: number;
  /** Points this tablet spent for the guest that the server has not counted yet (the offline cap's measure). */
  unsyncedSpent: number;
  /** Paid spend over the tier window, as this tablet sees it. */
  tierSpend: Kopecks;
  tier: Tier | null;
  nearest: { reward: Reward; missing: number } | null;
}

/** A guest's points from what the tablet holds of them (the reads are guestPoints', or a writer's own). */
export function pointsFrom(
  program: LoyaltyProgram,
  held: { balance: BalanceRow | undefined; own: readonly LedgerRow[]; stats: StatsRow | undefined; purchases: readonly PurchaseRow[] },
): GuestPoints {
  const base = held.balance?.balance ?? null;
  const balance = balanceView(base, held.own);
  const tierSpend = tierSpendView(held.stats?.base ?? null, held.purchases);
  return {
    balance,
    unsyncedSpent: unsyncedSpent(base, held.own),
    tierSpend,
    tier: tierFor(program.tiers, tierSpend),
    nearest: nearestReward(Math.max(0, balance), program.rewards),
  };
}

/** A guest's purchases, read only when the programme has tiers (their paid spend sets the tier). */
export const tierPurchases = (db: CounterDb, guestId: GuestId, program: LoyaltyProgram): Promise<PurchaseRow[]> =>
  program.tiers.length ? db.purchases.where('guestId').equals(guestId).toArray() : Promise.resolve([]);

/** Reads a guest's points; inside a writer's transaction it must include balances, ledger, stats and purchases. */
export async function guestPoints(db: CounterDb, guestId: GuestId, program: LoyaltyProgram): Promise<GuestPoints> {
  const [balance, own, stats, purchases] = await Promise.all([
    db.balances.get(guestId),
    db.ledger.where('guestId').equals(guestId).toArray(),
    db.stats.get(guestId),
    tierPurchases(db, guestId, program),
  ]);
  return pointsFrom(program, { balance, own, stats, purchases });
}

/** A ledger entry of this tablet's, carried by the outbox entry `mutationId`. */
export function ownEntry(e: LedgerEntry, guestId: GuestId, mutationId: string): LedgerRow {
  return {
    id: e.id,
    guestId,
    kind: e.kind,
    points: e.points,
    at: e.at.getTime(),
    purchaseId: e.purchaseId ?? null,
    reverses: e.reverses ?? null,
    mutationId,
    syncState: PENDING,
  };
}
