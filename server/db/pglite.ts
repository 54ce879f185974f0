/**
 * PGlite keeps its files in DATA_DIR/pglite and must be opened by one process at a time
 * (two would corrupt it), so a lock file with the owner's pid guards the folder: the CLI
 * refuses clearly while the server has it open instead of damaging the data.
 * The folder holds every guest's phone: it is the owner's alone (0700, its files 0600),
 * whatever modes PGlite's file system gives them, at open and again at close.
 */
import { PGlite, types } from '@electric-sql/pglite';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db, Sql } from './db.ts';
import { DbError } from './errors.ts';
import { isProcessAlive } from './process.ts';

const parsers = { [types.DATE]: (v: string) => v, [types.INT8]: (v: string) => Number(v) };

export async function openPglite(dataDir: string): Promise<Db> {
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const releaseLock = takeLock(join(dataDir, 'pglite.lock'));
  let pg: PGlite;
  const umask = process.umask(0o077);
  try {
    pg = await PGlite.create(dir, { parsers });
  } catch (e) {
    releaseLock();
    throw e;
  } finally {
    process.umask(umask);
  }
  ownerOnly(dataDir);
  return wrap(pg, async () => {
    await pg.close();
    ownerOnly(dataDir);
    releaseLock();
  });
}

/** Folders 0700 and files 0600 under `path` (links left alone). */
export function ownerOnly(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (!stat.isDirectory()) {
    chmodSync(path, 0o600);
    return;
  }
  chmodSync(path, 0o700);
  for (const name of readdirSync(path)) ownerOnly(join(path, name));
}

/** An in-memory PGlite, for tests. */
export async function openMemoryPglite(): Promise<Db> {
  const pg = await PGlite.create({ parsers });
  return wrap(pg, () => pg.close());
}

function wrap(pg: PGlite, close: () => Promise<void>): Db {
  const sql = (q: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    query: async <T>(text: string, params?: readonly unknown[]) => (await q.query<T>(text, params as unknown[])).rows,
    exec: async (text: string) => {
      await q.exec(text);
    },
  });
  // PGlite runs one query at a time anyway; serialising transactions keeps a second
  // caller from interleaving statements into an open transaction.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    ...sql(pg),
    transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const run = queue.then(() => pg.transaction((tx) => fn(sql(tx))));
      queue = run.catch(() => undefined);
      return run;
    },
    close,
  };
}

function takeLock(path: string): () => void {
  try {
    const holder = Number(readFileSync(path, 'utf8'));
    if (holder && holder !== process.pid && isProcessAlive(holder)) {
      throw new DbError('data-dir-in-use', `the data folder is in use by process ${holder} (is the server running?); stop it first, or use DATABASE_URL`);
    }
  } catch (e) {
    if (e instanceof DbError) throw e;
  }
  writeFileSync(path, String(process.pid), { mode: 0o600 });
  const onExit = () => rmSync(path, { force: true });
  process.once('exit', onExit);
  return () => {
    process.off('exit', onExit);
    onExit();
  };
}
