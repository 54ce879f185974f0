import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Kopecks, kopecks } from '../domain/money.ts';
import { at, zone } from '../segments/test-helpers.ts';
import { compareGroups, fisherExactTwoSided, newcombeInterval, outcomeOf, returnDeadline, tally, wilsonInterval } from './uplift.ts';

const MSK = zone('Europe/Moscow');
const BERLIN = zone('Europe/Berlin');

/** C(n, k) exactly, for the hand-worked hypergeometric sums below. */
function choose(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 0; i < k; i += 1) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

describe('Wilson and Newcombe intervals', () => {
  it('matches Newcombe (1998) for a single proportion: 81/263 → 0.2553 to 0.3662', () => {
    const w = wilsonInterval(81, 263)!;
    expect(w.lower).toBeCloseTo(0.2553, 4);
    expect(w.upper).toBeCloseTo(0.3662, 4);
  });

  it('gives 0/n exactly 0 and z²/(n + z²) by hand: 0/10 → 0 to 3.8415/13.8415 = 0.2775', () => {
    const w = wilsonInterval(0, 10)!;
    expect(w.lower).toBe(0);
    expect(w.upper).toBeCloseTo(1.959963984540054 ** 2 / (10 + 1.959963984540054 ** 2), 12);
    expect(w.upper).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10)!.upper).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  // Newcombe RG. Interval estimation for the difference between independent proportions:
  // comparison of eleven methods. Stat Med 1998;17:873–890, Table II, method 10.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ])('matches Newcombe’s worked example %i/%i − %i/%i: %f to %f', (a, n, b, m, lower, upper) => {
    const i = newcombeInterval({ successes: a, trials: n }, { successes: b, trials: m })!;
    expect(Math.abs(i.lower - lower)).toBeLessThan(0.00005);
    expect(Math.abs(i.upper - upper)).toBeLessThan(0.00005);
  });

  const proportion = fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  it('contains the observed difference and stays within −1 to 1', () => {
    fc.assert(
      fc.property(proportion, proportion, ([a, n], [b, m]) => {
        const i = newcombeInterval({ successes: a, trials: n }, { successes: b, trials: m })!;
        const d = a / n - b / m;
        expect(i.lower).toBeLessThanOrEqual(d + 1e-12);
        expect(i.upper).toBeGreaterThanOrEqual(d - 1e-12);
        expect(i.lower).toBeGreaterThanOrEqual(-1 - 1e-12);
        expect(i.upper).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});

describe('Fisher’s exact test, two-sided', () => {
  it('the tea-tasting table [[3, 1], [1, 3]]: (1 + 16 + 16 + 1)/70', () => {
    // Tables with these margins have C(4,k)·C(4,4−k) = 1, 16, 36, 16, 1 (of 70) for k = 0..4;
    // the observed k = 3 has 16, and every table no more likely: k = 0, 1, 3, 4.
    expect(fisherExactTwoSided(3, 1, 1, 3)).toBeCloseTo(34 / 70, 14);
  });

  it('[[1, 9], [11, 3]]: (66 + 2640 + 2640 + 66) / C(24, 10) = 0.002759', () => {
    // Rows of 10 and 14, a first column of 12: P(x) = C(12, x)·C(12, 10 − x) / C(24, 10).
    expect(choose(12, 1) * choose(12, 9)).toBe(2640n);
    expect(choose(12, 0) * choose(12, 10)).toBe(66n);
    expect(choose(24, 10)).toBe(1961256n);
    expect(fisherExactTwoSided(1, 9, 11, 3)).toBeCloseTo(5412 / 1961256, 12);
    expect(fisherExactTwoSided(1, 9, 11, 3)).toBeCloseTo(0.002759, 6);
  });

  it('is 1 when only one table fits the margins or the groups are identical', () => {
    expect(fisherExactTwoSided(0, 10, 0, 10)).toBe(1);
    expect(fisherExactTwoSided(5, 5, 5, 5)).toBeCloseTo(1, 12);
  });

  it('agrees with an exact sum over every table for small tables, and is symmetric', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(12), fc.nat(12), fc.nat(12), fc.nat(12)), ([a, b, c, d]) => {
        const row1 = a + b;
        const col1 = a + c;
        const n = a + b + c + d;
        const prob = (x: number) => choose(col1, x) * choose(n - col1, row1 - x);
        const observed = prob(a);
        let tail = 0n;
        let total = 0n;
        for (let x = Math.max(0, row1 + col1 - n); x <= Math.min(row1, col1); x += 1) {
          total += prob(x);
          if (prob(x) <= observed) tail += prob(x);
        }
        const p = fisherExactTwoSided(a, b, c, d);
        expect(p).toBeCloseTo(Number(tail) / Number(total), 10);
        expect(fisherExactTwoSided(c, d, a, b)).toBeCloseTo(p, 12);
        expect(fisherExactTwoSided(a, c, b, d)).toBeCloseTo(p, 12);
      }),
      { numRuns: 300 },
    );
  });

  it('handles groups of thousands without overflow', () => {
    const p = fisherExactTwoSided(900, 2100, 80, 220);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThanOrEqual(1);
    expect(fisherExactTwoSided(1500, 1500, 100, 200)).toBeLessThan(1e-6);
  });

  it('refuses negative or fractional cells', () => {
    expect(() => fisherExactTwoSided(-1, 2, 3, 4)).toThrow(RangeError);
    expect(() => fisherExactTwoSided(1.5, 2, 3, 4)).toThrow(RangeError);
  });
});

describe('who returned within 14 days', () => {
  const sentMonday = at('2026-11-16T10:00', MSK);
  const p = (local: string, rubles: number, z = MSK) => ({ at: at(local, z), paid: kopecks(rubles * 100) });

  it('counts purchases after the message up to the end of the 14th café day after its day', () => {
    expect(returnDeadline(sentMonday, MSK)).toEqual(at('2026-12-01T00:00', MSK));
    expect(outcomeOf(sentMonday, [p('2026-11-30T23:59', 350)], MSK)).toEqual({ returned: true, revenue: 35000 });
    expect(outcomeOf(sentMonday, [p('2026-12-01T00:00', 350)], MSK)).toEqual({ returned: false, revenue: 0 });
    expect(outcomeOf(sentMonday, [{ at: sentMonday, paid: kopecks(100) }, p('2026-11-10T12:00', 200)], MSK)).toEqual({ returned: false, revenue: 0 });
    expect(outcomeOf(sentMonday, [p('2026-11-16T10:01', 200), p('2026-11-20T12:00', 150)], MSK)).toEqual({ returned: true, revenue: 35000 });
  });

  it('ends the window at the café midnight across a daylight-saving change', () => {
    expect(returnDeadline(at('2026-10-20T12:00', BERLIN), BERLIN).toISOString()).toBe('2026-11-03T23:00:00.000Z'); // 4 Nov 00:00 CET
  });

  it('tallies a group', () => {
    const outcomes = [
      { returned: true, revenue: kopecks(500_00) },
      { returned: false, revenue: kopecks(0) },
      { returned: true, revenue: kopecks(300_00) },
    ];
    expect(tally(outcomes)).toEqual({ guests: 3, returned: 2, revenue: 800_00 });
  });
});

describe('the verdict', () => {
  const group = (guests: number, returned: number, rubles = 0) => ({ guests, returned, revenue: (rubles * 100) as Kopecks });

  it('estimates the revenue the message brought from revenue per assigned guest', () => {
    // Recipients: 4 guests, 800 ₽ in all (200 ₽ each); holdout: 2 guests, 100 ₽ (50 ₽ each):
    // 150 ₽ more per recipient, times 4 recipients = 600 ₽.
    const u = compareGroups(group(4, 2, 800), group(2, 1, 100));
    expect(u.recipients.revenuePerGuest).toBe(200_00);
    expect(u.holdout.revenuePerGuest).toBe(50_00);
    expect(u.extraRevenue).toBe(600_00);
    expect(u.difference).toBe(0);
  });

  it('says there is nothing to compare without a holdout', () => {
    const u = compareGroups(group(300, 90), group(0, 0));
    expect(u).toMatchObject({ verdict: 'no-comparison', difference: null, interval: null, pValue: null, extraRevenue: null });
    expect(u.holdout.rate).toBeNull();
    expect(u.recipients.rate).toBeCloseTo(0.3, 12);
  });

  it('says a café of 300 with a 10 % holdout is too small: 30 % against 20 % proves nothing', () => {
    const u = compareGroups(group(270, 81), group(30, 6));
    expect(u.difference).toBeCloseTo(0.1, 12);
    expect(u.pValue).toBeGreaterThan(0.05);
    expect(u.interval!.upper - u.interval!.lower).toBeGreaterThan(0.2);
    expect(u.verdict).toBe('too-small');
  });

  it('says it worked when both the test and the interval show more returns', () => {
    const u = compareGroups(group(400, 120), group(200, 20));
    expect(u.interval!.lower).toBeGreaterThan(0);
    expect(u.pValue).toBeLessThan(0.05);
    expect(u.verdict).toBe('worked');
  });

  it('says it backfired when fewer came back beyond chance', () => {
    expect(compareGroups(group(400, 60), group(200, 60)).verdict).toBe('backfired');
  });

  it('says no clear effect when large groups came back alike', () => {
    const u = compareGroups(group(2000, 600), group(2000, 590));
    expect(u.interval!.upper - u.interval!.lower).toBeLessThan(0.2);
    expect(u.verdict).toBe('no-clear-effect');
  });

  it('refuses a group with more returned than guests', () => {
    expect(() => compareGroups(group(10, 11), group(10, 1))).toThrow(RangeError);
  });
});
