/**
 * The holdout: guests of a mailing's audience who are chosen at random to get nothing, so
 * that the mailing's report can compare those who got it with those who did not.
 *
 * A mailing holds out exactly round(eligible × share) of its eligible guests, rounding
 * halves up (5 guests at 10 % → 1); the share is 0–50 % in steps of 0.01 %, and the size
 * is computed in whole numbers so that 29 % of 50 is 15, not 14.499…. The choice is random
 * but reproducible: every guest gets a rank from a hash of the seed (the mailing's id) and
 * their id, and the lowest ranks are held out. The same seed and audience always give the
 * same holdout, in whatever order the guests are listed, so a retried or re-planned queue
 * agrees with the first; a guest's rank does not depend on who else is in the audience.
 *
 * A scenario sees its guests one by one, so no exact count is possible: each occurrence is
 * held out with probability share, decided by the same hash of the seed and the
 * occurrence's key (`isHeldOut`), again the same on every retry.
 *
 * The hash is cyrb53 (53 bits, public domain, bryc): fast, with good avalanche, and not
 * meant to be secret; nobody gains by predicting a holdout.
 */

export const DEFAULT_HOLDOUT_PERCENT = 10;
export const MAX_HOLDOUT_PERCENT = 50;

export type HoldoutProblem = 'holdout-out-of-range' | 'holdout-too-precise';

/** A share the owner may choose: 0–50 %, at most two decimals. */
export function checkHoldoutPercent(percent: number): HoldoutProblem | null {
  if (!Number.isFinite(percent) || percent < 0 || percent > MAX_HOLDOUT_PERCENT) return 'holdout-out-of-range';
  if (Math.abs(percent * 100 - Math.round(percent * 100)) > 1e-6) return 'holdout-too-precise';
  return null;
}

/** round(eligible × percent / 100), halves up, in whole numbers. */
export function holdoutSize(eligible: number, percent: number): number {
  const problem = checkHoldoutPercent(percent);
  if (problem) throw new RangeError(`${problem}: ${percent}`);
  if (!Number.isSafeInteger(eligible) || eligible < 0) throw new RangeError(`eligible must be a whole number, got ${eligible}`);
  const basisPoints = Math.round(percent * 100);
  return Math.floor((eligible * basisPoints + 5000) / 10_000);
}

/** The guests to hold out of an audience: exactly `holdoutSize` of its distinct ids. */
export function chooseHoldout<T extends string>(eligible: readonly T[], percent: number, seed: string): Set<T> {
  const rank = rankerFor(seed);
  const ranks = new Float64Array(eligible.length);
  for (let i = 0; i < eligible.length; i += 1) ranks[i] = rank(eligible[i]!);
  // A million guests must be planned in well under a second: sort the bare numbers and
  // take everything up to the k-th. Equal ranks (a guest listed twice; two ids whose
  // 53-bit hashes collide) need the ids to settle, so they take the slow, general road.
  const sorted = ranks.slice().sort();
  for (let i = 1; i < sorted.length; i += 1) if (sorted[i] === sorted[i - 1]) return chooseAmongTies(eligible, ranks, percent);
  const size = holdoutSize(eligible.length, percent);
  if (size === 0) return new Set();
  const threshold = sorted[size - 1]!;
  const held = new Set<T>();
  for (let i = 0; i < eligible.length; i += 1) if (ranks[i]! <= threshold) held.add(eligible[i]!);
  return held;
}

function chooseAmongTies<T extends string>(eligible: readonly T[], ranks: Float64Array, percent: number): Set<T> {
  const byId = new Map<T, number>();
  for (let i = 0; i < eligible.length; i += 1) byId.set(eligible[i]!, ranks[i]!);
  const ranked = [...byId].sort(([a, ra], [b, rb]) => ra - rb || (a < b ? -1 : a > b ? 1 : 0));
  return new Set(ranked.slice(0, holdoutSize(ranked.length, percent)).map(([id]) => id));
}

/** Whether one occurrence (a scenario's message to one guest) is held out. */
export function isHeldOut(seed: string, key: string, percent: number): boolean {
  const problem = checkHoldoutPercent(percent);
  if (problem) throw new RangeError(`${problem}: ${percent}`);
  return holdoutRank(seed, key) / 2 ** 53 < Math.round(percent * 100) / 10_000;
}

/** A guest's place in the draw: a uniform 53-bit whole number. */
export function holdoutRank(seed: string, id: string): number {
  return rankerFor(seed)(id);
}

/**
 * cyrb53 of `seed + NUL + id`. The hash reads its text one character at a time, so the
 * state after the seed is computed once and each id continues from it.
 */
function rankerFor(seed: string): (id: string) => number {
  let s1 = 0xdeadbeef;
  let s2 = 0x41c6ce57;
  const prefix = `${seed}\u0000`;
  for (let i = 0; i < prefix.length; i += 1) {
    const ch = prefix.charCodeAt(i);
    s1 = Math.imul(s1 ^ ch, 2654435761);
    s2 = Math.imul(s2 ^ ch, 1597334677);
  }
  return (id) => {
    let h1 = s1;
    let h2 = s2;
    for (let i = 0; i < id.length; i += 1) {
      const ch = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  };
}
