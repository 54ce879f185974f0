/**
 * A guest's stats row on the tablet: the view (server base + own purchases not in it, see
 * shared/sync/tablet-view.ts) and the segment the shared engine gives it as of `today`.
 */
import type { LocalDate } from '../../shared/domain/calendar.ts';
import type { GuestStats } from '../../shared/domain/guest.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { classifyGuest } from '../../shared/segments/classify.ts';
import { tabletView } from '../../shared/sync/tablet-view.ts';
import type { CounterDb, GuestRow, StatsRow } from './db.ts';
import type { CounterSettings } from './settings.ts';

export function toGuestStats(row: StatsRow | undefined, registeredAt: number): GuestStats {
  return {
    registeredAt: new Date(registeredAt),
    purchaseCount: row?.purchaseCount ?? 0,
    firstPurchaseAt: row?.firstPurchaseAt != null ? new Date(row.firstPurchaseAt) : null,
    lastPurchaseAt: row?.lastPurchaseAt != null ? new Date(row.lastPurchaseAt) : null,
    totalSpend: row?.totalSpend ?? (0 as Kopecks),
  };
}

export function toStatsRow(guestId: GuestId, stats: GuestStats, today: LocalDate, settings: CounterSettings, base: StatsRow['base']): StatsRow {
  return {
    guestId,
    purchaseCount: stats.purchaseCount,
    firstPurchaseAt: stats.firstPurchaseAt?.getTime() ?? null,
    lastPurchaseAt: stats.lastPurchaseAt?.getTime() ?? null,
    totalSpend: stats.totalSpend,
    segment: classifyGuest(stats, today, settings.timeZone, settings.rules),
    base,
  };
}

/** Recomputes a guest's view and segment from their base and the tablet's own purchases. */
export async function refreshView(db: CounterDb, guest: GuestRow, today: LocalDate, settings: CounterSettings): Promise<void> {
  const base = (await db.stats.get(guest.id))?.base ?? null;
  const own = await db.purchases.where('guestId').equals(guest.id).toArray();
  await db.stats.put(toStatsRow(guest.id, tabletView(guest.registeredAt, base, own), today, settings, base));
}
