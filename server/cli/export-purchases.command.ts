/**
 * `export purchases [--from DATE] [--to DATE] [--out FILE]`: every purchase of the café days
 * [from, to] (both inclusive, in the café's zone) as the CSV DESIGN.md fixes — UTF-8 with a BOM,
 * `;` between fields, CRLF, rubles with a decimal comma, times ISO 8601 with the café's offset:
 * `phone;purchased_at;amount;discount;points_redeemed;points_accrued;promotion;voided_at;device`.
 * `points_accrued` is what the server credited (a void reverses it; `voided_at` says so);
 * `device` is the tablet's name (empty for imported history). Read a week at a time, so a
 * café of millions of purchases is written without holding it all.
 */
import { defuseFormula } from '../../shared/domain/csv-guard.ts';
import { appendFileSync, writeFileSync } from 'node:fs';
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { addCalendarDays, type LocalDate, parseLocalDate, startOfLocalDay, type TimeZone } from '../../shared/domain/calendar.ts';
import { type Kopecks, kopecksToDecimal } from '../../shared/domain/money.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import type { Db } from '../db/db.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliContext } from './context.ts';

export const EXPORT_USAGE = 'export purchases [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]';
export const PURCHASES_CSV_HEADER = 'phone;purchased_at;amount;discount;points_redeemed;points_accrued;promotion;voided_at;device';

const STEP_DAYS = 7;

interface Row {
  phone: string;
  purchased_at: Date;
  amount: number;
  discount: number;
  points_redeemed: number;
  points_accrued: number;
  promotion_id: string | null;
  voided_at: Date | null;
  device: string | null;
}

export async function exportCommand(args: string[], { out, withDb }: CliContext): Promise<void> {
  const [what, ...rest] = args;
  if (what !== 'purchases') throw new UsageError(`export needs what to export: ${EXPORT_USAGE}`);
  const flags = parseFlags(rest, { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } });
  const day = (text: string | undefined, flag: string): LocalDate | null => {
    if (text === undefined) return null;
    const date = parseLocalDate(text.trim());
    if (!date) throw new UsageError(`--${flag} "${text}" is not a date YYYY-MM-DD`);
    return date;
  };
  const from = day(flags.from, 'from');
  const to = day(flags.to, 'to');
  if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (flags.out === '') throw new UsageError('--out needs a file name');
  await withDb(async (db) => {
    const cafe = await ensureCafe(db);
    const write = flags.out
      ? toFile(flags.out)
      : (lines: string[]) => {
          for (const l of lines) out.line(l);
        };
    write([`\uFEFF${PURCHASES_CSV_HEADER}`]);
    let n = 0;
    for await (const rows of purchasesByWeek(db, cafe.id, cafe.timeZone, from, to)) {
      write(rows.map((r) => csvLine(r, cafe.timeZone)));
      n += rows.length;
    }
    if (flags.out) out.line(`${n} purchases written to ${flags.out}`);
  });
}

function toFile(path: string): (lines: string[]) => void {
  let first = true;
  return (lines) => {
    const text = lines.map((l) => `${l}\r\n`).join('');
    if (first) writeFileSync(path, text);
    else appendFileSync(path, text);
    first = false;
  };
}

async function* purchasesByWeek(db: Db, cafeId: string, zone: TimeZone, from: LocalDate | null, to: LocalDate | null): AsyncGenerator<Row[]> {
  const [span] = await db.query<{ first: Date | null; last: Date | null }>(
    'SELECT min(purchased_at) AS first, max(purchased_at) AS last FROM purchases WHERE cafe_id = $1',
    [cafeId],
  );
  if (!span?.first || !span.last) return;
  const localDay = (d: Date) => format(d, 'yyyy-MM-dd', { in: tz(zone) }) as LocalDate;
  const first = from && from > localDay(span.first) ? from : localDay(span.first);
  const last = to && to < localDay(span.last) ? to : localDay(span.last);
  for (let start = first; start <= last; start = addCalendarDays(start, STEP_DAYS)) {
    const end = addCalendarDays(start, STEP_DAYS) > addCalendarDays(last, 1) ? addCalendarDays(last, 1) : addCalendarDays(start, STEP_DAYS);
    const rows = await db.query<Row>(
      `SELECT g.phone, p.purchased_at, p.amount, p.discount, p.points_redeemed, p.points_accrued, p.promotion_id, v.voided_at, d.name AS device
       FROM purchases p
       JOIN guests g ON g.id = p.guest_id
       LEFT JOIN purchase_voids v ON v.purchase_id = p.id
       LEFT JOIN devices d ON d.id = p.device_id
       WHERE p.cafe_id = $1 AND p.purchased_at >= $2 AND p.purchased_at < $3
       ORDER BY p.purchased_at, p.id`,
      [cafeId, startOfLocalDay(start, zone).toISOString(), startOfLocalDay(end, zone).toISOString()],
    );
    if (rows.length) yield rows;
  }
}

const rubles = (k: number) => kopecksToDecimal(Number(k) as Kopecks).replace('.', ',');
const cell = (text: string) => (/[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
// A device name is the owner's text: one that starts like a formula is defused for Excel.
const defuse = defuseFormula;

function csvLine(r: Row, zone: TimeZone): string {
  const when = (d: Date) => format(d, "yyyy-MM-dd'T'HH:mm:ssXXX", { in: tz(zone) });
  return [
    r.phone,
    when(r.purchased_at),
    rubles(r.amount),
    rubles(r.discount),
    String(r.points_redeemed),
    String(r.points_accrued),
    r.promotion_id ?? '',
    r.voided_at ? when(r.voided_at) : '',
    cell(defuse(r.device ?? '')),
  ].join(';');
}
