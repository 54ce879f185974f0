/**
 * The ledger entries the counter makes, built one way on the tablet and (for the figures it
 * recomputes) on the server. A purchase posts its redemption before its accrual, so the points
 * spent come out of the guest's older lots and the points earned form a new one. Entries of
 * zero points are not posted.
 */
import type { PurchaseId } from '../domain/ids.ts';
import type { LedgerEntry } from './ledger.ts';
import type { LoyaltyProgram } from './program.ts';

/** The redemption and accrual of one purchase, each with a fresh id from `newId`. */
export function purchaseEntries(
  purchase: { purchaseId: PurchaseId; at: Date; pointsRedeemed: number; pointsAccrued: number },
  newId: () => string,
): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  const { purchaseId, at } = purchase;
  if (purchase.pointsRedeemed > 0) entries.push({ id: newId(), kind: 'redemption', points: -purchase.pointsRedeemed, at, purchaseId });
  if (purchase.pointsAccrued > 0) entries.push({ id: newId(), kind: 'accrual', points: purchase.pointsAccrued, at, purchaseId });
  return entries;
}

/** The welcome bonus of a guest registered at the counter; null when the programme gives none. */
export function welcomeEntry(program: Pick<LoyaltyProgram, 'welcomeBonus'>, id: string, at: Date): LedgerEntry | null {
  return program.welcomeBonus > 0 ? { id, kind: 'welcome', points: program.welcomeBonus, at } : null;
}

/** An imported guest's opening balance (their import row's `balance`); null when it is 0. */
export function openingEntry(points: number, id: string, at: Date): LedgerEntry | null {
  return points > 0 ? { id, kind: 'opening', points, at } : null;
}
