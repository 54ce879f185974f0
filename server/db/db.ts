/**
 * One query interface over both back-ends: PGlite (embedded, the default, data in
 * DATA_DIR) and PostgreSQL (DATABASE_URL). Everything above this file writes plain
 * PostgreSQL with $n parameters and never asks which one it runs on, so one test suite
 * proves both. Results come back with int8 as numbers (kopecks fit well within 2^53),
 * timestamptz as Date and date as 'YYYY-MM-DD' text on both.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DbConfig {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

export const DEFAULT_DATA_DIR = './data';

export async function openDb(config: DbConfig): Promise<Db> {
  const db = config.databaseUrl
    ? await (await import('./postgres.ts')).openPostgres(config.databaseUrl)
    : await (await import('./pglite.ts')).openPglite(config.dataDir ?? DEFAULT_DATA_DIR);
  try {
    await (await import('./migrate.ts')).migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

/** The storage the server and the CLI share, from the environment. */
export function dbConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR || DEFAULT_DATA_DIR };
}
