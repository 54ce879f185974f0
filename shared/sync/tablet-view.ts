/**
 * What a tablet shows for a guest: the server's stats as of its last pull (the base) plus its
 * own purchases those stats do not include yet. Each of the tablet's purchases moves through
 * three states — pending (not sent), acked (the server has it), in base (a pull after the
 * ack brought stats that include it) — and so does a void. Pushes and pulls never overlap, so
 * a pull's stats include exactly the purchases acked before it: nothing is counted twice or
 * lost, whichever of an ack and a pull a purchase meets first.
 */
import { addPurchase, emptyStats, type GuestStats } from '../domain/guest.ts';
import type { Kopecks } from '../domain/money.ts';

export const PENDING = 0;
export const ACKED = 1;
export const IN_BASE = 2;
export type SyncState = typeof PENDING | typeof ACKED | typeof IN_BASE;

export interface BaseStats {
  purchaseCount: number;
  firstPurchaseAt: number | null;
  lastPurchaseAt: number | null;
  totalSpend: Kopecks;
}

export interface OwnPurchase {
  purchasedAt: number;
  amount: Kopecks;
  syncState: SyncState;
  voided: unknown;
  /** State of the void, when voided. */
  voidState: SyncState | null;
}

export function tabletView(registeredAt: number, base: BaseStats | null, own: readonly OwnPurchase[]): GuestStats {
  let s: GuestStats = base
    ? {
        registeredAt: new Date(registeredAt),
        purchaseCount: base.purchaseCount,
        firstPurchaseAt: base.firstPurchaseAt === null ? null : new Date(base.firstPurchaseAt),
        lastPurchaseAt: base.lastPurchaseAt === null ? null : new Date(base.lastPurchaseAt),
        totalSpend: base.totalSpend,
      }
    : emptyStats(new Date(registeredAt));
  for (const p of own) {
    const counted = base !== null && p.syncState === IN_BASE;
    if (!counted && !p.voided) s = addPurchase(s, { purchasedAt: new Date(p.purchasedAt), amount: p.amount });
    // Voided here but the base still counts it: take it out (first/last wait for the next pull).
    if (counted && p.voided && p.voidState !== IN_BASE) s = { ...s, purchaseCount: s.purchaseCount - 1, totalSpend: (s.totalSpend - p.amount) as Kopecks };
  }
  return s;
}
