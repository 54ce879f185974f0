/**
 * What a command gets: where to write, the clock, and the storage. Run from a terminal the
 * storage is opened from DATA_DIR / DATABASE_URL and closed after; forwarded to a running
 * server (see forward.ts) it is the server's own open database.
 */
import { dbConfigFromEnv, openDb, type Db } from '../db/db.ts';
import type { Output } from './output.ts';

export interface CliContext {
  out: Output;
  now: () => Date;
  withDb<T>(fn: (db: Db) => Promise<T>): Promise<T>;
}

export async function withLocalDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(dbConfigFromEnv());
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export const sharedDb =
  (db: Db) =>
  <T>(fn: (db: Db) => Promise<T>) =>
    fn(db);
