import { describe, expect, it } from 'vitest';
import type { Kopecks } from '../domain/money.ts';
import { paidKopecks, pointsToKopecks, purchaseMoneyProblem } from './purchase-money.ts';

const k = (n: number) => n as Kopecks;
const money = (amount: number, discount: number, pointsRedeemed: number) => ({ amount: k(amount), discount: k(discount), pointsRedeemed });

describe('paid money', () => {
  it('is amount − discount − points × 100 kopecks', () => {
    // 350,50 ₽ − 35,05 ₽ off − 99 points = 216,45 ₽.
    expect(paidKopecks(money(350_50, 35_05, 99))).toBe(216_45);
    expect(paidKopecks(money(350_50, 0, 0))).toBe(350_50);
  });

  it('may be exactly zero, never below', () => {
    expect(paidKopecks(money(300_00, 0, 300))).toBe(0);
    expect(paidKopecks(money(300_00, 300_00, 0))).toBe(0);
    expect(purchaseMoneyProblem(money(300_00, 0, 301))).toBe('points-over-amount');
    // 300,50 ₽ less 300 points leaves 50 kopecks; 301 points would be 50 kopecks too many.
    expect(paidKopecks(money(300_50, 0, 300))).toBe(50);
    expect(purchaseMoneyProblem(money(300_50, 0, 301))).toBe('points-over-amount');
    expect(() => paidKopecks(money(100_00, 50_00, 51))).toThrow(/points-over-amount/);
  });

  it('refuses negative or fractional points and discounts beyond the check', () => {
    expect(purchaseMoneyProblem(money(100_00, 0, -1))).toBe('points-negative');
    expect(purchaseMoneyProblem(money(100_00, 0, 1.5))).toBe('points-fractional');
    expect(purchaseMoneyProblem(money(100_00, -1, 0))).toBe('discount-negative');
    expect(purchaseMoneyProblem(money(100_00, 100_01, 0))).toBe('discount-over-amount');
    expect(purchaseMoneyProblem(money(100_00, 0.5, 0))).toBe('discount-not-kopecks');
    expect(purchaseMoneyProblem(money(100.5, 0, 0))).toBe('amount-not-kopecks');
  });

  it('converts points to kopecks at one ruble a point', () => {
    expect(pointsToKopecks(17)).toBe(1_700);
  });
});
