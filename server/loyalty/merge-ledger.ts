/**
 * Two registrations of one phone became one guest (server/guests/merge.repo.ts): the merged
 * guest's entries and overdrafts move, in their ledger order, to the guest that stands, and of
 * their welcome bonuses only the earliest stays — the others are cancelled by reversal, with
 * ids derived from them, so the merge running twice cancels each once. The merged guest's
 * balance row goes; the standing guest's is replayed from the joined ledger.
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { Sql } from '../db/db.ts';
import { cafeZone, refreshBalances } from './ledger.repo.ts';
import { keepOneWelcome } from './welcome.ts';

export async function moveLedger(tx: Sql, cafeId: CafeId, from: GuestId, into: GuestId, now: Date): Promise<void> {
  const moved = await tx.query<{ id: string }>('UPDATE loyalty_entries SET guest_id = $3 WHERE cafe_id = $1 AND guest_id = $2 RETURNING id', [
    cafeId,
    from,
    into,
  ]);
  await tx.query('UPDATE loyalty_overdrafts SET guest_id = $3 WHERE cafe_id = $1 AND guest_id = $2', [cafeId, from, into]);
  await tx.query('DELETE FROM loyalty_balances WHERE cafe_id = $1 AND guest_id = $2', [cafeId, from]);
  if (moved.length === 0) return;
  const zone = await cafeZone(tx, cafeId);
  await refreshBalances(tx, cafeId, [into], zone);
  await keepOneWelcome(tx, cafeId, [into], now, zone);
}
