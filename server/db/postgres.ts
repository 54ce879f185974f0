import pg from 'pg';
import type { Db, Sql } from './db.ts';
import { DbError } from './errors.ts';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle connection the server ends (a restart, a dropped database) must not end the process:
  // the pool discards it and the next query opens another.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end();
    throw new DbError('database-unreachable', `cannot reach PostgreSQL at DATABASE_URL: ${(e as Error).message}`);
  }
  const sql = (q: pg.Pool | pg.PoolClient): Sql => ({
    query: async <T>(text: string, params?: readonly unknown[]) => (await q.query(text, params as unknown[])).rows as T[],
    exec: async (text: string) => {
      await q.query(text);
    },
  });
  return {
    kind: 'postgres',
    ...sql(pool),
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(sql(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
