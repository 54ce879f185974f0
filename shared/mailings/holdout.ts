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
  const ids = [...new Set(eligible)];
  const size = holdoutSize(ids.length, percent);
  if (size === 0) return new Set();
  const ranked = ids.map((id) => ({ id, rank: holdoutRank(seed, id) }));
  ranked.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return new Set(ranked.slice(0, size).map((r) => r.id));
}

/** Whether one occurrence (a scenario's message to one guest) is held out. */
export function isHeldOut(seed: string, key: string, percent: number): boolean {
  const problem = checkHoldoutPercent(percent);
  if (problem) throw new RangeError(`${problem}: ${percent}`);
  return holdoutRank(seed, key) / 2 ** 53 < Math.round(percent * 100) / 10_000;
}

/** A guest's place in the draw: a uniform 53-bit whole number. */
export function holdoutRank(seed: string, id: string): number {
  return cyrb53(`${seed}\u0000${id}`);
}

function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
