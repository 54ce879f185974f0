import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../server/db/db.ts';
import { createScratchDatabase } from '../tests/support/scratch-db.ts';

export type BackendName = 'pglite' | 'postgres';

/** A fresh, migrated database on the named back-end: PGlite on disk as in production, or a scratch PostgreSQL database. */
export async function freshDb(backend: BackendName): Promise<{ db: Db; dispose: () => Promise<void> }> {
  if (backend === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
    const db = await openDb({ dataDir });
    return {
      db,
      dispose: async () => {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const scratch = await createScratchDatabase();
  const db = await openDb({ databaseUrl: scratch.url });
  return {
    db,
    dispose: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}
