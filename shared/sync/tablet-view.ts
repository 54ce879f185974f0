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
import { KOPECKS_PER_POINT } from '../loyalty/program.ts';

export const PENDING = 0;
export const ACKED = 1;
export const IN_BASE = 2;
export type SyncState = typeof PENDING | typeof ACKED | typeof IN_BASE;

export interface BaseStats {
  purchaseCount: number;
  firstPurchaseAt: number | null;
  lastPurchaseAt: number | null;
  totalSpend: Kopecks;
  /** Paid spend over the tier window (shared/loyalty/tiers.ts); absent in rows pulled before bonus points. */
  tierSpend?: Kopecks;
}

export interface OwnPurchase {
  purchasedAt: number;
  amount: Kopecks;
  /** Points spent on it: the stats count paid money, amount − points × 100. */
  pointsRedeemed?: number;
  syncState: SyncState;
  voided: unknown;
  /** State of the void, when voided. */
  voidState: SyncState | null;
}

/** The money a purchase took: what the server's stats count. */
export const ownPaid = (p: Pick<OwnPurchase, 'amount' | 'pointsRedeemed'>): Kopecks => (p.amount - (p.pointsRedeemed ?? 0) * KOPECKS_PER_POINT) as Kopecks;

/**
 * Paid spend over the tier window as the tablet sees it: the server's figure at the last pull
 * plus its own purchases that figure does not include (they are recent: inside the window),
 * less those voided here that it still counts. Same states as the stats above.
 */
export function tierSpendView(base: { tierSpend?: number } | null, own: readonly OwnPurchase[]): Kopecks {
  let spend = base?.tierSpend ?? 0;
  for (const p of own) {
    const counted = base !== null && p.syncState === IN_BASE;
    if (!counted && !p.voided) spend += ownPaid(p);
    if (counted && p.voided && p.voidState !== IN_BASE) spend -= ownPaid(p);
  }
  return Math.max(0, spend) as Kopecks;
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
    const paid = ownPaid(p);
    if (!counted && !p.voided) s = addPurchase(s, { purchasedAt: new Date(p.purchasedAt), amount: paid });
    // Voided here but the base still counts it: take it out (first/last wait for the next pull).
    if (counted && p.voided && p.voidState !== IN_BASE) s = { ...s, purchaseCount: s.purchaseCount - 1, totalSpend: (s.totalSpend - paid) as Kopecks };
  }
  return s;
}
