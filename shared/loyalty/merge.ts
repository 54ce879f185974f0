/**
 * When two registrations of one phone are merged, the surviving guest's ledger is both
 * guests' entries (in the order the server appended them) — nothing is dropped, nothing is
 * deleted. One person gets one welcome bonus, though: every welcome but the earliest is
 * cancelled by a reversal (reversal.ts, so its id is derived and a merge job that runs twice
 * posts it once). If the guest has already spent the duplicate bonus, the cancellation
 * overdraws the balance, which the owner then sees like any other overdraft.
 */
import type { LedgerEntry } from './ledger.ts';
import { reversalOf, reversedIds } from './reversal.ts';

/** Reversals to append to a merged ledger so that exactly one welcome bonus stands (the earliest). */
export function mergeCancellations(merged: readonly LedgerEntry[], at: Date, idFor: (name: string) => string): LedgerEntry[] {
  const reversed = reversedIds(merged);
  // An entry both copies carry is one entry.
  const welcomes = new Map(merged.filter((e) => e.kind === 'welcome').map((e) => [e.id, e]));
  const standing = [...welcomes.values()]
    .filter((e) => !reversed.has(e.id))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return standing.slice(1).map((w) => reversalOf(w, at, idFor));
}
