/**
 * Imported guests' opening balances (guests.csv `balance`): one `opening` entry per guest, its
 * id derived from the guest (`opening:<guest id>`), so importing the same file again credits
 * nothing more — and a later file with another figure for the same guest does not change the
 * first (a correction is the owner's adjustment). Imported guests get no welcome bonus, and
 * imported purchases accrue nothing: they are history. Called by the import inside its batch's
 * transaction, under the café's lock.
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { openingEntry } from '../../shared/loyalty/entries.ts';
import type { Sql } from '../db/db.ts';
import { appendEntries, cafeZone, idFor, type NewEntry } from './ledger.repo.ts';

export const openingName = (guestId: GuestId | string): string => `opening:${guestId}`;

/** Credits each guest's opening points (0: nothing); returns how many were credited now. */
export async function creditOpeningBalances(tx: Sql, cafeId: CafeId, balances: readonly { guestId: GuestId; points: number }[], now: Date): Promise<number> {
  const entries: NewEntry[] = [];
  for (const { guestId, points } of balances) {
    if (!Number.isSafeInteger(points) || points < 0) throw new RangeError(`an opening balance must be whole points ≥ 0, got ${points}`);
    const entry = openingEntry(points, idFor(openingName(guestId)), now);
    if (entry) entries.push({ ...entry, guestId });
  }
  if (entries.length === 0) return 0;
  return (await appendEntries(tx, cafeId, entries, now, await cafeZone(tx, cafeId))).inserted.length;
}
