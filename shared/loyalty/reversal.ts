/**
 * Corrections to a ledger are reversing entries, never edits: a reversal carries the opposite
 * points of one original entry and names it in `reverses`. An entry is reversed at most once,
 * and a reversal is never itself reversed (post a new entry instead). Every reversal's id is
 * derived from its original — `idFor("reversal:<original id>")` — wherever it is made: two
 * tablets voiding the same purchase, a retried push, a merge job run twice all produce the
 * same id, which the server stores once. reversalProblem catches the rest before an append.
 *
 * The server credits its own accrual figure, which may differ from the tablet's; it should
 * therefore build a void's reversals from its own ledger (voidEntries), with the same ids.
 */
import type { PurchaseId } from '../domain/ids.ts';
import type { LedgerEntry } from './ledger.ts';

export const reversalName = (originalId: string): string => `reversal:${originalId}`;

/** The entry that undoes `original`. */
export function reversalOf(original: LedgerEntry, at: Date, idFor: (name: string) => string): LedgerEntry {
  return {
    id: idFor(reversalName(original.id)),
    kind: 'reversal',
    points: -original.points,
    at,
    reverses: original.id,
    ...(original.purchaseId ? { purchaseId: original.purchaseId } : {}),
  };
}

export type ReversalProblem = 'reversal-original-unknown' | 'reversal-of-reversal' | 'reversal-duplicate' | 'reversal-points-mismatch';

/**
 * Why this reversal may not be appended to the guest's ledger, or null (also for entries that
 * are not reversals). The same reversal again — same id — is a retry, not a problem: storing
 * it is a no-op.
 */
export function reversalProblem(ledger: readonly LedgerEntry[], entry: LedgerEntry): ReversalProblem | null {
  if (entry.kind !== 'reversal') return null;
  const original = ledger.find((e) => e.id === entry.reverses);
  if (!original) return 'reversal-original-unknown';
  if (original.kind === 'reversal') return 'reversal-of-reversal';
  if (ledger.some((e) => e.kind === 'reversal' && e.reverses === original.id && e.id !== entry.id)) return 'reversal-duplicate';
  if (entry.points !== -original.points) return 'reversal-points-mismatch';
  return null;
}

/** Ids of the entries some reversal in the ledger already undoes. */
export function reversedIds(ledger: readonly LedgerEntry[]): Set<string> {
  const ids = new Set<string>();
  for (const e of ledger) if (e.kind === 'reversal' && e.reverses) ids.add(e.reverses);
  return ids;
}

/**
 * A void: reversals of the purchase's entries (its accrual, its redemption) not reversed yet,
 * the latest first, as undo goes. Calling it again after they are appended gives nothing.
 */
export function voidEntries(ledger: readonly LedgerEntry[], purchaseId: PurchaseId, at: Date, idFor: (name: string) => string): LedgerEntry[] {
  const reversed = reversedIds(ledger);
  return ledger
    .filter((e) => e.purchaseId === purchaseId && e.kind !== 'reversal' && !reversed.has(e.id))
    .reverse()
    .map((e) => reversalOf(e, at, idFor));
}
