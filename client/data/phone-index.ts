/**
 * Every guest's national digits in memory, for search by any digits of a number (IndexedDB
 * can only look up a key's beginning). Read once from the `digits` index — keys only, no
 * guest records — and dropped whenever the guests table changes, in this tab or another
 * (Dexie's storagemutated event), so a search never misses a guest registered or merged since.
 */
import type { Dexie, ObservabilitySet } from 'dexie';
import type { CounterDb } from './db.ts';

interface Cached {
  digits: Promise<string[]> | null;
}

const byDb = new Map<string, Cached>();

function dropChanged(parts: ObservabilitySet): void {
  for (const key of Object.keys(parts)) {
    // Keys name the database part changed: idb://<database>/<table>/<index>.
    const [, , dbName, table] = key.split('/');
    if (table === 'guests' && dbName) {
      const cached = byDb.get(dbName);
      if (cached) cached.digits = null;
    }
  }
}

let listening = false;

export function allGuestDigits(db: CounterDb): Promise<string[]> {
  if (!listening) {
    // Dexie's global event, reached through the database's class (a subclass of Dexie) so that
    // this module does not load Dexie itself before a test has put an IndexedDB in place.
    (db.constructor as typeof Dexie).on('storagemutated', dropChanged);
    listening = true;
  }
  const cached = byDb.get(db.name) ?? { digits: null };
  byDb.set(db.name, cached);
  if (!cached.digits) {
    const loading = db.guests.orderBy('digits').keys() as Promise<string[]>;
    cached.digits = loading;
    loading.catch(() => {
      if (cached.digits === loading) cached.digits = null;
    });
  }
  return cached.digits;
}
