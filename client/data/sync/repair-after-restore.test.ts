// A server restored from a backup older than this tablet's pairing no longer knows its token:
// the sync stops with 'bad-token' (the status bar asks to pair again), the outbox is kept, and
// once paired again everything the restored server lacks goes up, including what was acked
// before the restore.
import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { dumpDatabase, type BackupLine } from '../../../server/backup/backup.ts';
import { restoreDatabase } from '../../../server/backup/restore.ts';
import { createApp } from '../../../server/app.ts';
import { createPairingCode } from '../../../server/cafe/devices.repo.ts';
import { ensureCafe } from '../../../server/cafe/cafes.repo.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { openMemoryPglite } from '../../../server/db/pglite.ts';
import { CounterDb } from '../db.ts';
import { registerGuest } from '../guests.ts';
import { recordPurchase } from '../purchases.ts';
import { readSettings } from '../settings.ts';
import { pairTablet } from './app-sync.ts';
import { syncOnce } from './sync-once.ts';
import { httpTransport, SyncHttpError } from './transport.ts';

it('a tablet paired after the backup is told to pair again, keeps its outbox, and sends it all once re-paired', async () => {
  const server = await openMemoryPglite();
  await migrate(server);
  const app = createApp({ db: server, now: () => new Date() });
  const cafe = await ensureCafe(server);
  const lines: BackupLine[] = [];
  await dumpDatabase(server, new Date(), (l) => void lines.push(l));

  // Paired after the backup, through the counter's own pairing.
  const fetchApp = (async (input: RequestInfo | URL, init?: RequestInit) => app.request(String(input), init)) as typeof fetch;
  const db = new CounterDb(`repair-${Math.random()}`);
  await db.open();
  await pairTablet(db, '', (await createPairingCode(server, cafe.id, new Date())).code, 'Стойка', fetchApp);
  const sync = async () => {
    const { token } = await readSettings(db);
    return syncOnce(
      db,
      httpTransport('', token!, (p, i) => fetchApp(p, i)),
      () => new Date(),
    );
  };
  const anna = await registerGuest(db, { phone: '+79120000031', name: '', birthday: '', consent: false }, new Date());
  await sync();
  expect(await db.outbox.count()).toBe(0);

  await restoreDatabase(
    server,
    (async function* () {
      yield* lines;
    })(),
    { force: true, now: new Date() },
  );
  await recordPurchase(db, { guestId: anna.id, amount: '150', items: [] }, new Date());
  const refused = await sync().catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(SyncHttpError);
  expect(refused).toMatchObject({ status: 401, code: 'bad-token', fatal: true });
  expect(await db.outbox.count()).toBe(1);

  await pairTablet(db, '', (await createPairingCode(server, cafe.id, new Date())).code, 'Стойка', fetchApp);
  expect(await db.outbox.count()).toBe(1);
  await sync();
  expect(await db.outbox.count()).toBe(0);
  // Anna was acked before the restore and lost by it: sent again under the new token, with the purchase.
  expect(await server.query('SELECT purchase_count FROM guest_stats WHERE guest_id = $1', [anna.id])).toEqual([{ purchase_count: 1 }]);
  expect(await server.query('SELECT count(*)::int AS n FROM refused_mutations')).toEqual([{ n: 0 }]);
  expect((await db.stats.get(anna.id))?.purchaseCount).toBe(1);
});
