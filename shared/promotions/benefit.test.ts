import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Kopecks } from '../domain/money.ts';
import { accrualMultiplier, discountFor, multiplyAccrual } from './benefit.ts';
import type { Benefit } from './promotion.ts';

const k = (n: number) => n as Kopecks;
const percent = (p: number): Benefit => ({ kind: 'percent', percent: p });
const rubles = (kop: number): Benefit => ({ kind: 'rubles', amount: k(kop) });
const times = (m: number): Benefit => ({ kind: 'points-x', multiplier: m });
const gift: Benefit = { kind: 'gift', text: 'Маффин в подарок' };

describe('discountFor', () => {
  it('takes a percent of the check, rounded down to the kopeck', () => {
    expect(discountFor(percent(20), k(350_00))).toBe(70_00);
    expect(discountFor(percent(15), k(333_33))).toBe(49_99); // 4999.95 kopecks
    expect(discountFor(percent(33), k(1_01))).toBe(33); // 33.33
    expect(discountFor(percent(1), k(99))).toBe(0); // 0.99
    expect(discountFor(percent(100), k(1234_56))).toBe(1234_56);
  });

  it('takes rubles off, never more than the check', () => {
    expect(discountFor(rubles(150_00), k(450_00))).toBe(150_00);
    expect(discountFor(rubles(150_00), k(150_00))).toBe(150_00);
    expect(discountFor(rubles(150_00), k(99_50))).toBe(99_50);
  });

  it('takes nothing off for a multiplier, a gift or no promotion', () => {
    expect(discountFor(times(2), k(500_00))).toBe(0);
    expect(discountFor(gift, k(500_00))).toBe(0);
    expect(discountFor(null, k(500_00))).toBe(0);
  });

  it('is whole kopecks between 0 and the check (property)', () => {
    const benefit = fc.oneof(fc.integer({ min: 1, max: 100 }).map(percent), fc.integer({ min: 1, max: 1_000_000_00 }).map(rubles));
    fc.assert(
      fc.property(benefit, fc.integer({ min: 1, max: 1_000_000_00 }), (b, amount) => {
        const d = discountFor(b, k(amount));
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(amount);
      }),
    );
  });
});

describe('the accrual multiplier', () => {
  it('is 1 when the benefit is not a multiplier, or there is none', () => {
    expect(accrualMultiplier(null)).toBe(1);
    expect(accrualMultiplier(percent(20))).toBe(1);
    expect(accrualMultiplier(gift)).toBe(1);
    expect(accrualMultiplier(times(2))).toBe(2);
    expect(accrualMultiplier(times(1.5))).toBe(1.5);
  });

  it('multiplies the points the purchase earns anyway, rounded down, exactly', () => {
    expect(multiplyAccrual(12, times(2))).toBe(24);
    expect(multiplyAccrual(7, times(1.5))).toBe(10); // 10.5
    expect(multiplyAccrual(45, times(1.4))).toBe(63); // 45 × 1.4 is 62.999… in floating point
    expect(multiplyAccrual(0, times(3))).toBe(0);
    expect(multiplyAccrual(17, null)).toBe(17);
    expect(multiplyAccrual(17, percent(10))).toBe(17);
  });
});
