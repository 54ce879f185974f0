import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BasisPoints, basisPoints, formatPercent, parsePercent, pointsAtRate } from './basis-points.ts';

const bp = (n: number) => n as BasisPoints;

describe('parsePercent', () => {
  it('reads whole and decimal percents with a comma or a dot, with or without a % sign', () => {
    expect(parsePercent('5')).toEqual({ ok: true, value: 500 });
    expect(parsePercent('2,5')).toEqual({ ok: true, value: 250 });
    expect(parsePercent(' 2.75 % ')).toEqual({ ok: true, value: 275 });
    expect(parsePercent('0,01')).toEqual({ ok: true, value: 1 });
    expect(parsePercent('7,50')).toEqual({ ok: true, value: 750 });
    expect(parsePercent('3.000')).toEqual({ ok: true, value: 300 });
  });

  it('accepts 0 % and 100 % and refuses anything above', () => {
    expect(parsePercent('0')).toEqual({ ok: true, value: 0 });
    expect(parsePercent('100')).toEqual({ ok: true, value: 10_000 });
    expect(parsePercent('100,01')).toEqual({ ok: false, error: 'percent-over-100' });
  });

  it('refuses a third decimal, a negative, an empty field and words', () => {
    expect(parsePercent('2,555')).toEqual({ ok: false, error: 'percent-too-precise' });
    expect(parsePercent('-5')).toEqual({ ok: false, error: 'percent-not-number' });
    expect(parsePercent('  ')).toEqual({ ok: false, error: 'percent-empty' });
    expect(parsePercent('пять')).toEqual({ ok: false, error: 'percent-not-number' });
  });

  it('reads back whatever formatPercent wrote', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom('ru' as const, 'en' as const), (n, locale) => {
        expect(parsePercent(formatPercent(bp(n), locale))).toEqual({ ok: true, value: n });
      }),
    );
  });
});

describe('formatPercent', () => {
  it('drops trailing zeros and uses the locale’s decimal sign', () => {
    expect(formatPercent(bp(500))).toBe('5\u00a0%');
    expect(formatPercent(bp(250))).toBe('2,5\u00a0%');
    expect(formatPercent(bp(275), 'en')).toBe('2.75%');
    expect(formatPercent(bp(5), 'en')).toBe('0.05%');
  });
});

describe('basisPoints', () => {
  it('accepts 0..10000 and refuses fractions and out-of-range values', () => {
    expect(basisPoints(0)).toBe(0);
    expect(basisPoints(10_000)).toBe(10_000);
    expect(() => basisPoints(10_001)).toThrow(RangeError);
    expect(() => basisPoints(-1)).toThrow(RangeError);
    expect(() => basisPoints(2.5)).toThrow(RangeError);
  });
});

describe('pointsAtRate', () => {
  it('is floor(rubles × rate), exact where floats are not', () => {
    // 333,33 ₽ × 30 % = 99,999 ₽ → 99 points (a float gives 99.99899999999999 or 100 by luck).
    expect(pointsAtRate(33_333, bp(3000))).toBe(99);
    // 100,00 ₽ × 30 % = 30 exactly.
    expect(pointsAtRate(100_00, bp(3000))).toBe(30);
    // 0,29 ₽ at 100 % is 0 points: a point is a whole ruble.
    expect(pointsAtRate(29, bp(10_000))).toBe(0);
  });

  it('applies a multiplier in hundredths before the floor', () => {
    // 350 ₽ × 5 % = 17,5 → ×2 = 35 (not 2 × 17 = 34); ×1.5 = 26,25 → 26.
    expect(pointsAtRate(350_00, bp(500), 200)).toBe(35);
    expect(pointsAtRate(350_00, bp(500), 150)).toBe(26);
  });

  it('stays exact for amounts far beyond a safe float product', () => {
    // The largest safe kopecks at 100 % and ×10: the product (≈ 9·10²²) is far past 2⁵³;
    // the answer is floor(k / 10) exactly.
    expect(pointsAtRate(Number.MAX_SAFE_INTEGER, bp(10_000), 1000)).toBe(900_719_925_474_099);
  });

  it('refuses negative or fractional kopecks', () => {
    expect(() => pointsAtRate(-1, bp(500))).toThrow(RangeError);
    expect(() => pointsAtRate(1.5, bp(500))).toThrow(RangeError);
  });
});
