/**
 * A guest's stats row on the tablet: the view (server base + own purchases not in it, see
 * shared/sync/tablet-view.ts). It holds counts and instants only — no segment: a segment
 * depends on the day it is asked about, so it is computed when needed (guest-segment.ts).
 */
import type { GuestStats } from '../../shared/domain/guest.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { tabletView } from '../../shared/sync/tablet-view.ts';
import type { CounterDb, GuestRow, StatsRow } from './db.ts';

export function toGuestStats(row: StatsRow | undefined, registeredAt: number): GuestStats {
  return {
    registeredAt: new Date(registeredAt),
    purchaseCount: row?.purchaseCount ?? 0,
    firstPurchaseAt: row?.firstPurchaseAt != null ? new Date(row.firstPurchaseAt) : null,
    lastPurchaseAt: row?.lastPurchaseAt != null ? new Date(row.lastPurchaseAt) : null,
    totalSpend: row?.totalSpend ?? (0 as Kopecks),
  };
}

export function toStatsRow(guestId: GuestId, stats: GuestStats, base: StatsRow['base']): StatsRow {
  return {
    guestId,
    purchaseCount: stats.purchaseCount,
    firstPurchaseAt: stats.firstPurchaseAt?.getTime() ?? null,
    lastPurchaseAt: stats.lastPurchaseAt?.getTime() ?? null,
    totalSpend: stats.totalSpend,
    base,
  };
}

/** Recomputes a guest's view from their base and the tablet's own purchases. */
export async function refreshView(db: CounterDb, guest: GuestRow): Promise<void> {
  const base = (await db.stats.get(guest.id))?.base ?? null;
  const own = await db.purchases.where('guestId').equals(guest.id).toArray();
  await db.stats.put(toStatsRow(guest.id, tabletView(guest.registeredAt, base, own), base));
}
