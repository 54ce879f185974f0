/**
 * Runs a storage test suite on both back-ends: in-memory PGlite always, and PostgreSQL
 * when one answers at TEST_DATABASE_URL (default: the local server's `test` database).
 * Each suite gets its own fresh PostgreSQL database, dropped afterwards. With CI set, a
 * missing PostgreSQL fails the run instead of skipping, so CI never skips silently.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openMemoryPglite } from '../../server/db/pglite.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { ADMIN_URL, createScratchDatabase } from './scratch-db.ts';

export { ADMIN_URL };

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresProblem = await probePostgres();
if (postgresProblem) {
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI but not reachable at ${ADMIN_URL}: ${postgresProblem}`);
  console.warn(`SKIPPING PostgreSQL tests: not reachable at ${ADMIN_URL} (${postgresProblem})`);
}
export const postgresAvailable = postgresProblem === null;

export interface Backend {
  name: 'pglite' | 'postgres';
  available: boolean;
  open(): Promise<{ db: Db; dispose: () => Promise<void> }>;
}

export const BACKENDS: Backend[] = [
  {
    name: 'pglite',
    available: true,
    async open() {
      const db = await openMemoryPglite();
      await migrate(db);
      return { db, dispose: () => db.close() };
    },
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    async open() {
      const scratch = await createScratchDatabase();
      const db = await openPostgres(scratch.url);
      await migrate(db);
      return {
        db,
        dispose: async () => {
          await db.close();
          await scratch.drop();
        },
      };
    },
  },
];

/** `describe` once per back-end, with a fresh migrated database for the suite. */
export function describeOnBackends(title: string, body: (ctx: { db: () => Db; backend: Backend['name'] }) => void): void {
  for (const backend of BACKENDS) {
    const run = backend.available ? describe : describe.skip;
    run(`${title} [${backend.name}]`, () => {
      let handle: Awaited<ReturnType<Backend['open']>> | undefined;
      beforeAll(async () => {
        handle = await backend.open();
      }, 60_000);
      afterAll(async () => {
        await handle?.dispose();
      });
      body({ db: () => handle!.db, backend: backend.name });
    });
  }
}
