/**
 * Instants written as ISO 8601 text with an explicit offset, as import files and the CLI
 * give them: `2026-11-01T10:00:00+03:00`, `…T10:00Z`, `…T10:00:00.5+0300`, a space for the
 * `T`. Text without an offset names no instant (whose 10:00?) and is refused with a reason.
 */
import { err, ok, type Result } from './result.ts';

/**
 * Date.UTC, but years 0–99 stay themselves: Date.UTC(49, …) is 1949, which silently moved an
 * instant written as 0049 by nineteen centuries.
 */
export function utcMs(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  if (year >= 100) return Date.UTC(year, monthIndex, day, hour, minute, second, ms);
  const d = new Date(Date.UTC(2000, monthIndex, day, hour, minute, second, ms));
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function parseIsoInstant(text: string, field: string): Result<Date> {
  const t = text.trim();
  if (t === '') return err(`${field} is empty`);
  if (DATE_ONLY.test(t)) return err(`${field} "${t}" is a date without a time and offset (e.g. ${t}T12:00:00+03:00)`);
  const m = ISO.exec(t);
  if (!m) return err(`${field} "${t}" is not an ISO 8601 date and time (e.g. 2026-11-01T10:00:00+03:00)`);
  const [, y, mo, d, h, mi, s = '0', frac = '', offset] = m;
  if (!offset) return err(`${field} "${t}" has no time zone offset (add Z or e.g. +03:00)`);
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const probe = new Date(utcMs(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return err(`${field} "${t}" is not a real calendar date`);
  if (hour > 23 || minute > 59 || second > 59) return err(`${field} "${t}" is not a real time of day`);
  let offsetMinutes = 0;
  if (offset !== 'Z' && offset !== 'z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 18 || om > 59) return err(`${field} "${t}" has an impossible offset ${offset}`);
    offsetMinutes = sign * (oh * 60 + om);
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  return ok(new Date(utcMs(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000));
}
