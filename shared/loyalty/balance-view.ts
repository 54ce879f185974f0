/**
 * What a tablet shows as a guest's balance: the server's balance as of its last pull (the
 * base) plus the tablet's own ledger entries that balance does not include yet — the same
 * pattern, and the same sync states, as the guest view in shared/sync/tablet-view.ts. Each
 * entry is pending (not sent), acked (the server has it) or in base (a pull after the ack
 * brought a balance that includes it). Pushes and pulls never overlap, and a round whose push
 * was not acknowledged does not pull, so a pulled balance includes exactly the entries acked
 * before it: nothing is counted twice or lost, whichever of an ack and a pull an entry meets
 * first. Where the server credited its own figure (its accrual), the tablet shows its own
 * until the pull, and the server's from then on.
 */
import { ACKED, IN_BASE, PENDING, type SyncState } from '../sync/tablet-view.ts';
import type { LedgerEntry } from './ledger.ts';

export interface OwnLedgerEntry extends Pick<LedgerEntry, 'id' | 'kind' | 'points' | 'reverses'> {
  syncState: SyncState;
}

/** An entry's state after the server acknowledged the push that carried it. */
export const afterAck = (state: SyncState): SyncState => (state === PENDING ? ACKED : state);

/** An entry's state after a pull brought its guest's balance (which includes whatever was acked). */
export const afterPull = (state: SyncState): SyncState => (state === ACKED ? IN_BASE : state);

const counted = (base: number | null, e: OwnLedgerEntry) => base !== null && e.syncState === IN_BASE;

/** The balance the tablet sees: base (null before the first pull of this guest) + its own uncounted entries. */
export function balanceView(base: number | null, own: readonly OwnLedgerEntry[]): number {
  let balance = base ?? 0;
  for (const e of own) if (!counted(base, e)) balance += e.points;
  return balance;
}

/**
 * Points this tablet has spent for the guest (redemptions, rewards, less their give-backs)
 * that the base does not include: what counts against the owner's offline cap (redemption.ts).
 */
export function unsyncedSpent(base: number | null, own: readonly OwnLedgerEntry[]): number {
  const spends = new Map<string, number>();
  for (const e of own) if (!counted(base, e) && (e.kind === 'redemption' || e.kind === 'reward')) spends.set(e.id, -e.points);
  let spent = [...spends.values()].reduce((a, b) => a + b, 0);
  for (const e of own) if (!counted(base, e) && e.kind === 'reversal' && e.reverses && spends.has(e.reverses)) spent -= e.points;
  return Math.max(0, spent);
}
