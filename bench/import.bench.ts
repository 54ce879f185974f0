/** Import rate of a 100,000-guest / 1,000,000-purchase CSV base, on each back-end. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { importBase } from '../server/import/import-base.ts';
import { writeCafeCsv } from '../tests/fixtures/write-csv.ts';
import { freshDb, type BackendName } from './backends.ts';
import { record } from './results.ts';

const GUESTS = 100_000;
const PURCHASES = 1_000_000;
const END = new Date('2026-11-22T00:00:00Z');

export async function benchImport(backends: BackendName[]): Promise<void> {
  const dir = join('bench', 'data', `cafe-${GUESTS}-${PURCHASES}`);
  const files = existsSync(join(dir, 'purchases.csv'))
    ? { guests: join(dir, 'guests.csv'), purchases: join(dir, 'purchases.csv') }
    : await writeCafeCsv(dir, { guests: GUESTS, purchases: PURCHASES, seed: 1, end: END });
  for (const backend of backends) {
    const { db, dispose } = await freshDb(backend);
    try {
      const started = performance.now();
      const summary = await importBase(db, { guestsPath: files.guests, purchasesPath: files.purchases }, { now: END });
      const seconds = (performance.now() - started) / 1000;
      if (summary.purchases.added !== PURCHASES || summary.guests.added !== GUESTS) throw new Error(`import incomplete: ${JSON.stringify(summary)}`);
      record({
        what: `import rate, ${GUESTS} guests + ${PURCHASES} purchases CSV, ${backend}`,
        value: (GUESTS + PURCHASES) / seconds,
        unit: 'rows/s',
        how: `importBase (the CLI's code path) on a fresh ${backend === 'pglite' ? 'on-disk PGlite' : 'PostgreSQL database'}: parse, validate, insert in batches of 25,000 with aggregates, record segment history; wall time ${seconds.toFixed(1)} s for ${GUESTS + PURCHASES} rows`,
        ...(backend === 'postgres' ? { target: '≥ 50,000 rows/s' } : {}),
      });
    } finally {
      await dispose();
    }
  }
}
