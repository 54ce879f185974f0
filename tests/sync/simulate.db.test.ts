import { expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { openPostgres } from '../../server/db/postgres.ts';
import { type Db, type DbConfig, openDb } from '../../server/db/db.ts';
import { simulate } from './simulate.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { postgresAvailable } from '../support/backends.ts';
import { createScratchDatabase } from '../support/scratch-db.ts';

/** Points spent on every tablet, the double spend flagged, and nothing lost, doubled or out of step. */
function expectPointsKept(r: Awaited<ReturnType<typeof simulate>>) {
  expect(r).toMatchObject({ pointsLost: 0, pointsDoubled: 0, overdraftsUnflagged: 0, balanceMismatches: 0 });
  expect(r.pointsSpent.every((n) => n > 0)).toBe(true);
  expect(r.overdrafts).toBeGreaterThanOrEqual(1);
}

/**
 * Offers applied on every tablet; every flag the server raised is one the tablet could not
 * have known about, and the once-only offer staged on two offline tablets is among them.
 */
function expectOffersAudited(r: Awaited<ReturnType<typeof simulate>>) {
  expect(r.offersApplied.every((n) => n > 0)).toBe(true);
  expect(r).toMatchObject({ offersFlaggedKnowable: 0, offersFlaggedUnrecorded: 0, stagedLimitBreak: 'used-once' });
  expect(r.offersFlaggedUnknowable).toBe(r.offersFlagged);
  expect(r.offersFlaggedByReason['used-once']).toBeGreaterThanOrEqual(1);
}

/** Every hostile mutation refused and none of it stored, every valid one beside them applied, no 5xx; no honest refusal. */
function expectHostileRefused(r: Awaited<ReturnType<typeof simulate>>) {
  expect(r.hostile).toMatchObject({ tablets: 1, leaked: 0, wronglyApplied: 0, wronglyRefused: 0, serverErrors: 0, failures: [] });
  expect(r.hostile.refused).toBeGreaterThan(0);
  expect(r.hostile.applied).toBeGreaterThan(0);
  expect(r.hostile.refused + r.hostile.applied).toBe(r.hostile.sent);
  expect(r.hostile.clockFlagged).toBe(r.hostile.clockAhead);
  expect(r).toMatchObject({ refused: 0, serverErrors: 0 });
}

describe('simulated tablets under faults', () => {
  it.each([1, 2])(
    'PGlite on disk, seed %i: nothing lost, nothing doubled, all converge',
    async (seed) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'sim-'));
      const r = await simulate({ tablets: 3, guests: 60, purchases: 700, faultRate: 0.3, seed, hostile: 1, open: () => openDb({ dataDir }) });
      expect(r).toMatchObject({ lost: 0, duplicated: 0, refused: 0, converged: true, serverMode: 'in-process', kills: { total: 0 } });
      expect(Object.values(r.faults).every((n) => n > 0)).toBe(true);
      // 700 random sales, the two that spend one balance and the two that use one once-only offer on two offline tablets,
      // and the hostile tablet's valid ones.
      expect(r.server.purchases).toBe(704 + r.hostilePurchases);
      expectHostileRefused(r);
      // Every kind of hostile mutation was sent (the seeded generator picks them; the run is the same every time).
      expect(Object.keys(r.hostile.byKind).sort()).toEqual([
        'amount-max-safe',
        'amount-over-ceiling',
        'at-ahead',
        'foreign-void',
        'name-bidi',
        'name-nul',
        'reused-guest-id',
        'reused-mutation-id',
        'reused-purchase-id',
        'stamp-ahead',
        'stamp-garbled',
        'time-ahead',
        'valid-ceiling',
        'valid-purchase',
        'valid-register',
      ]);
      expectPointsKept(r);
      expectOffersAudited(r);
      for (const v of r.tabletViews) expect(v).toMatchObject({ guests: r.server.guests, visits: r.server.purchases - r.server.voided, spend: r.server.spend });
    },
    180_000,
  );

  it.skipIf(!postgresAvailable)(
    'PostgreSQL, seed 3: nothing lost, nothing doubled, all converge',
    async () => {
      const scratch = await createScratchDatabase();
      try {
        const { migrate } = await import('../../server/db/migrate.ts');
        const r = await simulate({
          tablets: 3,
          guests: 60,
          purchases: 700,
          faultRate: 0.3,
          seed: 3,
          hostile: 1,
          open: async () => {
            const db = await openPostgres(scratch.url);
            await migrate(db);
            return db;
          },
        });
        expect(r).toMatchObject({ lost: 0, duplicated: 0, converged: true });
        expect(r.server.purchases).toBe(704 + r.hostilePurchases);
        expectHostileRefused(r);
        expectPointsKept(r);
        expectOffersAudited(r);
      } finally {
        await scratch.drop();
      }
    },
    180_000,
  );

  /**
   * The server as its own process on the same storage, killed (SIGKILL) with exchanges in
   * flight and started again: nothing lost, doubled or out of step, the hostile tablet refused.
   */
  const killed = async (open: () => Promise<Db>, config: DbConfig) => {
    const r = await simulate({ tablets: 3, guests: 40, purchases: 200, faultRate: 0.3, seed: 4, hostile: 1, open, process: config });
    expect(r).toMatchObject({ lost: 0, duplicated: 0, converged: true, serverMode: 'process' });
    expect(r.kills.total).toBe(r.faults.restart);
    expect(r.kills.total).toBeGreaterThan(0);
    expect(r.server.purchases).toBe(204 + r.hostilePurchases);
    expectHostileRefused(r);
    expectPointsKept(r);
    expect(r).toMatchObject({ offersFlaggedKnowable: 0, offersFlaggedUnrecorded: 0, stagedLimitBreak: 'used-once' });
  };

  it('a server process killed mid-exchange on PGlite: nothing lost, nothing doubled, all converge', { timeout: 240_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sim-kill-'));
    await killed(() => openDb({ dataDir }), { dataDir });
  });

  it.skipIf(!postgresAvailable)(
    'a server process killed mid-exchange on PostgreSQL: nothing lost, nothing doubled, all converge',
    { timeout: 240_000 },
    async () => {
      const scratch = await createScratchDatabase();
      try {
        await killed(() => openDb({ databaseUrl: scratch.url }), { databaseUrl: scratch.url });
      } finally {
        await scratch.drop();
      }
    },
  );
});
