import { TZDate } from '@date-fns/tz';
import { parseLocalDate } from '../../shared/domain/calendar.ts';
import { parseIsoInstant } from '../../shared/domain/instant.ts';
import { outsideRecordYears } from '../../shared/sync/plausible.ts';
import { ensureCafe, type Cafe } from '../cafe/cafes.repo.ts';
import { guestSegments, segmentReport } from '../segments/segments.repo.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliContext } from './context.ts';

export const SEGMENTS_USAGE = 'segments [--at ISO_DATE_TIME] [--format table|json]';

export async function segmentsCommand(args: string[], { out, now, withDb }: CliContext): Promise<void> {
  const flags = parseFlags(args, { at: { type: 'string' }, format: { type: 'string', default: 'table' } });
  if (flags.format !== 'table' && flags.format !== 'json') throw new UsageError(`unknown --format "${flags.format}" (expected table or json)`);
  await withDb(async (db) => {
    const cafe = await ensureCafe(db);
    const asOf = flags.at === undefined ? now() : plausibleAt(flags.at, parseAt(flags.at, cafe));
    if (flags.format === 'json') {
      const segments = await guestSegments(db, cafe, asOf);
      out.line(JSON.stringify(Object.fromEntries(segments.map((g) => [g.phone, g.segment]))));
      return;
    }
    const report = await segmentReport(db, cafe, asOf);
    const rows = report.segments.map((s) => [s.id, s.name.ru, String(s.guests), `${(s.share * 100).toFixed(1)}%`]);
    rows.push(['', 'Всего', String(report.totalGuests), '']);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['segment', 'name', 'guests', 'share'][i]!.length));
    const fmt = (r: string[]) => r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
    out.line(`Segments as of ${report.asOf} (${report.today}, ${report.timeZone}), rules: ${report.ruleSetId}`);
    out.line(fmt(['segment', 'name', 'guests', 'share']));
    for (const r of rows) out.line(fmt(r));
  });
}

function plausibleAt(text: string, at: Date): Date {
  const outside = outsideRecordYears(at, '--at', text);
  if (outside) throw new UsageError(outside);
  return at;
}

/** An instant with an offset; without one, café wall-clock time; a bare date means the end of that day. */
function parseAt(text: string, cafe: Cafe): Date {
  const date = parseLocalDate(text.trim());
  if (date) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return new Date(new TZDate(y, m - 1, d, 23, 59, 59, 999, cafe.timeZone).getTime());
  }
  const exact = parseIsoInstant(text, '--at');
  if (exact.ok) return exact.value;
  const local = parseIsoInstant(`${text.trim()}Z`, '--at');
  if (local.ok && !/[zZ]|[+-]\d{2}(:?\d{2})?$/.test(text.trim())) {
    const v = local.value;
    return new Date(
      new TZDate(
        v.getUTCFullYear(),
        v.getUTCMonth(),
        v.getUTCDate(),
        v.getUTCHours(),
        v.getUTCMinutes(),
        v.getUTCSeconds(),
        v.getUTCMilliseconds(),
        cafe.timeZone,
      ).getTime(),
    );
  }
  throw new UsageError(exact.ok ? 'bad --at' : exact.error);
}
