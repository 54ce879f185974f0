// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

/** The loop's own delays, as the tests advance them. */
const AFTER_WRITE_MS = 1_500;
const PERIOD_MS = 30_000;

const loops: SyncLoop[] = [];
// Only the loop's timers are fake: IndexedDB (fake-indexeddb, on setImmediate) and PGlite run
// for real, so each step below is a sync that really happened, at the fake time it was due.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  for (const l of loops.splice(0)) l.stop();
  vi.useRealTimers();
});

async function setup() {
  const server = await openMemoryPglite();
  await migrate(server);
  const app = createApp({ db: server, now: () => new Date() });
  const db = new CounterDb(`loop-${Math.random()}`);
  await db.open();
  let calls = 0;
  let pushes = 0;
  let failNext = 0;
  let pullGate: { reached: () => void; open: Promise<void> } | null = null;
  const transport = (token: string): SyncTransport => {
    const real = appTransport(() => app, token);
    return {
      push: (r) => {
        calls++;
        pushes++;
        return failNext-- > 0 ? Promise.reject(new Error('offline')) : real.push(r);
      },
      pull: async (s) => {
        calls++;
        if (pullGate) {
          pullGate.reached();
          await pullGate.open;
        }
        return real.pull(s);
      },
    };
  };
  const loop = new SyncLoop(db, {
    now: () => new Date(),
    random: () => 0.5,
    transport: (s) => transport(s.token),
    afterWriteMs: AFTER_WRITE_MS,
    periodMs: PERIOD_MS,
  });
  loops.push(loop);
  // Every run the loop starts (its timers call run()), so a test can wait for the syncs that
  // were due to finish instead of waiting on the clock.
  const runs: Promise<void>[] = [];
  const run = loop.run.bind(loop);
  loop.run = () => {
    const p = run();
    runs.push(p);
    return p;
  };
  /** Moves the fake clock by `ms`, then waits for every sync that became due to finish. */
  const advance = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
    for (let i = 0; i < runs.length; i++) await runs[i];
  };
  const pair = async () => {
    const token = await pairTablet(app, server, new Date());
    await db.settings.bulkPut([
      { key: 'serverUrl', value: 'in-process' },
      { key: 'token', value: token },
    ]);
  };
  const setting = async (key: string) => (await db.settings.get(key))?.value;
  /** Holds every pull until `release`; `reached` settles when the first pull is held. */
  const holdPulls = () => {
    let reached = () => {};
    let release = () => {};
    const held = new Promise<void>((r) => (reached = r));
    pullGate = { reached, open: new Promise<void>((r) => (release = r)) };
    return {
      reached: held,
      release: () => {
        pullGate = null;
        release();
      },
    };
  };
  return {
    server,
    app,
    db,
    loop,
    advance,
    pair,
    setting,
    holdPulls,
    calls: () => calls,
    pushes: () => pushes,
    failNext: (n: number) => (failNext = n),
  };
}

describe('sync loop', () => {
  it('leaves an unpaired tablet alone, and uploads what it recorded offline once paired', async () => {
    const s = await setup();
    const g = await registerGuest(s.db, { phone: '+79120007788', name: '', birthday: '', consent: false }, new Date());
    await recordPurchase(s.db, { guestId: g.id, amount: '300', items: [] }, new Date());
    s.loop.start();
    await s.advance(0); // the sync due at start
    await s.loop.run();
    expect(s.calls()).toBe(0);
    // A whole period passes: the periodic sync finds no pairing either.
    await s.advance(PERIOD_MS);
    expect(s.calls()).toBe(0);
    expect(await s.db.outbox.count()).toBe(2);
    expect(await s.setting('lastSyncAt')).toBeUndefined();

    await s.pair();
    s.loop.soon(0);
    await s.advance(0);
    expect(await s.db.outbox.count()).toBe(0);
    expect(await s.server.query('SELECT purchase_count FROM guest_stats WHERE guest_id = $1', [g.id])).toEqual([{ purchase_count: 1 }]);
    expect(await s.setting('lastSyncAt')).toEqual(expect.any(Number));
  });

  it('syncs a write after the after-write delay, and not before', async () => {
    const s = await setup();
    await s.pair();
    s.loop.start();
    await s.advance(0);
    expect(await s.setting('lastSyncAt')).toEqual(expect.any(Number));
    const pushes = s.pushes();
    await registerGuest(s.db, { phone: '+79120007799', name: '', birthday: '', consent: false }, new Date());
    await s.advance(AFTER_WRITE_MS - 1);
    expect(s.pushes()).toBe(pushes);
    expect(await s.db.outbox.count()).toBe(1);
    await s.advance(1);
    expect(s.pushes()).toBe(pushes + 1);
    expect(await s.db.outbox.count()).toBe(0);
  });

  it('retries a failed sync after the backoff, and the retry succeeds', async () => {
    const s = await setup();
    await s.pair();
    s.loop.start();
    await s.advance(0);
    expect(await s.setting('lastSyncAt')).not.toBeUndefined();
    s.failNext(1);
    await registerGuest(s.db, { phone: '+79120007799', name: '', birthday: '', consent: false }, new Date());
    await s.advance(AFTER_WRITE_MS);
    expect(await s.setting('lastSyncError')).toBe('network');
    expect(await s.db.outbox.count()).toBe(1);
    const pushes = s.pushes();
    // First failure, random 0.5: 1 s × 2¹ × (0.5 + 0.5 / 2) = 1.5 s.
    await s.advance(1_499);
    expect(s.pushes()).toBe(pushes);
    expect(await s.setting('lastSyncError')).toBe('network');
    await s.advance(1);
    expect(s.pushes()).toBe(pushes + 1);
    expect(await s.setting('lastSyncError')).toBeNull();
    expect(await s.db.outbox.count()).toBe(0);
  });

  it('runs a sync asked for during another one right after it, instead of dropping it', async () => {
    const s = await setup();
    await s.pair();
    const pulls = s.holdPulls();
    s.loop.start();
    await vi.advanceTimersByTimeAsync(0);
    await pulls.reached; // the first round waits in its pull, its push phase over (outbox empty)
    await registerGuest(s.db, { phone: '+79120007711', name: '', birthday: '', consent: false }, new Date());
    await vi.advanceTimersByTimeAsync(AFTER_WRITE_MS); // the write's sync falls due while the first runs
    expect(s.pushes()).toBe(0);
    pulls.release();
    await s.advance(0);
    expect(s.pushes()).toBe(1);
    expect(await s.db.outbox.count()).toBe(0);
  });

  it('backs off exponentially with jitter, capped at a minute', () => {
    expect(backoffMs(1, 0)).toBe(1_000);
    expect(backoffMs(1, 1)).toBe(2_000);
    expect(backoffMs(3, 0.5)).toBe(6_000);
    expect(backoffMs(20, 1)).toBe(60_000);
  });
});
