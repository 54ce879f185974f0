/**
 * "Did it work?": the guests a mailing or scenario was meant for against its holdout. Each
 * group is counted as assigned, whatever happened to the message (intention to treat):
 * dropping the recipients the cap skipped or whose message failed would compare a
 * selected group with a random one.
 *
 * A guest "returned" when they made a purchase after the reference instant (their message
 * was sent or, for the holdout, would have been) and before the end of the 14th café day
 * after it; their paid money in that window is the group's revenue.
 *
 * The difference in return rates gets a 95 % interval by Newcombe's hybrid score method
 * (method 10 of Newcombe 1998, from the two Wilson score intervals), which keeps close to
 * its nominal coverage for small groups and rates near 0 or 1, where the textbook
 * p1 − p2 ± 1.96·se interval does not. Beside it, Fisher's exact test, two-sided (the sum
 * of the probabilities of all tables with the same margins no more likely than the one
 * observed), which is exact at any size. The verdict claims an effect only when both agree,
 * and says plainly when the interval is too wide to tell a real effect from none.
 * Revenue is reported per assigned guest, with no interval: that would need each guest's
 * spend, not the group's sum.
 */
import { addCalendarDays, localDateOf, startOfLocalDay, type TimeZone } from '../domain/calendar.ts';
import type { Kopecks } from '../domain/money.ts';

export const RETURN_WINDOW_DAYS = 14;

/** The two-sided 95 % normal quantile, Φ⁻¹(0.975). */
const Z95 = 1.959963984540054;

/**
 * An interval wider than this (20 percentage points) cannot tell a 10-point change in the
 * return rate from none: below that, the verdict is that the groups are too small.
 */
export const CONCLUSIVE_WIDTH = 0.2;
export const SIGNIFICANCE = 0.05;

/** The end (exclusive) of the window in which a guest counts as returned: café midnight after the 14th day. */
export function returnDeadline(reference: Date, zone: TimeZone, days = RETURN_WINDOW_DAYS): Date {
  return startOfLocalDay(addCalendarDays(localDateOf(reference, zone), days + 1), zone);
}

export interface Outcome {
  returned: boolean;
  revenue: Kopecks;
}

/** One guest: did they buy in the window after `reference`, and what did they pay then. */
export function outcomeOf(reference: Date, purchases: readonly { at: Date; paid: Kopecks }[], zone: TimeZone, days = RETURN_WINDOW_DAYS): Outcome {
  const from = reference.getTime();
  const until = returnDeadline(reference, zone, days).getTime();
  let revenue = 0;
  let returned = false;
  for (const p of purchases) {
    const t = p.at.getTime();
    if (t > from && t < until) {
      returned = true;
      revenue += p.paid;
    }
  }
  return { returned, revenue: revenue as Kopecks };
}

export interface GroupTally {
  guests: number;
  returned: number;
  revenue: Kopecks;
}

export function tally(outcomes: readonly Outcome[]): GroupTally {
  return {
    guests: outcomes.length,
    returned: outcomes.filter((o) => o.returned).length,
    revenue: outcomes.reduce((sum, o) => sum + o.revenue, 0) as Kopecks,
  };
}

export interface Interval {
  lower: number;
  upper: number;
}

/** Wilson's score interval for a proportion (no continuity correction); null for an empty group. */
export function wilsonInterval(successes: number, trials: number, z = Z95): Interval | null {
  if (trials === 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const centre = (successes + z2 / 2) / (trials + z2);
  const half = (z * Math.sqrt(trials * p * (1 - p) + z2 / 4)) / (trials + z2);
  // At 0 or n successes the bound is exactly 0 or 1; rounding must not push it across.
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

/** Newcombe's hybrid score interval for p1 − p2 (method 10); null when a group is empty. */
export function newcombeInterval(a: { successes: number; trials: number }, b: { successes: number; trials: number }, z = Z95): Interval | null {
  const wa = wilsonInterval(a.successes, a.trials, z);
  const wb = wilsonInterval(b.successes, b.trials, z);
  if (!wa || !wb) return null;
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const d = pa - pb;
  return {
    lower: d - Math.sqrt((pa - wa.lower) ** 2 + (wb.upper - pb) ** 2),
    upper: d + Math.sqrt((wa.upper - pa) ** 2 + (pb - wb.lower) ** 2),
  };
}

/**
 * Fisher's exact test on the 2×2 table [[a, b], [c, d]], two-sided: the probability, given
 * the margins, of a table no more likely than this one. Probabilities are built by their
 * ratios from the most likely table, so no factorial is ever formed; tables within a
 * relative 1e-7 of the observed one count as equally likely (as R's fisher.test does).
 */
export function fisherExactTwoSided(a: number, b: number, c: number, d: number): number {
  for (const x of [a, b, c, d]) if (!Number.isInteger(x) || x < 0) throw new RangeError(`table cells must be whole and ≥ 0, got ${[a, b, c, d]}`);
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  const lo = Math.max(0, row1 + col1 - n);
  const hi = Math.min(row1, col1);
  if (lo === hi) return 1;
  const mode = Math.min(hi, Math.max(lo, Math.floor(((row1 + 1) * (col1 + 1)) / (n + 2))));
  const weights = new Float64Array(hi - lo + 1);
  weights[mode - lo] = 1;
  // P(x+1)/P(x) = (col1 − x)(row1 − x) / ((x + 1)(n − col1 − row1 + x + 1))
  for (let x = mode; x < hi; x += 1) weights[x + 1 - lo] = (weights[x - lo]! * (col1 - x) * (row1 - x)) / ((x + 1) * (n - col1 - row1 + x + 1));
  for (let x = mode; x > lo; x -= 1) weights[x - 1 - lo] = (weights[x - lo]! * x * (n - col1 - row1 + x)) / ((col1 - x + 1) * (row1 - x + 1));
  let total = 0;
  for (const w of weights) total += w;
  const observed = weights[a - lo]! * (1 + 1e-7);
  let tail = 0;
  for (const w of weights) if (w <= observed) tail += w;
  return Math.min(1, tail / total);
}

export type Verdict =
  /** A group is empty: nothing to compare (no holdout, or nobody was sent to). */
  | 'no-comparison'
  /** More came back among the recipients, beyond chance. */
  | 'worked'
  /** Fewer came back among the recipients, beyond chance. */
  | 'backfired'
  /** No effect shown, and the groups are too small to rule out one that matters. */
  | 'too-small'
  /** No effect shown, and the interval is narrow: any effect is small. */
  | 'no-clear-effect';

export interface GroupSummary extends GroupTally {
  /** Returned ÷ guests; null for an empty group. */
  rate: number | null;
  rateInterval: Interval | null;
  /** Revenue ÷ guests, in kopecks (a fraction); null for an empty group. */
  revenuePerGuest: number | null;
}

export interface Uplift {
  recipients: GroupSummary;
  holdout: GroupSummary;
  /** Recipients' return rate − holdout's, as a fraction (0.05 = 5 percentage points). */
  difference: number | null;
  interval: Interval | null;
  pValue: number | null;
  /** (revenue per recipient − revenue per held-out guest) × recipients: the revenue the message brought, as estimated. */
  extraRevenue: Kopecks | null;
  verdict: Verdict;
}

export function compareGroups(recipients: GroupTally, holdout: GroupTally): Uplift {
  for (const g of [recipients, holdout]) {
    if (!Number.isInteger(g.guests) || !Number.isInteger(g.returned) || g.returned < 0 || g.returned > g.guests) {
      throw new RangeError(`a group must have 0 ≤ returned ≤ guests, whole numbers: ${g.returned} of ${g.guests}`);
    }
  }
  const r = summary(recipients);
  const h = summary(holdout);
  if (r.rate === null || h.rate === null || r.revenuePerGuest === null || h.revenuePerGuest === null) {
    return { recipients: r, holdout: h, difference: null, interval: null, pValue: null, extraRevenue: null, verdict: 'no-comparison' };
  }
  const interval = newcombeInterval({ successes: recipients.returned, trials: recipients.guests }, { successes: holdout.returned, trials: holdout.guests })!;
  const pValue = fisherExactTwoSided(recipients.returned, recipients.guests - recipients.returned, holdout.returned, holdout.guests - holdout.returned);
  const significant = pValue < SIGNIFICANCE;
  const verdict: Verdict =
    significant && interval.lower > 0
      ? 'worked'
      : significant && interval.upper < 0
        ? 'backfired'
        : interval.upper - interval.lower > CONCLUSIVE_WIDTH
          ? 'too-small'
          : 'no-clear-effect';
  return {
    recipients: r,
    holdout: h,
    difference: r.rate - h.rate,
    interval,
    pValue,
    extraRevenue: Math.round((r.revenuePerGuest - h.revenuePerGuest) * recipients.guests) as Kopecks,
    verdict,
  };
}

function summary(g: GroupTally): GroupSummary {
  if (g.guests === 0) return { ...g, rate: null, rateInterval: null, revenuePerGuest: null };
  return { ...g, rate: g.returned / g.guests, rateInterval: wilsonInterval(g.returned, g.guests), revenuePerGuest: g.revenue / g.guests };
}
