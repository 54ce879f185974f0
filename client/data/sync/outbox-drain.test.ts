// @vitest-environment jsdom
// Issue 11, item 9: the outbox drains within one sync cycle after the network heals, with no new
// local write to nudge it (a stuck queue would wait for the next write); and a queue whose rounds
// succeed while its head does not move is reported as stuck. The real loop, the real app, on
// both back-ends.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { appTransport } from '../../../tests/sync/app-transport.ts';
import { describeOnBackends } from '../../../tests/support/backends.ts';
import { envelope, pairTablet, push, register } from '../../../tests/support/sync-helpers.ts';
import { CounterDb } from '../db.ts';
import { registerGuest } from '../guests.ts';
import { recordPurchase } from '../purchases.ts';
import { RESTORED_AT_KEY } from './epoch.ts';
import { isStuck, STUCK_KEY, STUCK_ROUNDS, type StuckState } from './stuck.ts';
import { SyncLoop } from './sync-loop.ts';
import { SyncHttpError, type SyncTransport } from './transport.ts';

const AFTER_WRITE_MS = 1_500;
const PERIOD_MS = 30_000;
const loops: SyncLoop[] = [];
// Only the loop's timers are fake: IndexedDB and the database run for real.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  for (const l of loops.splice(0)) l.stop();
  vi.useRealTimers();
});

let phone = 0;
const guest = () => ({ phone: `+7912${String(++phone).padStart(7, '0')}`, name: '', birthday: '', consent: false });

describeOnBackends('the outbox after the network heals', ({ db: server }) => {
  async function setup() {
    const app = createApp({ db: server(), now: () => new Date() });
    const db = new CounterDb(`drain-${Math.random()}`);
    await db.open();
    let online = true;
    let pushes = 0;
    let pushFails = false;
    const token = await pairTablet(app, server(), new Date());
    const transport = (): SyncTransport => {
      const real = appTransport(() => app, token);
      const down = () => Promise.reject(new TypeError('Failed to fetch'));
      return {
        push: (r) => {
          if (!online) return down();
          pushes++;
          return pushFails ? Promise.reject(new SyncHttpError(500, 'internal', 'the server failed')) : real.push(r);
        },
        pull: (s, n) => (online ? real.pull(s, n) : down()),
      };
    };
    const loop = new SyncLoop(db, { now: () => new Date(), random: () => 0.5, transport, afterWriteMs: AFTER_WRITE_MS, periodMs: PERIOD_MS });
    loops.push(loop);
    const runs: Promise<void>[] = [];
    const run = loop.run.bind(loop);
    loop.run = () => {
      const p = run();
      runs.push(p);
      return p;
    };
    const settle = async () => {
      for (let i = 0; i < runs.length; i++) await runs[i];
    };
    /**
     * The next scheduled cycle: the next timer fires (a backoff retry, or the periodic tick, which
     * asks for a sync at 0 ms — 1 ms on the fake clock, which delays a timer made while it ticks)
     * and the sync it started ends.
     */
    const nextCycle = async () => {
      await vi.advanceTimersToNextTimerAsync();
      await vi.advanceTimersByTimeAsync(1);
      await settle();
    };
    await db.settings.bulkPut([
      { key: 'serverUrl', value: 'in-process' },
      { key: 'token', value: token },
    ]);
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    await settle();
    return {
      db,
      settle,
      nextCycle,
      setOnline: (v: boolean) => (online = v),
      setPushFails: (v: boolean) => (pushFails = v),
      pushes: () => pushes,
      setting: async (key: string) => (await db.settings.get(key))?.value,
      serverCount: async (sql: string, id: string) => (await server().query<{ n: number }>(sql, [id]))[0]?.n ?? 0,
    };
  }

  it('queued while the network is down, sent by the next scheduled cycle once it heals, with no new write and no online event', async () => {
    const s = await setup();
    s.setOnline(false);
    const g = await registerGuest(s.db, guest(), new Date());
    await recordPurchase(s.db, { guestId: g.id, amount: '250', items: [] }, new Date());
    // The write's own sync and a few backed-off retries all fail.
    for (let i = 0; i < 4; i++) await s.nextCycle();
    expect(await s.setting('lastSyncError')).toBe('network');
    expect(await s.db.outbox.count()).toBe(2);

    s.setOnline(true);
    const pushes = s.pushes();
    // One cycle: a backoff retry or the periodic tick, whichever is due first.
    await s.nextCycle();
    expect(await s.db.outbox.count()).toBe(0);
    expect(s.pushes()).toBe(pushes + 1);
    expect(await s.setting('lastSyncError')).toBeNull();
    expect(await s.serverCount('SELECT purchase_count AS n FROM guest_stats WHERE guest_id = $1', g.id)).toBe(1);
  });

  it('sent at once when the browser says it is online again', async () => {
    const s = await setup();
    s.setOnline(false);
    await registerGuest(s.db, guest(), new Date());
    await vi.advanceTimersByTimeAsync(AFTER_WRITE_MS);
    await s.settle();
    expect(await s.db.outbox.count()).toBe(1);
    s.setOnline(true);
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    await s.settle();
    expect(await s.db.outbox.count()).toBe(0);
  });

  it(`says the queue is stuck after ${STUCK_ROUNDS} successful rounds that leave its head in place, and clears it once it moves`, async () => {
    const s = await setup();
    // A restored server that still lacks a guest another tablet registered: this tablet's
    // purchase of that guest is kept queued round after round (epoch.ts), while pulls succeed.
    await s.db.settings.put({ key: RESTORED_AT_KEY, value: Date.now() });
    const g = await registerGuest(s.db, guest(), new Date());
    await s.db.outbox.filter((o) => o.mutation.kind === 'guest.register').delete();
    await recordPurchase(s.db, { guestId: g.id, amount: '100', items: [] }, new Date());
    const stuck = async () => (await s.setting(STUCK_KEY)) as StuckState | undefined;
    for (let round = 1; round <= STUCK_ROUNDS; round++) {
      await vi.advanceTimersByTimeAsync(round === 1 ? AFTER_WRITE_MS : PERIOD_MS);
      await s.settle();
      expect(await s.setting('lastSyncError')).toBeNull();
      expect(await s.db.outbox.count()).toBe(1);
      expect((await stuck())?.rounds).toBe(round);
      expect(isStuck(await stuck())).toBe(round >= STUCK_ROUNDS);
    }
    // The guest reaches the server (as the other tablet's re-send would): the next round drains.
    const app = createApp({ db: server(), now: () => new Date() });
    await push(app, await pairTablet(app, server(), new Date(), 'Другая'), [envelope(register(g.id, g.phone, new Date(g.registeredAt)))]);
    await vi.advanceTimersByTimeAsync(PERIOD_MS);
    await s.settle();
    expect(await s.db.outbox.count()).toBe(0);
    expect(await stuck()).toBeUndefined();
  });

  it('says the queue is stuck when the server keeps answering its pushes with an error, but not while the network is down', async () => {
    const s = await setup();
    s.setOnline(false);
    await registerGuest(s.db, guest(), new Date());
    for (let i = 0; i < STUCK_ROUNDS + 1; i++) await s.nextCycle();
    expect(await s.setting(STUCK_KEY)).toBeUndefined();
    s.setOnline(true);
    s.setPushFails(true);
    for (let round = 1; round <= STUCK_ROUNDS; round++) {
      await s.nextCycle();
      expect(await s.setting('lastSyncError')).toBe('internal');
      expect((await s.setting(STUCK_KEY)) as StuckState).toMatchObject({ rounds: round, count: 1 });
    }
    expect(isStuck((await s.setting(STUCK_KEY)) as StuckState)).toBe(true);
    s.setPushFails(false);
    await s.nextCycle();
    expect(await s.db.outbox.count()).toBe(0);
    expect(await s.setting(STUCK_KEY)).toBeUndefined();
  });
});
