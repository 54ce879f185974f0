// @vitest-environment jsdom
// A tablet whose database was wiped, or rolled back under a kept token, is told so instead of
// starting blank in silence (local-loss.ts), and how many of its writes never reached the server.
import 'fake-indexeddb/auto';
import { beforeEach, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { openMemoryPglite } from '../../../server/db/pglite.ts';
import { appTransport } from '../../../tests/sync/app-transport.ts';
import { pairTablet } from '../../../tests/support/sync-helpers.ts';
import { CounterDb } from '../db.ts';
import { MARKER_KEY, readMarker } from '../device-marker.ts';
import { registerGuest } from '../guests.ts';
import { recordPurchase } from '../purchases.ts';
import { detectWipe, dismissLocalLoss, LOCAL_LOSS_KEY, localHighestSeq, noteDeviceSeq, type LocalLoss } from './local-loss.ts';
import { syncOnce } from './sync-once.ts';

beforeEach(() => localStorage.removeItem(MARKER_KEY));

let phone = 0;
const guest = () => ({ phone: `+7913${String(++phone).padStart(7, '0')}`, name: '', birthday: '', consent: false });
const tablet = async () => {
  const db = new CounterDb(`loss-${Math.random()}`);
  await db.open();
  return db;
};
const lossOf = async (db: CounterDb) => (await db.settings.get(LOCAL_LOSS_KEY))?.value as LocalLoss | undefined;

async function server() {
  const pg = await openMemoryPglite();
  await migrate(pg);
  const app = createApp({ db: pg, now: () => new Date() });
  return { app, pg, token: await pairTablet(app, pg, new Date()) };
}

it('a first start (no marker yet) is no loss: the marker starts from what the database holds', async () => {
  const db = await tablet();
  await registerGuest(db, guest(), new Date());
  localStorage.removeItem(MARKER_KEY); // as an app from before the marker left it
  expect(await detectWipe(db, 0)).toBeNull();
  expect(readMarker()).toEqual({ highestSeq: 1, syncedSeq: 1 });
  expect(await lossOf(db)).toBeUndefined();
});

it('counts each write in the marker, and what the server took as synced', async () => {
  const { app, token } = await server();
  const db = await tablet();
  const g = await registerGuest(db, guest(), new Date());
  await recordPurchase(db, { guestId: g.id, amount: '100', items: [] }, new Date());
  expect(readMarker()).toEqual({ highestSeq: 2, syncedSeq: 0 });
  await syncOnce(
    db,
    appTransport(() => app, token),
    () => new Date(),
  );
  expect(readMarker()).toEqual({ highestSeq: 2, syncedSeq: 2 });
  expect(await localHighestSeq(db)).toBe(2);
});

it('a write whose transaction aborts leaves the marker as it was: no wipe is told later', async () => {
  const db = await tablet();
  await registerGuest(db, guest(), new Date());
  const failed = await db
    .transaction('rw', [db.guests, db.stats, db.outbox, db.settings, db.ledger], async () => {
      await registerGuest(db, guest(), new Date());
      throw new Error('the disk is full');
    })
    .catch((e: Error) => e.message);
  expect(failed).toBe('the disk is full');
  expect(readMarker()).toEqual({ highestSeq: 1, syncedSeq: 0 });
  expect(await detectWipe(db, 0)).toBeNull();
});

it('a wiped database is told so at start, with the writes that never reached the server; once', async () => {
  const { app, token } = await server();
  const before = await tablet();
  const g = await registerGuest(before, guest(), new Date());
  await syncOnce(
    before,
    appTransport(() => app, token),
    () => new Date(),
  );
  await recordPurchase(before, { guestId: g.id, amount: '100', items: [] }, new Date());
  await recordPurchase(before, { guestId: g.id, amount: '200', items: [] }, new Date());
  // The browser drops the database (the marker in localStorage stays); the app opens a blank one.
  await before.delete();
  const after = await tablet();
  expect(await detectWipe(after, 1_000)).toEqual({ kind: 'wiped', lost: 2, at: 1_000 });
  expect(await lossOf(after)).toEqual({ kind: 'wiped', lost: 2, at: 1_000 });
  // The numbering goes on past the lost writes, and the same start is not told twice.
  await registerGuest(after, guest(), new Date());
  expect((await after.outbox.toArray()).map((o) => o.seq)).toEqual([4]);
  expect(await detectWipe(after, 2_000)).toBeNull();
  await dismissLocalLoss(after);
  expect(await lossOf(after)).toBeUndefined();
});

it('a wiped database whose writes had all been sent is told so, with none lost', async () => {
  const { app, token } = await server();
  const before = await tablet();
  await registerGuest(before, guest(), new Date());
  await syncOnce(
    before,
    appTransport(() => app, token),
    () => new Date(),
  );
  await before.delete();
  expect(await detectWipe(await tablet(), 5)).toEqual({ kind: 'wiped', lost: 0, at: 5 });
});

it('a database rolled back under its token learns at pull that the server has seen later writes of it', async () => {
  const { app, token } = await server();
  const db = await tablet();
  for (let i = 0; i < 3; i++) await registerGuest(db, guest(), new Date());
  await syncOnce(
    db,
    appTransport(() => app, token),
    () => new Date(),
  );
  // An older copy of the database comes back (a device backup restored): it knows one write, and keeps the token.
  const old = await tablet();
  await registerGuest(old, guest(), new Date());
  localStorage.removeItem(MARKER_KEY);
  await syncOnce(
    old,
    appTransport(() => app, token),
    () => new Date(1_000_000),
  );
  expect(await lossOf(old)).toEqual({ kind: 'behind', lost: 0, at: 1_000_000 });
  expect(await localHighestSeq(old)).toBe(3);
  // Told once: its next write is numbered past what the server saw.
  await dismissLocalLoss(old);
  await registerGuest(old, guest(), new Date());
  expect((await old.outbox.toArray()).map((o) => o.seq)).toEqual([4]);
  await syncOnce(
    old,
    appTransport(() => app, token),
    () => new Date(),
  );
  expect(await lossOf(old)).toBeUndefined();
});

it('an older server (no deviceSeq) or one that has seen no more than we hold says nothing', async () => {
  const db = await tablet();
  await registerGuest(db, guest(), new Date());
  expect(await noteDeviceSeq(db, undefined, 0)).toBe(false);
  expect(await noteDeviceSeq(db, 1, 0)).toBe(false);
  expect(await noteDeviceSeq(db, 2, 0)).toBe(true);
});
