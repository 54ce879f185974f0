import { describe, expect, it } from 'vitest';
import type { Kopecks } from '../domain/money.ts';
import type { BasisPoints } from './basis-points.ts';
import { DEFAULT_PROGRAM } from './program.ts';
import { maxRedeemable, type RedemptionContext, redemptionProblem } from './redemption.ts';

const k = (n: number) => n as Kopecks;
const check = (amount: number, balance: number, extra: Partial<RedemptionContext> = {}): RedemptionContext => ({
  amount: k(amount),
  discount: k(0),
  balance,
  offlineSpent: null,
  ...extra,
});
const RICH = 1_000_000;

describe('the most points a check may take', () => {
  it('is 30 % of the check, floored to whole rubles, kopecks included', () => {
    // 333,33 ₽ × 30 % = 99,999 ₽ → 99 points.
    expect(maxRedeemable(check(333_33, RICH), DEFAULT_PROGRAM)).toEqual({ max: 99, limitedBy: 'max-share' });
    // 333,34 ₽ × 30 % = 100,002 → 100.
    expect(maxRedeemable(check(333_34, RICH), DEFAULT_PROGRAM).max).toBe(100);
    // 100,00 ₽ → exactly 30; 99,99 ₽ → 29,997 → 29; 3,33 ₽ → 0,999 → 0.
    expect(maxRedeemable(check(100_00, RICH), DEFAULT_PROGRAM).max).toBe(30);
    expect(maxRedeemable(check(99_99, RICH), DEFAULT_PROGRAM).max).toBe(29);
    expect(maxRedeemable(check(3_33, RICH), DEFAULT_PROGRAM).max).toBe(0);
  });

  it('takes the share of the check after the promotion’s discount', () => {
    // 500 ₽ − 166,67 ₽ = 333,33 ₽ → 99.
    expect(maxRedeemable(check(500_00, RICH, { discount: k(166_67) }), DEFAULT_PROGRAM).max).toBe(99);
  });

  it('follows the owner’s share, up to the whole check', () => {
    expect(maxRedeemable(check(333_33, RICH), { ...DEFAULT_PROGRAM, maxRedeemShare: 10_000 as BasisPoints }).max).toBe(333);
    expect(maxRedeemable(check(333_33, RICH), { ...DEFAULT_PROGRAM, maxRedeemShare: 0 as BasisPoints }).max).toBe(0);
  });

  it('is at most the balance the tablet sees, and nothing while the guest is overdrawn', () => {
    expect(maxRedeemable(check(1_000_00, 50), DEFAULT_PROGRAM)).toEqual({ max: 50, limitedBy: 'balance' });
    expect(maxRedeemable(check(1_000_00, 300), DEFAULT_PROGRAM)).toEqual({ max: 300, limitedBy: 'max-share' });
    expect(maxRedeemable(check(1_000_00, -20), DEFAULT_PROGRAM)).toEqual({ max: 0, limitedBy: 'balance' });
  });

  it('offline, is at most what is left of the cap; online the cap does not apply', () => {
    const capped = { ...DEFAULT_PROGRAM, offlineSpendCap: 100 };
    expect(maxRedeemable(check(1_000_00, 500, { offlineSpent: 0 }), capped)).toEqual({ max: 100, limitedBy: 'offline-cap' });
    expect(maxRedeemable(check(1_000_00, 500, { offlineSpent: 60 }), capped)).toEqual({ max: 40, limitedBy: 'offline-cap' });
    expect(maxRedeemable(check(1_000_00, 500, { offlineSpent: 130 }), capped)).toEqual({ max: 0, limitedBy: 'offline-cap' });
    expect(maxRedeemable(check(1_000_00, 500, { offlineSpent: null }), capped)).toEqual({ max: 300, limitedBy: 'max-share' });
    // No cap set: offline is bounded by the balance alone.
    expect(maxRedeemable(check(1_000_00, 500, { offlineSpent: 400 }), DEFAULT_PROGRAM).max).toBe(300);
    // A cap of 0: nothing may be spent offline.
    expect(maxRedeemable(check(1_000_00, 500, { offlineSpent: 0 }), { ...DEFAULT_PROGRAM, offlineSpendCap: 0 }).max).toBe(0);
  });
});

describe('checking the points asked for', () => {
  const ctx = check(333_33, 80);

  it('accepts none, and any whole number up to the maximum', () => {
    expect(redemptionProblem(0, ctx, DEFAULT_PROGRAM)).toBeNull();
    expect(redemptionProblem(80, ctx, DEFAULT_PROGRAM)).toBeNull();
  });

  it('refuses negative, fractional and non-numbers', () => {
    expect(redemptionProblem(-1, ctx, DEFAULT_PROGRAM)).toBe('points-negative');
    expect(redemptionProblem(1.5, ctx, DEFAULT_PROGRAM)).toBe('points-fractional');
    expect(redemptionProblem(Number.NaN, ctx, DEFAULT_PROGRAM)).toBe('points-not-number');
  });

  it('names the bound that was crossed', () => {
    expect(redemptionProblem(81, ctx, DEFAULT_PROGRAM)).toBe('points-over-balance');
    expect(redemptionProblem(99, check(333_33, 500), DEFAULT_PROGRAM)).toBeNull();
    expect(redemptionProblem(100, check(333_33, 500), DEFAULT_PROGRAM)).toBe('points-over-max');
    expect(redemptionProblem(51, check(1_000_00, 500, { offlineSpent: 50 }), { ...DEFAULT_PROGRAM, offlineSpendCap: 100 })).toBe('points-over-offline-cap');
  });
});
