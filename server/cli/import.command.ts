import { isTimeZone, type TimeZone } from '../../shared/domain/calendar.ts';
import { importBase, type ImportSummary } from '../import/import-base.ts';
import { importScenarioHook } from '../mailings/hooks.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliContext } from './context.ts';

export const IMPORT_USAGE = 'import --guests G.csv|G.xlsx --purchases P.csv|P.xlsx [--tz ZONE] [--dry-run]';

export async function importCommand(args: string[], { out, now, withDb }: CliContext): Promise<void> {
  const flags = parseFlags(args, {
    guests: { type: 'string' },
    purchases: { type: 'string' },
    tz: { type: 'string' },
    'dry-run': { type: 'boolean' },
  });
  if (!flags.guests && !flags.purchases) throw new UsageError(`import needs --guests and/or --purchases: ${IMPORT_USAGE}`);
  if (flags.tz !== undefined && !isTimeZone(flags.tz)) throw new UsageError(`unknown time zone "${flags.tz}" (expected an IANA name such as Europe/Moscow)`);
  await withDb(async (db) => {
    const started = performance.now();
    const summary = await importBase(
      db,
      { guestsPath: flags.guests, purchasesPath: flags.purchases, timeZone: flags.tz as TimeZone | undefined, dryRun: flags['dry-run'] ?? false },
      {
        now: now(),
        onProblem: (p) => out.err(`${p.file}:${p.line}: ${p.message}`),
        onProgress: (p) => out.err(`${p.file}: ${p.rows.toLocaleString('ru-RU')} rows (${Math.round((100 * p.bytesRead) / Math.max(1, p.totalBytes))}%)`),
        onSegmentChanges: importScenarioHook(now()),
      },
    );
    out.line(formatSummary(summary, (performance.now() - started) / 1000));
  });
}

function formatSummary(s: ImportSummary, seconds: number): string {
  const g = s.guests;
  const p = s.purchases;
  const added = s.dryRun ? 'would be added' : 'added';
  const balance = g.openingBalance ? `; ${g.openingBalance} opening points` : '';
  return [
    ...(s.dryRun ? ['dry run: nothing was written'] : []),
    `guests:    ${g.rows} rows, ${g.added} ${added}, ${g.alreadyStored} already stored, ${g.duplicates} duplicate phones, ${g.bad} bad${balance}`,
    `purchases: ${p.rows} rows, ${p.added} ${added}, ${p.alreadyStored} already stored, ${p.bad} bad; ${p.guestsCreated} guests ${s.dryRun ? 'would be ' : ''}registered from purchases`,
    s.dryRun
      ? `time zone ${s.timeZone}; ${seconds.toFixed(1)} s`
      : `segments:  ${s.segmentChanges} guests changed segment; time zone ${s.timeZone}; ${seconds.toFixed(1)} s`,
  ].join('\n');
}
