/**
 * What the counter's offers are judged from, kept in memory between reads: the café's zone,
 * rules and prepared promotions, and the rows held of each guest whose card was opened (guest,
 * stats, the purchases that carried a promotion, pulled uses, grants). Reading them is an
 * IndexedDB transaction over up to seven stores (most of an offer list's time); the guest card,
 * then the purchase screen, then each change of the check ask for the same guest's offers again.
 *
 * Coherent by invalidation, never by age: any write to a store these are read from drops
 * everything kept for that database. Dexie reports a write as its transaction completes — in
 * this tab before the writer's caller resumes, so a local write, purchase or pull is never missed;
 * from another tab by its BroadcastChannel message, so there a list may lag that tab's commit by
 * the message's delivery. A purchase never trusts what is kept: recordPurchase re-reads the
 * promotion, the guest's uses and the points inside its own transaction and re-checks them.
 * What a read started before a write returns is not kept (its generation is gone).
 */
import type { Dexie, ObservabilitySet } from 'dexie';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { PreparedPromotions } from '../../shared/promotions/eligibility.ts';
import type { Promotion } from '../../shared/promotions/promotion.ts';
import type { CounterDb } from './db.ts';
import type { HeldGuest } from './offers.ts';
import type { CounterSettings } from './settings.ts';

/** The stores the offers are read from: a write to any of them drops what is kept. */
const READ_FROM = new Set(['guests', 'stats', 'purchases', 'uses', 'grants', 'promotions', 'settings']);

export interface KeptShared {
  settings: Pick<CounterSettings, 'timeZone' | 'rules'>;
  promotions: PreparedPromotions;
  /** Whether any promotion held is personal: only then are a guest's grants read. */
  personal: boolean;
}

export interface Kept {
  shared: KeptShared | null;
  guests: Map<GuestId, HeldGuest>;
}

/** Bumped per database name by every write Dexie reports, from this tab or another. */
const generations = new Map<string, number>();
const listeners = new Map<string, Set<() => void>>();

function dropTouched(parts: ObservabilitySet): void {
  const touched = new Set<string>();
  for (const key of Object.keys(parts)) {
    if (key === 'all') {
      for (const name of new Set([...generations.keys(), ...listeners.keys()])) touched.add(name);
      continue;
    }
    // Keys read 'idb://<database>/<store>/<index>'.
    const [name, store] = key.replace(/^idb:\/\//, '').split('/');
    if (name !== undefined && store !== undefined && READ_FROM.has(store)) touched.add(name);
  }
  for (const name of touched) {
    generations.set(name, (generations.get(name) ?? 0) + 1);
    for (const listener of listeners.get(name) ?? []) listener();
  }
}

/**
 * Dexie's global event, subscribed to through the database's class when first needed: nothing
 * is kept before, so no write before matters, and this module loads no Dexie of its own (a
 * test's fake IndexedDB must be installed before Dexie loads).
 */
let listening = false;
function listen(db: CounterDb): void {
  if (listening) return;
  listening = true;
  (db.constructor as typeof Dexie).on('storagemutated', dropTouched);
}

const kept = new WeakMap<CounterDb, Kept & { generation: number; idb: IDBDatabase }>();

/**
 * What is kept for this database now; null when it is not open yet (nothing is kept before it
 * opens). A database deleted and opened again, or written since, starts empty.
 */
export function keptFor(db: CounterDb): Kept | null {
  listen(db);
  if (!db.isOpen()) return null;
  const idb = db.backendDB();
  const generation = generations.get(db.name) ?? 0;
  const k = kept.get(db);
  if (k && k.idb === idb && k.generation === generation) return k;
  const fresh = { shared: null, guests: new Map<GuestId, HeldGuest>(), generation, idb };
  kept.set(db, fresh);
  return fresh;
}

/** Calls `listener` after every write that drops what is kept for this database (any tab's); returns the unsubscribe. */
export function onKeptDropped(db: CounterDb, listener: () => void): () => void {
  listen(db);
  const set = listeners.get(db.name) ?? new Set();
  listeners.set(db.name, set);
  set.add(listener);
  return () => set.delete(listener);
}

/** The copy of a promotion the offers were last judged from, if still kept: a hint for what a purchase reads, never trusted. */
export function keptPromotion(db: CounterDb, id: string): Promotion | undefined {
  return keptFor(db)?.shared?.promotions.prepared.find((p) => p.promotion.id === id)?.promotion;
}
