/**
 * Restores a backup (backup.ts) in one transaction: all of it or nothing. It refuses a
 * database that holds a café's data unless forced (then every table is emptied first), a file
 * from a newer schema than this server's, and a file cut short (no `end` line). Last, it gives
 * the café a new sync epoch: tablets see it on their next push or pull and re-send what they
 * hold, so the writes made after the backup come back instead of being stranded.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Db, Sql } from '../db/db.ts';
import { newSyncEpochs } from '../sync/epoch.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, type BackupLine, ident, sequences, tablesInOrder, writableColumns } from './backup.ts';

/** What counts as "a café's data": anything a person put there (a bare café row made at start does not). */
const DATA_TABLES = ['guests', 'purchases', 'owners', 'devices'];

export class RestoreError extends Error {}

const CHUNK = 2_000;

export async function holdsData(tx: Sql): Promise<boolean> {
  for (const t of DATA_TABLES) if ((await tx.query(`SELECT 1 FROM ${ident(t)} LIMIT 1`)).length) return true;
  return false;
}

export async function restoreDatabase(
  db: Db,
  lines: AsyncIterable<BackupLine>,
  opts: { force: boolean; now: Date },
): Promise<{ rows: number; tables: number }> {
  return db.transaction(async (tx) => {
    const iterator = lines[Symbol.asyncIterator]();
    const first = await iterator.next();
    const header = first.done ? null : (first.value as Partial<BackupHeader>);
    if (header?.format !== BACKUP_FORMAT) throw new RestoreError('not a café loyalty backup (its first line is not the backup header)');
    if (header.version !== BACKUP_VERSION) throw new RestoreError(`backup format version ${header.version}; this server reads ${BACKUP_VERSION}`);
    const here = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).map((m) => m.version));
    const unknown = (header.migrations ?? []).filter((m) => !here.has(m));
    if (unknown.length) throw new RestoreError(`the backup comes from a newer version of the app (migration ${unknown[0]}); update this server first`);
    if (!opts.force && (await holdsData(tx))) throw new RestoreError('the database holds data; restore over it with --force (everything in it is replaced)');

    const tables = await tablesInOrder(tx);
    if (tables.length) await tx.query(`TRUNCATE ${tables.map(ident).join(', ')} CASCADE`);
    let table: { name: string; columns: string[] } | null = null;
    let pending: Record<string, unknown>[] = [];
    let rows = 0;
    let restoredTables = 0;
    let ended = false;
    const flush = async () => {
      if (!table || !pending.length) return;
      const list = table.columns.map(ident).join(', ');
      await tx.query(`INSERT INTO ${ident(table.name)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${ident(table.name)}, $1::json)`, [
        JSON.stringify(pending),
      ]);
      rows += pending.length;
      pending = [];
    };
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const line = next.value;
      if (ended) throw new RestoreError('the backup goes on after its end line');
      if ('table' in line) {
        await flush();
        if (!tables.includes(line.table)) throw new RestoreError(`the backup has a table this server does not know: ${line.table}`);
        // Columns the backup lacks (an older schema) take their defaults; a column this schema dropped is an error.
        const here = new Set(await writableColumns(tx, line.table));
        const gone = line.columns.find((c) => !here.has(c));
        if (gone) throw new RestoreError(`the backup's ${line.table}.${gone} has no place in this schema`);
        table = { name: line.table, columns: line.columns };
        restoredTables++;
      } else if ('row' in line) {
        if (!table) throw new RestoreError('a row before any table in the backup');
        pending.push(line.row);
        if (pending.length >= CHUNK) await flush();
      } else if ('sequence' in line) {
        await flush();
        table = null;
        if ((await sequences(tx)).includes(line.sequence))
          // Never back: numbers handed out since stay unique (a tablet re-pulls from 0 on the new epoch anyway).
          await tx.query(`SELECT setval($1, GREATEST($2::bigint, (SELECT last_value FROM ${ident(line.sequence)})))`, [line.sequence, line.value]);
      } else if ('end' in line) {
        await flush();
        if (line.rows !== rows) throw new RestoreError(`the backup says ${line.rows} rows but holds ${rows}`);
        ended = true;
      }
    }
    if (!ended) throw new RestoreError('the backup is cut short (no end line): nothing was restored');
    // A backup made before uses of promotions took change numbers (migration 0016) holds uses
    // with none: they get one now, or tablets would never pull them (server/promotions/uses.pull.ts).
    await tx.query(`UPDATE purchases SET version = nextval('change_seq') WHERE promotion_id IS NOT NULL AND version IS NULL`);
    await newSyncEpochs(tx, opts.now);
    return { rows, tables: restoredTables };
  });
}

/** The lines of a backup file, parsed; a line that is not JSON names its number. */
export async function* readBackupFile(path: string): AsyncGenerator<BackupLine> {
  const input = createReadStream(path, { encoding: 'utf8' });
  let n = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    n++;
    if (!text.trim()) continue;
    try {
      yield JSON.parse(text) as BackupLine;
    } catch {
      throw new RestoreError(`line ${n} of the backup is not JSON: the file is damaged`);
    }
  }
}
