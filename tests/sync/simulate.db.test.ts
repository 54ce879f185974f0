import { expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { openPostgres } from '../../server/db/postgres.ts';
import { openDb } from '../../server/db/db.ts';
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

describe('simulated tablets under faults', () => {
  it.each([1, 2])(
    'PGlite on disk, seed %i: nothing lost, nothing doubled, all converge',
    async (seed) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'sim-'));
      const r = await simulate({ tablets: 3, guests: 60, purchases: 700, faultRate: 0.3, seed, open: () => openDb({ dataDir }) });
      expect(r).toMatchObject({ lost: 0, duplicated: 0, refused: 0, converged: true });
      expect(Object.values(r.faults).every((n) => n > 0)).toBe(true);
      // 700 random sales, the two that spend one balance and the two that use one once-only offer on two offline tablets.
      expect(r.server.purchases).toBe(704);
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
          open: async () => {
            const db = await openPostgres(scratch.url);
            await migrate(db);
            return db;
          },
        });
        expect(r).toMatchObject({ lost: 0, duplicated: 0, converged: true, server: { purchases: 704 } });
        expectPointsKept(r);
        expectOffersAudited(r);
      } finally {
        await scratch.drop();
      }
    },
    180_000,
  );
});
