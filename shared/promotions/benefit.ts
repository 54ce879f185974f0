/**
 * What a promotion's benefit is worth on one purchase. A discount is whole kopecks and never
 * more than the check (DESIGN.md: paid = amount − discount − points): a percent rounds down
 * to the kopeck, and rubles off a smaller check take it to zero, not below. An accrual
 * multiplier is applied to the points the purchase would earn anyway, in integers
 * (multipliers are whole tenths), so ×1.4 on 45 points is 63, not the 62 floating point gives.
 */
import { kopecks, ZERO_KOPECKS, type Kopecks } from '../domain/money.ts';
import type { Benefit } from './promotion.ts';

/** Kopecks off a check of `amount` (before any benefit); 0 for a multiplier, a gift or no promotion. */
export function discountFor(benefit: Benefit | null, amount: Kopecks): Kopecks {
  if (benefit === null) return ZERO_KOPECKS;
  switch (benefit.kind) {
    case 'percent':
      return kopecks(Math.floor((amount * benefit.percent) / 100));
    case 'rubles':
      return kopecks(Math.min(benefit.amount, amount));
    case 'points-x':
    case 'gift':
      return ZERO_KOPECKS;
  }
}

/** What the purchase's accrual is multiplied by: 1 unless the benefit is a multiplier. */
export function accrualMultiplier(benefit: Benefit | null): number {
  return benefit?.kind === 'points-x' ? benefit.multiplier : 1;
}

/**
 * The points a purchase earns under the benefit, from the whole points it would earn without
 * it (floor(paid × rate / 100)): floor(points × multiplier), exact.
 */
export function multiplyAccrual(points: number, benefit: Benefit | null): number {
  const tenths = Math.round(accrualMultiplier(benefit) * 10);
  return Math.floor((points * tenths) / 10);
}
