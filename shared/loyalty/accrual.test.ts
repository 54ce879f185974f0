import { describe, expect, it } from 'vitest';
import type { Kopecks } from '../domain/money.ts';
import type { BasisPoints } from './basis-points.ts';
import { accrualPoints, accrualRate, multiplierHundredths, purchaseAccrual } from './accrual.ts';
import { DEFAULT_PROGRAM, type Tier } from './program.ts';

const k = (n: number) => n as Kopecks;
const bp = (n: number) => n as BasisPoints;

describe('accrual', () => {
  it('floors at the ruble boundary at 5 %', () => {
    // 19,99 ₽ × 5 % = 0,9995 → 0; 20,00 ₽ → exactly 1.
    expect(accrualPoints(k(19_99), bp(500))).toBe(0);
    expect(accrualPoints(k(20_00), bp(500))).toBe(1);
    // 339,99 ₽ → 16,9995 → 16; 340,00 ₽ → 17.
    expect(accrualPoints(k(339_99), bp(500))).toBe(16);
    expect(accrualPoints(k(340_00), bp(500))).toBe(17);
  });

  it('floors exactly with a rate that has decimals', () => {
    // 7,5 %: 13,33 ₽ → 0,99975 → 0; 13,34 ₽ → 1,0005 → 1.
    expect(accrualPoints(k(13_33), bp(750))).toBe(0);
    expect(accrualPoints(k(13_34), bp(750))).toBe(1);
    // 0,01 %: 10 000 ₽ → exactly 1 point; one kopeck less → 0.
    expect(accrualPoints(k(10_000_00), bp(1))).toBe(1);
    expect(accrualPoints(k(9_999_99), bp(1))).toBe(0);
  });

  it('gives nothing at 0 % or on nothing paid, and the whole rubles at 100 %', () => {
    expect(accrualPoints(k(1_000_00), bp(0))).toBe(0);
    expect(accrualPoints(k(0), bp(500))).toBe(0);
    expect(accrualPoints(k(19_99), bp(10_000))).toBe(19);
  });

  it('multiplies before the floor', () => {
    // 350 ₽ × 5 % = 17,5 → ×2 = 35, not 2 × 17; ×1.5 → 26,25 → 26.
    expect(accrualPoints(k(350_00), bp(500), 2)).toBe(35);
    expect(accrualPoints(k(350_00), bp(500), 1.5)).toBe(26);
    // ×1.15: 100 ₽ × 5 % = 5 → 5,75 → 5 (1.15 × 100 is 114.999… as a float; still 115 hundredths).
    expect(accrualPoints(k(100_00), bp(500), 1.15)).toBe(5);
  });

  it('refuses a multiplier with more than two decimals, negative or absurd', () => {
    expect(multiplierHundredths(1.15)).toBe(115);
    expect(() => multiplierHundredths(1.155)).toThrow(RangeError);
    expect(() => multiplierHundredths(-1)).toThrow(RangeError);
    expect(() => multiplierHundredths(Number.NaN)).toThrow(RangeError);
    expect(() => multiplierHundredths(101)).toThrow(RangeError);
  });
});

describe('accrual rate and a purchase’s accrual', () => {
  const silver: Tier = { id: 'silver', name: 'Серебро', minSpend: k(10_000_00), accrualRate: bp(700) };
  const program = { ...DEFAULT_PROGRAM, tiers: [silver] };

  it('uses the tier’s rate from its threshold on, the programme’s below it', () => {
    expect(accrualRate(program, k(9_999_99))).toBe(500);
    expect(accrualRate(program, k(10_000_00))).toBe(700);
  });

  it('accrues on the money paid after discount and points, at the tier of spend before the purchase', () => {
    // 500 ₽ − 50 ₽ discount − 100 points = 350 ₽ paid; silver 7 % → 24,5 → 24.
    expect(purchaseAccrual({ amount: k(500_00), discount: k(50_00), pointsRedeemed: 100 }, { program, spendBefore: k(10_000_00) })).toEqual({
      paid: 350_00,
      tier: silver,
      rate: 700,
      points: 24,
    });
    // The same purchase one kopeck short of silver: 5 % → 17,5 → 17; doubled → 35.
    expect(purchaseAccrual({ amount: k(500_00), discount: k(50_00), pointsRedeemed: 100 }, { program, spendBefore: k(9_999_99) }).points).toBe(17);
    expect(purchaseAccrual({ amount: k(500_00), discount: k(50_00), pointsRedeemed: 100 }, { program, spendBefore: k(9_999_99), multiplier: 2 }).points).toBe(
      35,
    );
  });

  it('refuses figures that would make paid money negative', () => {
    expect(() => purchaseAccrual({ amount: k(100_00), discount: k(0), pointsRedeemed: 101 }, { program, spendBefore: k(0) })).toThrow(/points-over-amount/);
  });
});
