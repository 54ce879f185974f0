import { newId } from './new-id.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import { tick } from '../../shared/sync/hlc.ts';
import type { CounterDb } from './db.ts';
import type { CounterSettings } from './settings.ts';

/**
 * Queues a write for the server, stamped with the next hybrid clock. Call inside the write's
 * own transaction (it must include outbox and settings), with the settings it already read.
 * Returns the entry's mutation id (bonus entries name the outbox entry that carries them).
 */
export async function enqueue(db: CounterDb, settings: CounterSettings, mutation: Mutation, now: Date): Promise<string> {
  const { mutationId, written } = queueEntry(db, settings, mutation, now);
  await written;
  return mutationId;
}

/**
 * As enqueue, with the mutation id known at once: a writer that has more rows to write with it
 * (a purchase's bonus entries name it) sends them all in one round instead of waiting for these.
 */
export function queueEntry(db: CounterDb, settings: CounterSettings, mutation: Mutation, now: Date): { mutationId: string; written: Promise<unknown> } {
  const hlc = tick(settings.hlc, now.getTime(), settings.deviceId || 'tablet');
  settings.hlc = hlc; // a second write in the same transaction continues from this stamp
  const mutationId = newId();
  const written = Promise.all([db.settings.put({ key: 'hlc', value: hlc }), db.outbox.add({ mutationId, mutation, createdAt: now.getTime(), hlc })]);
  return { mutationId, written };
}
