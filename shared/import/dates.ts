/**
 * The moments an import row names (registration, purchase), in every form an export from
 * another system or a spreadsheet gives them:
 * - ISO 8601 with an offset or `Z` (`2026-11-22T09:30:00+03:00`): that instant;
 * - ISO without an offset (`2026-11-22T09:30`, `2026-11-22 09:30:00`) or a bare ISO date;
 * - Russian `22.11.2026`, `22.11.2026 9:30`, `22.11.26 09:30:15` (a two-digit year is 20yy);
 * - an Excel date serial (`46348.39583`, days since 1899-12-30; a spreadsheet's date cell
 *   reaches here as ISO text without an offset, see excelSerialToWallClock).
 * Everything without an offset is wall-clock time **in the café's zone** (wall-clock.ts
 * says what a time skipped or repeated by a daylight-saving change means); a date without
 * a time is the café's midnight. A moment more than a few minutes ahead of `now`, or before
 * 1990, is refused: the first is a wrong clock or a wrong column, the second almost always
 * a number from another column read as a date.
 *
 * Regular expressions, not a date library: a million rows pass through here, and each form
 * is one anchored match.
 */
import { utcMs } from '../domain/instant.ts';
import { issue, parsed, type Cell, type Parsed } from './row-issue.ts';
import type { WallClock, ZoneClock } from './wall-clock.ts';

/** Clocks drift: a timestamp a few minutes ahead of ours is still believed. */
export const FUTURE_TOLERANCE_MS = 10 * 60_000;
export const EARLIEST_IMPORT_INSTANT = new Date('1990-01-01T00:00:00Z');

const DAY_MS = 86_400_000;
const EXCEL_EPOCH_1900 = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_1904 = Date.UTC(1904, 0, 1);

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)? ?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const RUSSIAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:,? +(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SERIAL = /^\d{1,6}(?:[.,]\d+)?$/;

export interface InstantContext {
  clock: ZoneClock;
  now: Date;
}

const EXAMPLE = '(e.g. 22.11.2026 9:30 or 2026-11-22T09:30:00+03:00)';

export function parseImportInstant(cell: Cell, field: string, ctx: InstantContext): Parsed<Date> {
  if (typeof cell === 'number') return fromSerial(cell, String(cell), field, ctx);
  const t = cell.trim();
  if (t === '') return issue('date-empty', field, `${field} is empty`);
  let m = ISO.exec(t);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset] = m;
    const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
    const wall = checkedWall(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms, t, field);
    if (!wall.ok) return wall;
    if (offset === undefined) return plausible(ctx.clock.toInstant(wall.value), field, ctx);
    const offsetMs = parseOffset(offset);
    if (offsetMs === null) return issue('date-invalid', field, `${field} "${t}" has an impossible offset ${offset}`);
    const w = wall.value;
    return plausible(new Date(utcMs(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - offsetMs), field, ctx);
  }
  m = RUSSIAN.exec(t);
  if (m) {
    const [, d, mo, y, h = '0', mi = '0', s = '0'] = m;
    const year = y!.length === 2 ? 2000 + Number(y) : Number(y);
    const wall = checkedWall(year, Number(mo), Number(d), Number(h), Number(mi), Number(s), 0, t, field);
    return wall.ok ? plausible(ctx.clock.toInstant(wall.value), field, ctx) : wall;
  }
  if (SERIAL.test(t)) return fromSerial(Number(t.replace(',', '.')), t, field, ctx);
  return issue('date-invalid', field, `${field} "${t}" is not a date and time ${EXAMPLE}`);
}

function fromSerial(serial: number, text: string, field: string, ctx: InstantContext): Parsed<Date> {
  const wall = excelSerialToWallClock(serial, false);
  if (!wall) return issue('date-invalid', field, `${field} "${text}" is not a date and time ${EXAMPLE}`);
  return plausible(ctx.clock.toInstant(wall), field, ctx);
}

function plausible(at: Date, field: string, ctx: InstantContext): Parsed<Date> {
  if (at.getTime() > ctx.now.getTime() + FUTURE_TOLERANCE_MS) return issue('date-in-future', field, `${field} ${at.toISOString()} is in the future`);
  if (at < EARLIEST_IMPORT_INSTANT) return issue('date-too-early', field, `${field} ${at.toISOString()} is before 1990`);
  return parsed(at);
}

function checkedWall(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  text: string,
  field: string,
): Parsed<WallClock> {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return issue('date-not-real', field, `${field} "${text}" is not a real calendar date`);
  }
  if (hour > 23 || minute > 59 || second > 59) return issue('date-not-real', field, `${field} "${text}" is not a real time of day`);
  return parsed({ year, month, day, hour, minute, second, millisecond });
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `+03:00`, `+0300`, `+03`, `-05:30`, `Z` → milliseconds east of UTC; null when impossible. */
function parseOffset(offset: string): number | null {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 18 || minutes > 59) return null;
  return sign * (hours * 60 + minutes) * 60_000;
}

/**
 * The wall-clock time an Excel serial stands for: whole days since 1899-12-30 (or 1904-01-01
 * in a workbook with the 1904 date system), the fraction the time of day, rounded to the
 * second as Excel shows it. Null outside 1900–9999. (Serials below 61 are off by Excel's
 * fictitious 29 February 1900; no import date is that old.)
 */
export function excelSerialToWallClock(serial: number, date1904: boolean): WallClock | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86_400);
  if (seconds === 86_400) {
    days += 1;
    seconds = 0;
  }
  const d = new Date((date1904 ? EXCEL_EPOCH_1904 : EXCEL_EPOCH_1900) + days * DAY_MS + seconds * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: 0,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-11-22T09:30:00`, or `2026-11-22` at midnight: how a spreadsheet's date cell is handed on. */
export function wallClockText(w: WallClock): string {
  const date = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
  return w.hour === 0 && w.minute === 0 && w.second === 0 ? date : `${date}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}
