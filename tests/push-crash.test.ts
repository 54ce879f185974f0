/**
 * kill -9 of the real server process while a tablet pushes, then a restart: the tablet sends
 * again everything it was not told was stored (and, to be hard on it, everything else too).
 * Every purchase is stored once, with its guest's stats and its one accrual — on PGlite (a data
 * folder) and on PostgreSQL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureCafe } from '../server/cafe/cafes.repo.ts';
import { createPairingCode } from '../server/cafe/devices.repo.ts';
import { type DbConfig, openDb } from '../server/db/db.ts';
import { newId } from '../server/new-id.ts';
import { PROTOCOL, type Envelope } from '../shared/sync/protocol.ts';
import { freePort } from './e2e/server.ts';
import { postgresAvailable } from './support/backends.ts';
import { createScratchDatabase } from './support/scratch-db.ts';
import { type ServerProcess, serveProcess, stopProcess, until } from './support/server-process.ts';
import { envelope, purchase, register } from './support/sync-helpers.ts';

const GUESTS = 100;
const BATCHES = 30;
const PER_BATCH = 50;

const serve = (config: DbConfig, port: number) => serveProcess({ DATA_DIR: config.dataDir ?? '', DATABASE_URL: config.databaseUrl ?? '' }, port);

async function up(server: ServerProcess) {
  await until('the server', () => server.output().includes('is running on'), server.output);
}

function pushTo(url: string, token: string, mutations: Envelope[]) {
  return fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ protocol: PROTOCOL, deviceTime: new Date().toISOString(), mutations }),
  });
}

/** The tablet's outbox: its guests first, then purchases in batches the size the counter sends. */
function outbox(now: Date): Envelope[][] {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const guests = Array.from({ length: GUESTS }, (_, i) => ({ id: newId(), phone: `+7917${String(1_000_000 + i).padStart(7, '0')}` }));
  const registrations = guests.map((g) => envelope(register(g.id, g.phone, ago(600)), ago(600)));
  const purchases = Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: PER_BATCH }, (_, i) => {
      const at = ago(500 - b);
      return envelope(purchase(guests[(b * PER_BATCH + i) % GUESTS]!.id, 100_00 + i, at), at);
    }),
  );
  return [registrations, ...purchases];
}

const backends: { name: string; available: boolean; open: () => Promise<{ config: DbConfig; drop: () => Promise<void> }> }[] = [
  {
    name: 'pglite',
    available: true,
    open: async () => ({ config: { dataDir: join(mkdtempSync(join(tmpdir(), 'push-crash-')), 'data') }, drop: async () => {} }),
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    open: async () => {
      const scratch = await createScratchDatabase();
      return { config: { databaseUrl: scratch.url }, drop: scratch.drop };
    },
  },
];

for (const backend of backends) {
  (backend.available ? describe : describe.skip)(`kill -9 mid-push [${backend.name}]`, () => {
    const drops: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const drop of drops) await drop();
    });

    it('loses nothing and stores nothing twice when the tablet sends everything again', { timeout: 300_000 }, async () => {
      const { config, drop } = await backend.open();
      drops.push(drop);
      const now = new Date();
      const setup = await openDb(config);
      const { code } = await createPairingCode(setup, (await ensureCafe(setup)).id, now);
      await setup.close();

      const batches = outbox(now);
      const first = serve(config, await freePort());
      let acked = new Set<string>();
      let cutOff = 0;
      try {
        await up(first);
        const claim = await fetch(`${first.url}/api/devices/claim`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code, name: 'Стойка' }),
        });
        const { token } = (await claim.json()) as { token: string };
        // Two pushes in flight at any time, as a tablet retrying over a slow network would have.
        let next = 0;
        const worker = async () => {
          while (next < batches.length) {
            const batch = batches[next++]!;
            try {
              const res = await pushTo(first.url, token, batch);
              for (const id of ((await res.json()) as { acked: string[] }).acked) acked.add(id);
            } catch {
              cutOff++;
            }
          }
        };
        const pushing = Promise.all([worker(), worker()]);
        await until('a third of the batches acked', () => acked.size >= GUESTS + (BATCHES / 3) * PER_BATCH, first.output);
        await stopProcess(first.child, 'SIGKILL');
        await pushing;
        // The kill landed while the tablet was still sending.
        expect(cutOff).toBeGreaterThan(0);
        expect(acked.size).toBeLessThan(GUESTS + BATCHES * PER_BATCH);

        const second = serve(config, await freePort());
        try {
          await up(second);
          const before = acked;
          acked = new Set();
          for (const batch of batches) {
            const res = await pushTo(second.url, token, batch);
            expect(res.status).toBe(200);
            const body = (await res.json()) as { acked: string[]; refused: unknown[] };
            expect(body.refused).toEqual([]);
            for (const id of body.acked) acked.add(id);
          }
          expect(acked.size).toBe(GUESTS + BATCHES * PER_BATCH);
          for (const id of before) expect(acked.has(id)).toBe(true);
        } finally {
          await stopProcess(second.child, 'SIGTERM');
        }
      } finally {
        await stopProcess(first.child, 'SIGKILL');
      }

      const db = await openDb(config);
      try {
        const [counts] = await db.query<{ guests: number; purchases: number; applied: number; counted: number; accruals: number }>(
          `SELECT (SELECT count(*)::int FROM guests) AS guests, (SELECT count(*)::int FROM purchases) AS purchases,
                  (SELECT count(*)::int FROM applied_mutations) AS applied, (SELECT sum(purchase_count)::int FROM guest_stats) AS counted,
                  (SELECT count(*)::int FROM loyalty_entries WHERE kind = 'accrual') AS accruals`,
        );
        const total = BATCHES * PER_BATCH;
        expect(counts).toEqual({ guests: GUESTS, purchases: total, applied: GUESTS + total, counted: total, accruals: total });
      } finally {
        await db.close();
      }
    });
  });
}
