import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHoldoutPercent, chooseHoldout, holdoutRank, holdoutSize, isHeldOut } from './holdout.ts';

/** cyrb53 as its author published it (bryc, public domain), to check the rank against. */
function cyrb53Reference(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0, ch: number; i < str.length; i++) {
    ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Ids shaped like UUID v7: a time-ordered prefix, so neighbours share most characters. */
const guestIds = (n: number) => Array.from({ length: n }, (_, i) => `0190f0aa-${i.toString(16).padStart(4, '0')}-7000-8000-000000000000`);

describe('the size of a holdout', () => {
  it('is round(eligible × share), halves up, on hand-worked cases', () => {
    expect(holdoutSize(0, 10)).toBe(0);
    expect(holdoutSize(4, 10)).toBe(0); // 0.4
    expect(holdoutSize(5, 10)).toBe(1); // 0.5 rounds up
    expect(holdoutSize(14, 10)).toBe(1); // 1.4
    expect(holdoutSize(15, 10)).toBe(2); // 1.5
    expect(holdoutSize(25, 10)).toBe(3); // 2.5
    expect(holdoutSize(1, 50)).toBe(1); // 0.5
    expect(holdoutSize(3000, 10)).toBe(300);
    expect(holdoutSize(3000, 0)).toBe(0);
    expect(holdoutSize(3001, 50)).toBe(1501); // 1500.5
    expect(holdoutSize(7, 33.33)).toBe(2); // 2.3331
    expect(holdoutSize(3, 16.67)).toBe(1); // 0.5001
    expect(holdoutSize(200, 0.25)).toBe(1); // 0.5
    expect(holdoutSize(199, 0.25)).toBe(0); // 0.4975
  });

  it('does not fall into floating-point traps: 29 % of 50 is 14.5, so 15', () => {
    expect(50 * 0.29).toBeLessThan(14.5); // what a float multiplication would have rounded
    expect(holdoutSize(50, 29)).toBe(15);
    expect(holdoutSize(10, 35)).toBe(4); // 3.5
    expect(holdoutSize(20, 12.5)).toBe(3); // 2.5
  });

  it('matches whole-number arithmetic for every audience up to 400 and every whole percent 0–50', () => {
    for (let n = 0; n <= 400; n += 1) {
      for (let p = 0; p <= 50; p += 1) {
        const hundredths = n * p; // eligible × share × 100, exactly
        const expected = Math.trunc(hundredths / 100) + (hundredths % 100 >= 50 ? 1 : 0);
        expect(holdoutSize(n, p)).toBe(expected);
      }
    }
  });

  it('refuses a share outside 0–50 % or finer than 0.01 %', () => {
    expect(checkHoldoutPercent(0)).toBeNull();
    expect(checkHoldoutPercent(50)).toBeNull();
    expect(checkHoldoutPercent(12.34)).toBeNull();
    expect(checkHoldoutPercent(-0.01)).toBe('holdout-out-of-range');
    expect(checkHoldoutPercent(50.01)).toBe('holdout-out-of-range');
    expect(checkHoldoutPercent(Number.NaN)).toBe('holdout-out-of-range');
    expect(checkHoldoutPercent(12.345)).toBe('holdout-too-precise');
    expect(() => holdoutSize(10, 60)).toThrow(RangeError);
  });
});

describe('choosing the held-out guests', () => {
  it('holds out exactly the computed number of distinct guests, for many sizes and shares', () => {
    for (const n of [0, 1, 2, 3, 5, 9, 10, 11, 99, 100, 101, 333, 1000, 3001]) {
      const ids = guestIds(n);
      for (const p of [0, 0.5, 1, 5, 9.99, 10, 12.5, 25, 33.33, 49.99, 50]) {
        const held = chooseHoldout(ids, p, 'mailing-1');
        expect(held.size).toBe(holdoutSize(n, p));
        const all = new Set(ids);
        for (const id of held) expect(all.has(id)).toBe(true);
      }
    }
  });

  it('ranks by cyrb53 of seed, NUL, id', () => {
    for (const id of guestIds(50)) expect(holdoutRank('mailing-1', id)).toBe(cyrb53Reference(`mailing-1\u0000${id}`));
    expect(holdoutRank('', '')).toBe(cyrb53Reference('\u0000'));
  });

  it('holds out the guests of lowest rank, ties settled by id', () => {
    const ids = guestIds(500);
    const expected = [...ids]
      .sort((a, b) => holdoutRank('s', a) - holdoutRank('s', b) || (a < b ? -1 : 1))
      .slice(0, 50)
      .sort();
    expect([...chooseHoldout(ids, 10, 's')].sort()).toEqual(expected);
    // The same with a guest listed twice, which goes the way of equal ranks.
    expect([...chooseHoldout([...ids, ids[0]!], 10, 's')].sort()).toEqual(expected);
  });

  it('counts a guest listed twice once', () => {
    const ids = guestIds(10);
    expect(chooseHoldout([...ids, ...ids], 50, 's').size).toBe(5);
  });

  it('is the same for the same seed and audience, in any order', () => {
    const ids = guestIds(200);
    const first = [...chooseHoldout(ids, 10, 'mailing-1')].sort();
    fc.assert(
      fc.property(fc.shuffledSubarray(ids, { minLength: 200, maxLength: 200 }), (shuffled) => {
        expect([...chooseHoldout(shuffled, 10, 'mailing-1')].sort()).toEqual(first);
      }),
      { numRuns: 50 },
    );
  });

  it('differs between seeds', () => {
    const ids = guestIds(1000);
    const a = chooseHoldout(ids, 10, 'mailing-1');
    const b = chooseHoldout(ids, 10, 'mailing-2');
    const shared = [...a].filter((id) => b.has(id)).length;
    // Independent draws of 100 out of 1000 share about 10; 30 would be far out.
    expect(shared).toBeLessThan(30);
  });

  it('does not favour early or late ids (registration order)', () => {
    const ids = guestIds(10_000);
    const held = chooseHoldout(ids, 10, 'mailing-7');
    const early = ids.slice(0, 5000).filter((id) => held.has(id)).length;
    // 1000 held out; the first half should hold about 500 (sd ≈ 15).
    expect(early).toBeGreaterThan(440);
    expect(early).toBeLessThan(560);
  });

  it('ranks guests the same in any audience: on the guests two audiences share, one holdout contains the other', () => {
    const ids = guestIds(1000);
    fc.assert(
      fc.property(fc.subarray(ids, { minLength: 1 }), fc.integer({ min: 0, max: 50 }), (subset, p) => {
        const inSubset = chooseHoldout(subset, p, 'm');
        const members = new Set(subset);
        const inAllOfThem = [...chooseHoldout(ids, 10, 'm')].filter((id) => members.has(id));
        const [smaller, larger] = inSubset.size <= inAllOfThem.length ? [[...inSubset], new Set(inAllOfThem)] : [inAllOfThem, inSubset];
        for (const id of smaller) expect(larger.has(id)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('holding out a single occurrence', () => {
  it('holds out about the share, and the same keys every time', () => {
    const keys = guestIds(20_000).map((id) => `scenario:win-back:2026-11-23:${id}`);
    const held = keys.filter((k) => isHeldOut('win-back', k, 10));
    // 2000 expected, sd ≈ 42.
    expect(held.length).toBeGreaterThan(1850);
    expect(held.length).toBeLessThan(2150);
    expect(keys.filter((k) => isHeldOut('win-back', k, 10))).toEqual(held);
  });

  it('holds out nobody at 0 % and a key held out at 10 % also at 20 %', () => {
    const keys = guestIds(2000);
    expect(keys.some((k) => isHeldOut('s', k, 0))).toBe(false);
    for (const k of keys) if (isHeldOut('s', k, 10)) expect(isHeldOut('s', k, 20)).toBe(true);
  });
});
