/** Runs inside Chromium: the real tablet code syncing with the real server over HTTP. */
import { CounterDb } from '../../client/data/db.ts';
import { registerGuest } from '../../client/data/guests.ts';
import { recordPurchase } from '../../client/data/purchases.ts';
import { syncOnce } from '../../client/data/sync/sync-once.ts';
import { httpTransport } from '../../client/data/sync/transport.ts';

async function fresh(name: string): Promise<CounterDb> {
  const db = new CounterDb(name);
  await db.delete();
  await db.open();
  return db;
}

/** A day offline: `purchases` recorded for `guests` new guests, then one sync; returns the sync's ms. */
async function backlog(token: string, guests: number, purchases: number): Promise<{ ms: number; pushed: number }> {
  const db = await fresh('backlog');
  const ids = [];
  for (let i = 0; i < guests; i++)
    ids.push((await registerGuest(db, { phone: `+7903${String(1_000_000 + i)}`, name: '', birthday: '', consent: false }, new Date())).id);
  for (let i = 0; i < purchases; i++) await recordPurchase(db, { guestId: ids[i % guests]!, amount: '250', items: [] }, new Date());
  const t = performance.now();
  const report = await syncOnce(db, httpTransport(location.origin, token), () => new Date());
  return { ms: performance.now() - t, pushed: report.pushed };
}

/** A newly paired tablet: time until every guest and their stats are stored locally. */
async function firstPull(token: string): Promise<{ ms: number; guests: number }> {
  const db = await fresh('first-pull');
  const t = performance.now();
  await syncOnce(db, httpTransport(location.origin, token), () => new Date());
  return { ms: performance.now() - t, guests: await db.guests.count() };
}

const syncBench = { backlog, firstPull };
/** What the benchmark finds on the page's global object. */
export type SyncBenchWindow = { syncBench: typeof syncBench };
Object.assign(globalThis, { syncBench });
