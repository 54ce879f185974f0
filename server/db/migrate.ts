/**
 * Versioned migrations: `migrations/NNNN_name.sql`, applied in order at start, each in its
 * own transaction with its version recorded, so a failed one leaves the schema as it was
 * and a restart picks up where it stopped. An advisory lock keeps two servers starting at
 * once on PostgreSQL from racing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';
import { DbError } from './errors.ts';

// From the path string: a browser-like test environment replaces the URL class fileURLToPath expects.
const DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations/');
const LOCK_KEY = 7_245_019;

export async function migrate(db: Db): Promise<string[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const files = readdirSync(DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
      if (done.length) return;
      try {
        await tx.exec(readFileSync(DIR + file, 'utf8'));
      } catch (e) {
        throw new DbError('migration-failed', `migration ${file} failed: ${(e as Error).message}`);
      }
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    });
  }
  return applied;
}
