/**
 * `backup --out FILE` and `restore --from FILE [--force]` (backup.ts, restore.ts). Like the
 * other commands they run on the server's own database while it holds PGlite (forwarded), so
 * a café can back up without stopping. The backup is written to FILE.partial and renamed when
 * complete: FILE is never a half-written backup.
 */
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { parseFlags, UsageError } from '../cli/args.ts';
import type { CliContext } from '../cli/context.ts';
import { dumpDatabase } from './backup.ts';
import { readBackupFile, restoreDatabase } from './restore.ts';

export const BACKUP_USAGE = ['backup --out FILE', 'restore --from FILE [--force]'];

export async function backupCommand(args: string[], { out, now, withDb }: CliContext): Promise<void> {
  const flags = parseFlags(args, { out: { type: 'string' } });
  if (!flags.out) throw new UsageError('backup needs --out FILE');
  const file = flags.out;
  const partial = `${file}.partial`;
  const stream = createWriteStream(partial, { mode: 0o600 });
  try {
    const rows = await withDb((db) =>
      dumpDatabase(db, now(), async (line) => {
        if (!stream.write(`${JSON.stringify(line)}\n`)) await once(stream, 'drain');
      }),
    );
    stream.end();
    await once(stream, 'finish');
    renameSync(partial, file);
    out.line(`backup written to ${file}: ${rows} rows`);
  } catch (e) {
    stream.destroy();
    rmSync(partial, { force: true });
    throw e;
  }
}

export async function restoreCommand(args: string[], { out, withDb, now }: CliContext): Promise<void> {
  const flags = parseFlags(args, { from: { type: 'string' }, force: { type: 'boolean' } });
  if (!flags.from) throw new UsageError('restore needs --from FILE');
  if (!existsSync(flags.from)) throw new UsageError(`--from: no file ${flags.from}`);
  const from = flags.from;
  const { rows, tables } = await withDb((db) => restoreDatabase(db, readBackupFile(from), { force: flags.force ?? false, now: now() }));
  out.line(`restored ${rows} rows in ${tables} tables from ${from}; tablets will re-send what they hold at their next sync`);
}
