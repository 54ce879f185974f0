/**
 * How many points a check may take: whole points, at most the programme's share (30 %) of
 * (amount − discount) rounded down to a whole ruble, at most the balance the tablet sees at
 * that moment (server balance + its own pending entries, balance-view.ts), and — while the
 * tablet is offline — at most what is left of the owner's offline cap. Within these bounds
 * paid money can never go negative, and two offline tablets spending one balance overdraw it
 * by no more than their caps.
 */
import type { Kopecks } from '../domain/money.ts';
import { pointsAtRate } from './basis-points.ts';
import type { LoyaltyProgram } from './program.ts';

export interface RedemptionContext {
  amount: Kopecks;
  discount: Kopecks;
  /** The balance the tablet sees; negative while the guest is overdrawn. */
  balance: number;
  /**
   * Only while the tablet is offline: points it has spent for this guest that the server has
   * not counted yet (balance-view.ts `unsyncedSpent`). null when online: the cap does not apply.
   */
  offlineSpent: number | null;
}

export type RedemptionBound = 'max-share' | 'balance' | 'offline-cap';

export interface RedemptionLimit {
  /** The most points this check may take now (≥ 0). */
  max: number;
  /** Which bound set `max` (the first of share, balance, offline cap when several agree). */
  limitedBy: RedemptionBound;
}

export function maxRedeemable(context: RedemptionContext, program: Pick<LoyaltyProgram, 'maxRedeemShare' | 'offlineSpendCap'>): RedemptionLimit {
  const payable = Math.max(0, context.amount - context.discount);
  const bounds: [RedemptionBound, number][] = [
    ['max-share', pointsAtRate(payable, program.maxRedeemShare)],
    ['balance', Math.max(0, context.balance)],
  ];
  if (context.offlineSpent !== null && program.offlineSpendCap !== null) {
    bounds.push(['offline-cap', Math.max(0, program.offlineSpendCap - context.offlineSpent)]);
  }
  let [limitedBy, max] = bounds[0]!;
  for (const [bound, value] of bounds) if (value < max) [limitedBy, max] = [bound, value];
  return { max, limitedBy };
}

export type RedemptionProblem =
  | 'points-not-number'
  | 'points-negative'
  | 'points-fractional'
  | 'points-over-max'
  | 'points-over-balance'
  | 'points-over-offline-cap';

const OVER: Record<RedemptionBound, RedemptionProblem> = {
  'max-share': 'points-over-max',
  balance: 'points-over-balance',
  'offline-cap': 'points-over-offline-cap',
};

/** Why `requested` points cannot be spent on this check, or null when they can (0 always can). */
export function redemptionProblem(
  requested: number,
  context: RedemptionContext,
  program: Pick<LoyaltyProgram, 'maxRedeemShare' | 'offlineSpendCap'>,
): RedemptionProblem | null {
  if (!Number.isFinite(requested)) return 'points-not-number';
  if (requested < 0) return 'points-negative';
  if (!Number.isInteger(requested)) return 'points-fractional';
  const limit = maxRedeemable(context, program);
  return requested > limit.max ? OVER[limit.limitedBy] : null;
}
