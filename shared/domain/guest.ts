/**
 * A guest's purchase statistics: the only input the segment engine needs. The server keeps
 * them as per-guest aggregates updated with each purchase; the tablet derives them from the
 * server's copy plus its own not-yet-counted purchases. Voided purchases never count.
 */
import type { GuestId, PurchaseId } from './ids.ts';
import type { Kopecks } from './money.ts';
import type { E164Phone } from './phone.ts';

export interface GuestStats {
  registeredAt: Date;
  purchaseCount: number;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  totalSpend: Kopecks;
}

export interface Guest {
  id: GuestId;
  phone: E164Phone;
  name: string | null;
  registeredAt: Date;
}

export interface Purchase {
  id: PurchaseId;
  guestId: GuestId;
  purchasedAt: Date;
  amount: Kopecks;
  voidedAt: Date | null;
}

export function emptyStats(registeredAt: Date): GuestStats {
  return { registeredAt, purchaseCount: 0, firstPurchaseAt: null, lastPurchaseAt: null, totalSpend: 0 as Kopecks };
}

/** Adds one purchase to the stats; order of addition does not matter. */
export function addPurchase(stats: GuestStats, p: Pick<Purchase, 'purchasedAt' | 'amount'>): GuestStats {
  const at = p.purchasedAt;
  return {
    registeredAt: stats.registeredAt,
    purchaseCount: stats.purchaseCount + 1,
    firstPurchaseAt: stats.firstPurchaseAt && stats.firstPurchaseAt <= at ? stats.firstPurchaseAt : at,
    lastPurchaseAt: stats.lastPurchaseAt && stats.lastPurchaseAt >= at ? stats.lastPurchaseAt : at,
    totalSpend: (stats.totalSpend + p.amount) as Kopecks,
  };
}

export function statsFromPurchases(registeredAt: Date, purchases: readonly Pick<Purchase, 'purchasedAt' | 'amount' | 'voidedAt'>[]): GuestStats {
  return purchases.filter((p) => p.voidedAt === null).reduce(addPurchase, emptyStats(registeredAt));
}
