/**
 * The optional guest columns (DESIGN.md "Fixed interfaces"): `birthday` (YYYY-MM-DD or
 * DD.MM.YYYY, a real date from 1900 up to today in the café's zone), `email` (a plausible
 * address, nothing more is knowable from a file), and `consent` — marketing consent, which
 * is off unless the row says yes: 1/0, да/нет, yes/no, true/false; an empty cell is no.
 */
import type { LocalDate } from '../domain/calendar.ts';
import { daysInMonth, excelSerialToWallClock } from './dates.ts';
import { issue, parsed, type Cell, type Parsed } from './row-issue.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RUSSIAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const EARLIEST_BIRTHDAY = '1900-01-01';

const pad = (n: number) => String(n).padStart(2, '0');

/** `today` is the café's local date of the import. A spreadsheet's General-formatted number is read as an Excel serial. */
export function parseBirthday(cell: Cell, today: LocalDate): Parsed<LocalDate | null> {
  let year: number;
  let month: number;
  let day: number;
  const t = typeof cell === 'number' ? String(cell) : cell.trim();
  if (t === '') return parsed(null);
  const m = typeof cell === 'number' ? null : (ISO_DATE.exec(t) ?? RUSSIAN_DATE.exec(t));
  if (m) {
    const iso = m[1]!.length === 4;
    [year, month, day] = iso ? [Number(m[1]), Number(m[2]), Number(m[3])] : [Number(m[3]), Number(m[2]), Number(m[1])];
  } else {
    const wall = typeof cell === 'number' && Number.isInteger(cell) ? excelSerialToWallClock(cell, false) : null;
    if (!wall) return issue('birthday-invalid', 'birthday', `birthday "${t}" is not a date (YYYY-MM-DD or DD.MM.YYYY)`);
    ({ year, month, day } = wall);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return issue('birthday-invalid', 'birthday', `birthday "${t}" is not a real calendar date`);
  }
  const date = `${year}-${pad(month)}-${pad(day)}` as LocalDate;
  if (date < EARLIEST_BIRTHDAY) return issue('birthday-too-early', 'birthday', `birthday "${t}" is before 1900`);
  // Both are zero-padded YYYY-MM-DD: text order is date order.
  if (date > today) return issue('birthday-in-future', 'birthday', `birthday "${t}" is in the future`);
  return parsed(date);
}

const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;.]+(?:\.[^\s@"<>,;.]+)+$/;
const MAX_EMAIL_LENGTH = 254;

/** The address as written (trimmed); never quoted back in the reason, it is personal data. */
export function parseEmail(cell: Cell): Parsed<string | null> {
  const t = typeof cell === 'number' ? String(cell) : cell.trim();
  if (t === '') return parsed(null);
  if (t.length > MAX_EMAIL_LENGTH || !EMAIL.test(t)) return issue('email-invalid', 'email', 'email is not an e-mail address (name@example.ru)');
  return parsed(t);
}

const YES = new Set(['1', 'да', 'д', 'yes', 'y', 'true', 'истина', '+', 'согласен', 'согласна', 'есть']);
const NO = new Set(['', '0', 'нет', 'н', 'no', 'n', 'false', 'ложь', '-', 'не согласен', 'не согласна']);

export function parseConsent(cell: Cell): Parsed<boolean> {
  const t = typeof cell === 'number' ? String(cell) : cell.trim().toLowerCase().replace(/ё/g, 'е');
  if (YES.has(t)) return parsed(true);
  if (NO.has(t)) return parsed(false);
  return issue('consent-invalid', 'consent', `consent "${t}" is not yes or no (1/0, да/нет, yes/no, true/false)`);
}
