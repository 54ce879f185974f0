// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { openMemoryPglite } from '../../../server/db/pglite.ts';
import { appTransport } from '../../../tests/sync/app-transport.ts';
import { pairTablet } from '../../../tests/support/sync-helpers.ts';
import { CounterDb } from '../db.ts';
import { registerGuest } from '../guests.ts';
import { recordPurchase } from '../purchases.ts';
import { backoffMs, SyncLoop } from './sync-loop.ts';
import type { SyncTransport } from './transport.ts';

const loops: SyncLoop[] = [];
afterEach(() => {
  for (const l of loops.splice(0)) l.stop();
});

async function setup() {
  const server = await openMemoryPglite();
  await migrate(server);
  const app = createApp({ db: server, now: () => new Date() });
  const db = new CounterDb(`loop-${Math.random()}`);
  await db.open();
  let calls = 0;
  let failNext = 0;
  const transport = (token: string): SyncTransport => {
    const real = appTransport(() => app, token);
    return {
      push: (r) => {
        calls++;
        return failNext-- > 0 ? Promise.reject(new Error('offline')) : real.push(r);
      },
      pull: (s) => {
        calls++;
        return real.pull(s);
      },
    };
  };
  const loop = new SyncLoop(db, { now: () => new Date(), random: () => 0.5, transport: (s) => transport(s.token), afterWriteMs: 10, periodMs: 60_000 });
  loops.push(loop);
  return { server, app, db, loop, calls: () => calls, failNext: (n: number) => (failNext = n) };
}

const until = async (check: () => Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('sync loop', () => {
  it('leaves an unpaired tablet alone, and uploads what it recorded offline once paired', async () => {
    const s = await setup();
    const g = await registerGuest(s.db, { phone: '+79120007788', name: '', birthday: '', consent: false }, new Date());
    await recordPurchase(s.db, { guestId: g.id, amount: '300', items: [] }, new Date());
    s.loop.start();
    await s.loop.run();
    expect(s.calls()).toBe(0);
    expect(await s.db.outbox.count()).toBe(2);
    const token = await pairTablet(s.app, s.server, new Date());
    await s.db.settings.bulkPut([
      { key: 'serverUrl', value: 'in-process' },
      { key: 'token', value: token },
    ]);
    s.loop.soon(0);
    await until(async () => (await s.db.outbox.count()) === 0);
    await until(async () => (await s.db.settings.get('lastSyncAt')) !== undefined);
    expect(await s.server.query('SELECT purchase_count FROM guest_stats WHERE guest_id = $1', [g.id])).toEqual([{ purchase_count: 1 }]);
    expect((await s.db.settings.get('lastSyncAt'))?.value).toEqual(expect.any(Number));
  });

  it('syncs shortly after a write, and retries a failure with backoff', async () => {
    const s = await setup();
    const token = await pairTablet(s.app, s.server, new Date());
    await s.db.settings.bulkPut([
      { key: 'serverUrl', value: 'in-process' },
      { key: 'token', value: token },
    ]);
    s.loop.start();
    await until(async () => (await s.db.settings.get('lastSyncAt')) !== undefined);
    s.failNext(1);
    await registerGuest(s.db, { phone: '+79120007799', name: '', birthday: '', consent: false }, new Date());
    await until(async () => (await s.db.settings.get('lastSyncError'))?.value === 'network');
    await until(async () => (await s.db.settings.get('lastSyncError'))?.value === null, 5_000);
    expect(await s.db.outbox.count()).toBe(0);
  });

  it('backs off exponentially with jitter, capped at a minute', () => {
    expect(backoffMs(1, 0)).toBe(1_000);
    expect(backoffMs(1, 1)).toBe(2_000);
    expect(backoffMs(3, 0.5)).toBe(6_000);
    expect(backoffMs(20, 1)).toBe(60_000);
  });
});
