/**
 * WebKit closes IndexedDB under a page that was in the background ("Connection to Indexed
 * Database server lost"): the browser closes the connection and fires `close`. The counter must
 * carry on with the next write, on a reopened database, with nothing recorded lost.
 */
import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { CounterDb } from './db.ts';
import { searchGuests } from './guest-search.ts';
import { registerGuest } from './guests.ts';
import { recordPurchase } from './purchases.ts';

const NOW = new Date('2026-11-22T09:00:00Z');

/** What the browser does when it loses the connection: closes it under the page and says so. */
function loseConnection(db: CounterDb) {
  const idb = db.backendDB();
  idb.close();
  idb.onclose?.call(idb, new Event('close'));
}

it('reopens the database after the browser closed it, and the next purchase and search work', async () => {
  const db = new CounterDb(`reopen-${Math.random()}`);
  await db.open();
  const anna = await registerGuest(db, { phone: '+7 912 345-67-89', name: 'Анна', birthday: '', consent: true }, NOW);
  const lost = db.backendDB();

  loseConnection(db);
  expect(db.isOpen()).toBe(false);

  const bought = await recordPurchase(db, { guestId: anna.id, amount: '250', items: [] }, NOW);
  expect(db.isOpen()).toBe(true);
  expect(db.backendDB()).not.toBe(lost);
  expect((await searchGuests(db, '4567')).guests.map((g) => g.id)).toEqual([anna.id]);
  expect((await db.outbox.toArray()).map((o) => o.mutation.kind)).toEqual(['guest.register', 'purchase.record']);
  expect(await db.purchases.get(bought.id)).toMatchObject({ amount: 250_00 });
});
