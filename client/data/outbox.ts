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
  const written = Promise.all([db.settings.put({ key: 'hlc', value: hlc }), db.outbox.add({ mutationId, mutation, createdAt: now.getTime(), hlc })]).then(
    async ([, seq]) => {
      // Counted in the database with the write, and outside it (device-marker.ts) so that a wiped
      // database shows. The marker only once the write has committed: an aborted transaction gives
      // its number back (IndexedDB reverts the key generator), and a marker ahead of the database
      // would later read as a wipe that never happened.
      await db.settings.put({ key: HIGHEST_SEQ_KEY, value: seq });
      // The IndexedDB transaction itself: a Dexie transaction nested in a caller's completes with its
      // own scope, before the caller's may still abort. Reached through the database's class (Dexie's
      // static) so that this module loads no Dexie of its own: tests install fake-indexeddb first.
      const idb = (db.constructor as typeof CounterDb).currentTransaction?.idbtrans;
      if (idb) idb.addEventListener('complete', () => raiseMarker({ highestSeq: seq }));
      else raiseMarker({ highestSeq: seq });
    },
  );
  return { mutationId, written };
}
