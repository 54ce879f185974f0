/**
 * Points earned on a purchase: floor(paid × rate / 100), in whole points, where paid is the
 * money taken (purchase-money.ts), the rate is the guest's tier's or else the programme's, and
 * a promotion may multiply the accrual (×2, ×1.5) before the floor. Integer arithmetic only,
 * so the tablet and the server — which credits its own figure — always agree.
 */
import type { Kopecks } from '../domain/money.ts';
import { type BasisPoints, pointsAtRate } from './basis-points.ts';
import type { LoyaltyProgram, Tier } from './program.ts';
import { type PurchaseMoney, paidKopecks } from './purchase-money.ts';
import { tierFor } from './tiers.ts';

/** The largest accrual multiplier a promotion may set. */
export const MAX_MULTIPLIER = 100;

/**
 * A multiplier as whole hundredths (1.5 → 150). It must be 0..MAX_MULTIPLIER with at most two
 * decimals; anything else is a programming error, since the promotion's schema refuses it first.
 */
export function multiplierHundredths(multiplier: number): number {
  const h = Math.round(multiplier * 100);
  if (!Number.isFinite(multiplier) || multiplier < 0 || multiplier > MAX_MULTIPLIER || Math.abs(h - multiplier * 100) > 1e-6) {
    throw new RangeError(`an accrual multiplier must be 0..${MAX_MULTIPLIER} with at most two decimals, got ${multiplier}`);
  }
  return h;
}

/** floor(paid × rate × multiplier) in points. */
export function accrualPoints(paid: Kopecks, rate: BasisPoints, multiplier = 1): number {
  return pointsAtRate(paid, rate, multiplierHundredths(multiplier));
}

/** The rate for a guest with this much paid spend in the tier window (before the purchase). */
export function accrualRate(program: Pick<LoyaltyProgram, 'accrualRate' | 'tiers'>, spendBefore: Kopecks): BasisPoints {
  return tierFor(program.tiers, spendBefore)?.accrualRate ?? program.accrualRate;
}

export interface PurchaseAccrual {
  paid: Kopecks;
  tier: Tier | null;
  rate: BasisPoints;
  points: number;
}

/** Everything the counter shows after commit ("+17 баллов") and the server credits on push. */
export function purchaseAccrual(
  money: PurchaseMoney,
  context: { program: Pick<LoyaltyProgram, 'accrualRate' | 'tiers'>; spendBefore: Kopecks; multiplier?: number },
): PurchaseAccrual {
  const paid = paidKopecks(money);
  const tier = tierFor(context.program.tiers, context.spendBefore);
  const rate = tier?.accrualRate ?? context.program.accrualRate;
  return { paid, tier, rate, points: accrualPoints(paid, rate, context.multiplier) };
}
