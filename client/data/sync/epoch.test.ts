// A server restored from a backup while a tablet keeps working: the tablet sees the new sync
// epoch, sends again what the backup lost, pulls from the start, and nothing is lost or doubled.
import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { dumpDatabase, type BackupLine } from '../../../server/backup/backup.ts';
import { restoreDatabase } from '../../../server/backup/restore.ts';
import { createApp } from '../../../server/app.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { openMemoryPglite } from '../../../server/db/pglite.ts';
import { appTransport } from '../../../tests/sync/app-transport.ts';
import { pairTablet } from '../../../tests/support/sync-helpers.ts';
import { CounterDb } from '../db.ts';
import { registerGuest } from '../guests.ts';
import { recordPurchase } from '../purchases.ts';
import { EPOCH_KEY, RESTORE_GRACE_MS } from './epoch.ts';
import { readRefused } from './refused.ts';
import { syncOnce } from './sync-once.ts';

async function newTablet(app: ReturnType<typeof createApp>, server: Awaited<ReturnType<typeof openMemoryPglite>>, now: () => Date = () => new Date()) {
  const token = await pairTablet(app, server, new Date());
  const tablet = new CounterDb(`epoch-${Math.random()}`);
  await tablet.open();
  const transport = appTransport(() => app, token);
  return { tablet, sync: () => syncOnce(tablet, transport, now) };
}

async function setup() {
  const server = await openMemoryPglite();
  await migrate(server);
  const app = createApp({ db: server, now: () => new Date() });
  const { tablet, sync } = await newTablet(app, server);
  const backup = async () => {
    const lines: BackupLine[] = [];
    await dumpDatabase(server, new Date(), (l) => void lines.push(l));
    return lines;
  };
  const restore = async (lines: BackupLine[]) => {
    await restoreDatabase(
      server,
      (async function* () {
        yield* lines;
      })(),
      { force: true, now: new Date() },
    );
  };
  const count = async (table: string) => (await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
  return { server, app, tablet, sync, backup, restore, count };
}

const guest = (phone: string) => ({ phone, name: '', birthday: '', consent: false });

it('re-sends what a restored server lost, in order, once; the writes made meanwhile go up too', async () => {
  const s = await setup();
  const anna = await registerGuest(s.tablet, guest('+79120000001'), new Date());
  await recordPurchase(s.tablet, { guestId: anna.id, amount: '100', items: [] }, new Date());
  await s.sync();
  const epoch = (await s.tablet.settings.get(EPOCH_KEY))?.value;
  expect(epoch).toEqual(expect.any(String));
  const lines = await s.backup();

  // After the backup: a new guest with a purchase, and another purchase of the first.
  const boris = await registerGuest(s.tablet, guest('+79120000002'), new Date());
  await recordPurchase(s.tablet, { guestId: boris.id, amount: '200', items: [] }, new Date());
  await recordPurchase(s.tablet, { guestId: anna.id, amount: '300', items: [] }, new Date());
  await s.sync();
  expect([await s.count('guests'), await s.count('purchases'), await s.tablet.outbox.count()]).toEqual([2, 3, 0]);

  await s.restore(lines);
  expect([await s.count('guests'), await s.count('purchases')]).toEqual([1, 1]);
  // The tablet keeps working, then syncs.
  await recordPurchase(s.tablet, { guestId: boris.id, amount: '400', items: [] }, new Date());
  await s.sync();

  expect((await s.tablet.settings.get(EPOCH_KEY))?.value).not.toBe(epoch);
  expect([await s.count('guests'), await s.count('purchases'), await s.tablet.outbox.count()]).toEqual([2, 4, 0]);
  expect(await s.server.query('SELECT count(*)::int AS n FROM refused_mutations')).toEqual([{ n: 0 }]);
  // Pulled again from the start: the tablet's view counts each purchase once.
  expect((await s.tablet.stats.get(anna.id))?.purchaseCount).toBe(2);
  expect((await s.tablet.stats.get(boris.id))?.purchaseCount).toBe(2);
  expect((await s.tablet.stats.get(boris.id))?.totalSpend).toBe(600_00);
});

it('a tablet with nothing to send learns of the restore from its pull, re-sends, and pulls from the start', async () => {
  const s = await setup();
  const lines = await s.backup();
  const anna = await registerGuest(s.tablet, guest('+79120000003'), new Date());
  await recordPurchase(s.tablet, { guestId: anna.id, amount: '150', items: [] }, new Date());
  await s.sync();
  await s.restore(lines);
  expect(await s.count('guests')).toBe(0);

  const report = await s.sync();
  expect(report.pushed).toBe(2);
  expect([await s.count('guests'), await s.count('purchases')]).toEqual([1, 1]);
  expect((await s.tablet.stats.get(anna.id))?.purchaseCount).toBe(1);
  // Another round: the epoch is known now, nothing is sent again.
  expect((await s.sync()).pushed).toBe(0);
});

it('the first epoch a tablet sees is no restore: nothing is sent again', async () => {
  const s = await setup();
  const anna = await registerGuest(s.tablet, guest('+79120000004'), new Date());
  await s.tablet.settings.delete(EPOCH_KEY);
  expect((await s.sync()).pushed).toBe(1);
  await s.tablet.settings.delete(EPOCH_KEY);
  expect((await s.sync()).pushed).toBe(0);
  expect(await s.tablet.sent.count()).toBe(1);
  expect((await s.tablet.stats.get(anna.id))?.purchaseCount).toBe(0);
});

it('keeps a purchase of a guest another tablet registered queued until that tablet re-sends the guest', async () => {
  const s = await setup();
  const b = await newTablet(s.app, s.server); // paired before the backup: its token survives the restore
  const lines = await s.backup();
  // Tablet A registers a guest; tablet B pulls the guest and sells to them.
  const anna = await registerGuest(s.tablet, guest('+79120000005'), new Date());
  await s.sync();
  await b.sync();
  await recordPurchase(b.tablet, { guestId: anna.id, amount: '500', items: [] }, new Date());
  await b.sync();
  expect(await s.count('purchases')).toBe(1);

  await s.restore(lines);
  // B syncs first: the restored server lacks the guest; B keeps the purchase queued, not set aside.
  await b.sync();
  expect([await s.count('guests'), await s.count('purchases'), await b.tablet.outbox.count()]).toEqual([0, 0, 1]);
  expect(await readRefused(b.tablet)).toEqual([]);
  await s.sync(); // A re-sends the guest
  await b.sync(); // B's purchase now goes through
  expect([await s.count('guests'), await s.count('purchases'), await b.tablet.outbox.count()]).toEqual([1, 1, 0]);
  expect(await s.server.query('SELECT count(*)::int AS n FROM refused_mutations')).toEqual([{ n: 0 }]);
});

it('sets such a purchase aside once the restore is a day old', async () => {
  const s = await setup();
  let clock = Date.now();
  const b = await newTablet(s.app, s.server, () => new Date(clock));
  const lines = await s.backup();
  const anna = await registerGuest(s.tablet, guest('+79120000006'), new Date());
  await s.sync();
  await b.sync();
  await recordPurchase(b.tablet, { guestId: anna.id, amount: '500', items: [] }, new Date());
  await b.sync();
  await s.restore(lines);
  await b.sync();
  expect(await b.tablet.outbox.count()).toBe(1);
  clock += RESTORE_GRACE_MS - 1;
  await b.sync();
  expect(await b.tablet.outbox.count()).toBe(1);
  clock += 1;
  await b.sync();
  expect([await b.tablet.outbox.count(), (await readRefused(b.tablet)).map((r) => r.code)]).toEqual([0, ['unknown-guest']]);
});
