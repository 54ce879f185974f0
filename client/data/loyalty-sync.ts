/**
 * What sync means for the tablet's bonus points, called from the ack and pull transactions
 * (sync/apply.ts): an ack moves the entries its outbox entries carried from pending to acked;
 * a pull stores the balances it brings as bases and marks this tablet's acked entries of those
 * guests as counted in them (shared/loyalty/balance-view.ts), stores the programme when the
 * owner changed it, and follows merges and deletions like the guests do.
 */
import type { GuestId } from '../../shared/domain/ids.ts';
import { afterAck, afterPull } from '../../shared/loyalty/balance-view.ts';
import type { PullResponse } from '../../shared/sync/protocol.ts';
import type { BalanceRow, CounterDb } from './db.ts';

export async function ackLedger(db: CounterDb, acked: readonly string[]): Promise<void> {
  if (!acked.length) return;
  await db.ledger
    .where('mutationId')
    .anyOf([...acked])
    .modify((e) => {
      e.syncState = afterAck(e.syncState);
    });
}

/** A merge: the surviving guest holds the entries; the server's balance of the merged one is gone. */
export async function moveLedger(db: CounterDb, from: GuestId, into: GuestId): Promise<void> {
  await db.ledger.where('guestId').equals(from).modify({ guestId: into });
  await db.balances.delete(from);
}

export async function dropLedger(db: CounterDb, guests: readonly GuestId[]): Promise<void> {
  await db.ledger
    .where('guestId')
    .anyOf([...guests])
    .delete();
  await db.balances.bulkDelete([...guests]);
}

/** Call after the page's merges and deletions, so moved entries meet their guest's new base. */
export async function storePulledLoyalty(db: CounterDb, page: Pick<PullResponse, 'balances' | 'program'>): Promise<void> {
  if (page.program) await db.settings.put({ key: 'program', value: page.program });
  if (!page.balances.length) return;
  const rows = page.balances.map(
    (b): BalanceRow => ({
      guestId: b.guestId as GuestId,
      balance: b.balance,
      overdraft: b.overdraft,
      oldestLot: b.oldestLot ? { earnedAt: Date.parse(b.oldestLot.earnedAt), points: b.oldestLot.points } : null,
    }),
  );
  await db.balances.bulkPut(rows);
  await db.ledger
    .where('guestId')
    .anyOf(rows.map((r) => r.guestId))
    .modify((e) => {
      e.syncState = afterPull(e.syncState);
    });
}
