/**
 * A guest's bonus points are an append-only ledger of signed entries; nothing is edited or
 * deleted, a correction is a reversing entry. The balance is always the sum of the entries.
 * `replay` also tells what that balance is made of:
 *
 * - **Lots.** Every credit forms a lot dated by its `at` (its earning time). Every debit —
 *   spending, a reward, expiry, a negative adjustment — takes from the oldest lots first, so
 *   expiry (expiry.ts) can tell exactly which points are old, never "unexpired credits minus
 *   all debits", which lets a spend of old points shield them from expiring twice.
 * - **Overdraft.** A debit beyond what the lots hold (two offline tablets spent the same
 *   points) still counts: the balance goes negative by the overdraft, each such debit is
 *   listed with its share, and later credits repay the overdraft before forming new lots.
 *   So lots are empty whenever the overdraft is not zero, and balance = lots − overdraft.
 * - **Reversals** (reversal.ts) undo their original precisely: taking back a credit empties
 *   its own lot first; giving back a debit repays any overdraft, then returns the points to
 *   the lots they came from (keeping their age), and only what is left forms a new lot.
 *
 * Entries are replayed in ledger order (the order the server appended them), not sorted by
 * `at`: a tablet's clock may be wrong, and an expiry posted by a job must meet the lots as the
 * job saw them. The same entries in the same order always give the same state; an id seen
 * twice counts once.
 */
import type { PurchaseId } from '../domain/ids.ts';

export const ENTRY_KINDS = ['welcome', 'opening', 'accrual', 'redemption', 'reversal', 'reward', 'expiry', 'adjustment'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface LedgerEntry {
  /** Made where the entry is made (a tablet, offline) or derived (server jobs); unique on the server. */
  id: string;
  kind: EntryKind;
  /** Whole points, signed: a credit is positive, a debit negative; never zero. */
  points: number;
  /** When it happened by the clock of whoever made it; a credit's `at` is its lot's earning time. */
  at: Date;
  /** The purchase an accrual, a redemption or their reversal belongs to. */
  purchaseId?: PurchaseId | null;
  /** The entry a reversal undoes. */
  reverses?: string | null;
  /** Why: required for an owner's adjustment; a reward's name. */
  reason?: string | null;
}

/** Kinds that only ever add points, and kinds that only ever take them. */
const CREDITS: ReadonlySet<EntryKind> = new Set(['welcome', 'opening', 'accrual']);
const DEBITS: ReadonlySet<EntryKind> = new Set(['redemption', 'reward', 'expiry']);

export type EntryProblem =
  | 'entry-points-fractional'
  | 'entry-points-zero'
  | 'entry-points-sign'
  | 'entry-purchase-missing'
  | 'entry-reverses-missing'
  | 'entry-reverses-unexpected'
  | 'entry-reason-missing';

/** What is wrong with one entry on its own (reversal.ts checks it against the ledger). */
export function entryProblem(e: LedgerEntry): EntryProblem | null {
  if (!Number.isSafeInteger(e.points)) return 'entry-points-fractional';
  if (e.points === 0) return 'entry-points-zero';
  if ((CREDITS.has(e.kind) && e.points < 0) || (DEBITS.has(e.kind) && e.points > 0)) return 'entry-points-sign';
  if ((e.kind === 'accrual' || e.kind === 'redemption') && !e.purchaseId) return 'entry-purchase-missing';
  if (e.kind === 'reversal' && !e.reverses) return 'entry-reverses-missing';
  if (e.kind !== 'reversal' && e.reverses) return 'entry-reverses-unexpected';
  if (e.kind === 'adjustment' && !e.reason?.trim()) return 'entry-reason-missing';
  return null;
}

export interface Lot {
  /** The id of the credit that formed it. */
  id: string;
  earnedAt: Date;
  /** Points it was formed with. */
  points: number;
  /** Points not yet spent or expired (0 < remaining ≤ points in a replay's result). */
  remaining: number;
  /** Expiry entries that have taken from it so far; names the next one (expiry.ts). */
  expiries: number;
}

export interface LedgerState {
  /** The sum of all entries; negative exactly when overdraft > 0. */
  balance: number;
  /** Lots with points left, oldest first. */
  lots: Lot[];
  /** Points spent beyond the balance and not yet repaid by later credits. */
  overdraft: number;
  /** Every debit that went beyond the balance, and by how much (repaid or not): what the owner is shown. */
  overdrawn: { entryId: string; points: number }[];
}

interface Take {
  lot: Lot;
  points: number;
}

export function replay(entries: Iterable<LedgerEntry>): LedgerState {
  const lots: Lot[] = []; // by earning time; lots before `head` are all empty
  let head = 0;
  const lotById = new Map<string, Lot>();
  const takes = new Map<string, Take[]>();
  const seen = new Map<string, LedgerEntry>();
  const reversed = new Set<string>();
  let balance = 0;
  let overdraft = 0;
  const overdrawn: LedgerState['overdrawn'] = [];

  const revive = (lot: Lot) => {
    const i = lots.indexOf(lot);
    if (i < head) head = i;
  };
  const take = (lot: Lot, wanted: number, into: Take[]): number => {
    const n = Math.min(lot.remaining, wanted);
    if (n > 0) {
      lot.remaining -= n;
      into.push({ lot, points: n });
    }
    return n;
  };

  for (const e of entries) {
    if (seen.has(e.id)) continue;
    const original = e.kind === 'reversal' && e.reverses ? seen.get(e.reverses) : undefined;
    const undoes = original && original.kind !== 'reversal' && !reversed.has(original.id) && original.points === -e.points ? original : undefined;
    seen.set(e.id, e);
    if (undoes) reversed.add(undoes.id);
    balance += e.points;

    if (e.points > 0) {
      let left = e.points;
      const repaid = Math.min(left, overdraft);
      overdraft -= repaid;
      left -= repaid;
      for (const t of undoes ? (takes.get(undoes.id) ?? []) : []) {
        const n = Math.min(left, t.points);
        if (n === 0) break;
        t.lot.remaining += n;
        left -= n;
        revive(t.lot);
      }
      if (left > 0) {
        const lot: Lot = { id: e.id, earnedAt: e.at, points: left, remaining: left, expiries: 0 };
        let i = lots.length;
        while (i > 0 && lots[i - 1]!.earnedAt.getTime() > e.at.getTime()) i--;
        lots.splice(i, 0, lot);
        if (i < head) head = i;
        lotById.set(e.id, lot);
      }
    } else if (e.points < 0) {
      let left = -e.points;
      const taken: Take[] = [];
      const own = undoes ? lotById.get(undoes.id) : undefined;
      if (own) left -= take(own, left, taken);
      while (head < lots.length && lots[head]!.remaining === 0) head++;
      for (let i = head; i < lots.length && left > 0; i++) left -= take(lots[i]!, left, taken);
      if (left > 0) {
        overdraft += left;
        overdrawn.push({ entryId: e.id, points: left });
      }
      takes.set(e.id, taken);
      if (e.kind === 'expiry') for (const t of taken) t.lot.expiries += 1;
    }
  }
  return { balance, lots: lots.filter((l) => l.remaining > 0).map((l) => ({ ...l })), overdraft, overdrawn };
}
