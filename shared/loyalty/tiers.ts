/**
 * Status tiers by **paid** spend over the last 365 café days: the purchase days from
 * today − 364 to today, by the café's calendar (a purchase exactly 365 days ago has left the
 * window). A guest is in the highest tier whose threshold their spend reaches — reaching it
 * exactly counts. The tier that sets a purchase's accrual is the one from spend before that
 * purchase, the way a promotion sees the guest as they were when they walked in.
 */
import { daysAgo, localDateOf, type TimeZone } from '../domain/calendar.ts';
import type { Kopecks } from '../domain/money.ts';
import type { Tier } from './program.ts';

export const TIER_WINDOW_DAYS = 365;

export interface PaidPurchase {
  purchasedAt: Date;
  /** amount − discount − points (purchase-money.ts). */
  paid: Kopecks;
  voided: boolean;
}

/** Whether a purchase at `at` is in the window ending today (a clock ahead still counts). */
export function inTierWindow(at: Date, now: Date, zone: TimeZone): boolean {
  return daysAgo(at, localDateOf(now, zone), zone) < TIER_WINDOW_DAYS;
}

/** Paid spend of the non-voided purchases in the window. */
export function tierSpend(purchases: Iterable<PaidPurchase>, now: Date, zone: TimeZone): Kopecks {
  const today = localDateOf(now, zone);
  let sum = 0;
  for (const p of purchases) if (!p.voided && daysAgo(p.purchasedAt, today, zone) < TIER_WINDOW_DAYS) sum += p.paid;
  return sum as Kopecks;
}

/** The highest tier the spend reaches; null below the first threshold (the programme's own rate). */
export function tierFor(tiers: readonly Tier[], spend: Kopecks): Tier | null {
  let reached: Tier | null = null;
  for (const t of tiers) if (spend >= t.minSpend) reached = t;
  return reached;
}

export interface TierProgress {
  tier: Tier | null;
  /** The next tier up; null at the top or when there are no tiers. */
  next: Tier | null;
  /** Paid spend still needed for `next` (always > 0); null when there is no next tier. */
  missing: Kopecks | null;
}

export function tierProgress(tiers: readonly Tier[], spend: Kopecks): TierProgress {
  const tier = tierFor(tiers, spend);
  const next = tiers.find((t) => t.minSpend > spend) ?? null;
  return { tier, next, missing: next ? ((next.minSpend - spend) as Kopecks) : null };
}
