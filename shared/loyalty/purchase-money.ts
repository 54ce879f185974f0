/**
 * The money of one purchase: `amount` is the check before any benefit, `discount` what a
 * promotion took off, `pointsRedeemed` the points spent on it (one point pays one ruble).
 * **Paid** = amount − discount − points × 100 kopecks: the money actually taken, which every
 * report and accrual counts. It is never negative; a purchase that would make it so is
 * refused with a code before anything is stored.
 */
import { type Kopecks, kopecks } from '../domain/money.ts';
import { KOPECKS_PER_POINT } from './program.ts';

export interface PurchaseMoney {
  amount: Kopecks;
  discount: Kopecks;
  pointsRedeemed: number;
}

export type PurchaseMoneyProblem =
  | 'amount-not-kopecks'
  | 'discount-not-kopecks'
  | 'discount-negative'
  | 'discount-over-amount'
  | 'points-negative'
  | 'points-fractional'
  | 'points-over-amount';

export const pointsToKopecks = (points: number): Kopecks => kopecks(points * KOPECKS_PER_POINT);

/** What is wrong with these figures taken together, or null. (Redemption limits: redemption.ts.) */
export function purchaseMoneyProblem(m: PurchaseMoney): PurchaseMoneyProblem | null {
  if (!Number.isSafeInteger(m.amount) || m.amount < 0) return 'amount-not-kopecks';
  if (!Number.isSafeInteger(m.discount)) return 'discount-not-kopecks';
  if (m.discount < 0) return 'discount-negative';
  if (m.discount > m.amount) return 'discount-over-amount';
  if (m.pointsRedeemed < 0) return 'points-negative';
  if (!Number.isSafeInteger(m.pointsRedeemed)) return 'points-fractional';
  if (m.pointsRedeemed * KOPECKS_PER_POINT > m.amount - m.discount) return 'points-over-amount';
  return null;
}

/** The money actually taken. Throws on figures purchaseMoneyProblem refuses: they never reach here. */
export function paidKopecks(m: PurchaseMoney): Kopecks {
  const problem = purchaseMoneyProblem(m);
  if (problem) throw new RangeError(`${problem}: amount ${m.amount}, discount ${m.discount}, points ${m.pointsRedeemed}`);
  return kopecks(m.amount - m.discount - m.pointsRedeemed * KOPECKS_PER_POINT);
}
