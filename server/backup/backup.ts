/**
 * A backup of the whole database as JSON lines, the same on PGlite and PostgreSQL:
 *   {"format":"cafe-loyalty-backup","version":1,"createdAt":…,"migrations":[…]}
 *   {"table":"guests","columns":[…]}            then one line per row: {"row":{…}}
 *   {"sequence":"change_seq","value":1234}
 *   {"end":true,"rows":N}
 * Rows are PostgreSQL's own JSON of the row (row_to_json) and are read back by PostgreSQL
 * (json_populate_recordset), so every type round-trips as the database spells it, years
 * 0001–0099 included. The dump reads every table in one repeatable-read transaction: one
 * consistent moment even while tablets push. Generated columns are left out (recomputed);
 * the `end` line tells a complete file from a truncated one.
 */
import type { Db, Sql } from '../db/db.ts';

export const BACKUP_FORMAT = 'cafe-loyalty-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  migrations: string[];
}

export type BackupLine =
  | BackupHeader
  | { table: string; columns: string[] }
  | { row: Record<string, unknown> }
  | { sequence: string; value: number }
  | { end: true; rows: number };

/** Tables of the schema, parents before children (foreign keys), schema_migrations apart. */
export async function tablesInOrder(tx: Sql): Promise<string[]> {
  const tables = (
    await tx.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY 1",
    )
  ).map((t) => t.name);
  const edges = await tx.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const e of edges) if (e.child === t && e.parent !== t) visit(e.parent, path);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

/** The columns a restore may write: every one but the generated. */
export async function writableColumns(tx: Sql, table: string): Promise<string[]> {
  const rows = await tx.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.name);
}

export async function sequences(tx: Sql): Promise<string[]> {
  return (
    await tx.query<{ name: string }>('SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = current_schema() ORDER BY 1')
  ).map((s) => s.name);
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export { ident };

const PAGE = 5_000;

/** Writes the whole database as backup lines through `write`, in one snapshot; returns the number of rows. */
export async function dumpDatabase(db: Db, now: Date, write: (line: BackupLine) => void | Promise<void>): Promise<number> {
  return db.transaction(async (tx) => {
    // PostgreSQL: every read below sees one moment (PGlite has one connection: it already does).
    if (db.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    return dumpIn(tx, now, write);
  });
}

async function dumpIn(tx: Sql, now: Date, write: (line: BackupLine) => void | Promise<void>): Promise<number> {
  const migrations = (await tx.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY 1')).map((m) => m.version);
  await write({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now.toISOString(), migrations });
  let rows = 0;
  for (const table of await tablesInOrder(tx)) {
    const columns = await writableColumns(tx, table);
    await write({ table, columns });
    const list = columns.map(ident).join(', ');
    // Paged by ctid order within the one snapshot: a café of millions of rows is never held at once.
    for (let offset = 0; ; offset += PAGE) {
      const page = await tx.query<{ j: string }>(
        `SELECT row_to_json(t)::text AS j FROM (SELECT ${list} FROM ${ident(table)} ORDER BY ctid LIMIT ${PAGE} OFFSET ${offset}) t`,
      );
      for (const { j } of page) await write({ row: JSON.parse(j) as Record<string, unknown> });
      rows += page.length;
      if (page.length < PAGE) break;
    }
  }
  for (const sequence of await sequences(tx)) {
    const [s] = await tx.query<{ value: string | number; called: boolean }>(`SELECT last_value AS value, is_called AS called FROM ${ident(sequence)}`);
    await write({ sequence, value: Number(s!.value) });
  }
  await write({ end: true, rows });
  return rows;
}
