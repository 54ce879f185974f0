/**
 * A reward from the programme's catalogue given for points at the counter ("Десерт — 150
 * баллов"): its ledger entry and its outbox entry in one transaction, bounded like points spent
 * on a check by the balance the tablet sees and, offline, by the owner's cap
 * (shared/loyalty/rewards.ts). The server debits its own catalogue's price under the same id.
 */
import type { GuestId } from '../../shared/domain/ids.ts';
import { rewardEntry, rewardProblem } from '../../shared/loyalty/rewards.ts';
import type { CounterDb, LedgerRow } from './db.ts';
import { CounterError, guardQuota } from './errors.ts';
import { guestPoints, ownEntry } from './loyalty.ts';
import { newId } from './new-id.ts';
import { enqueue } from './outbox.ts';
import { readSettings } from './settings.ts';

export async function giveReward(db: CounterDb, input: { guestId: GuestId; rewardId: string; online: boolean }, now: Date): Promise<LedgerRow> {
  return guardQuota(() =>
    db.transaction('rw', [db.guests, db.purchases, db.stats, db.outbox, db.settings, db.ledger, db.balances], async () => {
      const settings = await readSettings(db);
      const guest = await db.guests.get(input.guestId);
      if (!guest) throw new CounterError('guest-not-found');
      const { program } = settings;
      const points = await guestPoints(db, guest.id, program);
      const problem = rewardProblem(input.rewardId, { balance: points.balance, offlineSpent: input.online ? null : points.unsyncedSpent }, program);
      if (problem) throw new CounterError(problem, 'reward');
      const reward = program.rewards.find((r) => r.id === input.rewardId)!;
      const entry = rewardEntry(reward, newId(), now);
      const mutationId = await enqueue(
        db,
        settings,
        { kind: 'loyalty.reward', entryId: entry.id, guestId: guest.id, rewardId: reward.id, points: reward.price, givenAt: now.toISOString() },
        now,
      );
      const row = ownEntry(entry, guest.id, mutationId);
      await db.ledger.add(row);
      return row;
    }),
  );
}
