import { newId } from './new-id.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import { tick } from '../../shared/sync/hlc.ts';
import type { CounterDb } from './db.ts';
import type { CounterSettings } from './settings.ts';
import { raiseMarker } from './device-marker.ts';

/** The highest outbox sequence number this database has given a write (kept past the entry's ack). */
export const HIGHEST_SEQ_KEY = 'highestSeq';

/**
 * Queues a write for the server, stamped with the next hybrid clock. Call inside the write's
 * own transaction (it must include outbox and settings), with the settings it already read.
 * Returns the entry's mutation id (bonus entries name the outbox entry that carries them).
 */
export async function enqueue(db: CounterDb, settings: CounterSettings, mutation: Mutation, now: Date): Promise<string> {
  const hlc = tick(settings.hlc, now.getTime(), settings.deviceId || 'tablet');
  settings.hlc = hlc; // a second write in the same transaction continues from this stamp
  const mutationId = newId();
  const [, seq] = await Promise.all([db.settings.put({ key: 'hlc', value: hlc }), db.outbox.add({ mutationId, mutation, createdAt: now.getTime(), hlc })]);
  // Counted in the database with the write, and outside it (device-marker.ts) so that a wiped database shows.
  await db.settings.put({ key: HIGHEST_SEQ_KEY, value: seq });
  raiseMarker({ highestSeq: seq });
  return mutationId;
}
