/**
 * A guest's metrics as of a day in the café's zone. Each metric here has a twin in the
 * server's SQL (server/segments/segment-sql.ts); segments.db.test.ts runs both on the same guests.
 */
import { daysAgo, type LocalDate, type TimeZone } from '../domain/calendar.ts';
import type { GuestStats } from '../domain/guest.ts';
import type { MetricId } from './rules.ts';

export type Metrics = Readonly<Record<MetricId, number>>;

/** A month of membership is 30 days; a guest newer than that counts as one month. */
export const DAYS_PER_MONTH = 30;

export function averageCheck(stats: Pick<GuestStats, 'purchaseCount' | 'totalSpend'>): number {
  return stats.purchaseCount === 0 ? 0 : stats.totalSpend / stats.purchaseCount;
}

export function visitsPerMonth(purchaseCount: number, daysSinceFirstPurchase: number): number {
  return (purchaseCount * DAYS_PER_MONTH) / Math.max(DAYS_PER_MONTH, daysSinceFirstPurchase + 1);
}

export function guestMetrics(stats: GuestStats, today: LocalDate, zone: TimeZone): Metrics {
  const daysSinceFirstPurchase = daysAgo(stats.firstPurchaseAt ?? stats.registeredAt, today, zone);
  return {
    daysSinceRegistration: daysAgo(stats.registeredAt, today, zone),
    // A guest with no purchase counts from registration (DESIGN.md).
    daysSinceLastPurchase: daysAgo(stats.lastPurchaseAt ?? stats.registeredAt, today, zone),
    daysSinceFirstPurchase,
    purchases: stats.purchaseCount,
    totalSpend: stats.totalSpend,
    averageCheck: averageCheck(stats),
    visitsPerMonth: visitsPerMonth(stats.purchaseCount, daysSinceFirstPurchase),
  };
}
