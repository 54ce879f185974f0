/**
 * Calendar days in the café's own time zone. Every "N days ago" in the product is a
 * difference of local calendar dates, never elapsed milliseconds divided by a day: a
 * purchase at 23:50 yesterday is 1 day ago at 00:10 today, and a daylight-saving change
 * inside the window does not shift a boundary by an hour.
 *
 * A `LocalDate` is `YYYY-MM-DD` in some zone; which zone is always the caller's to say.
 */
import { TZDate, tz } from '@date-fns/tz';
import { UTCDate } from '@date-fns/utc';
import { addDays, differenceInCalendarDays, format, isValid, parseISO } from 'date-fns';
import type { Brand } from './brand.ts';
import type { TimeZone } from './time-zone.ts';

export { DEFAULT_TIME_ZONE, type TimeZone } from './time-zone.ts';

export type LocalDate = Brand<string, 'LocalDate'>;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isTimeZone(name: string): name is TimeZone {
  if (!name.includes('/') && name !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function parseLocalDate(text: string): LocalDate | null {
  if (!LOCAL_DATE.test(text)) return null;
  const d = parseISO(text);
  return isValid(d) && format(d, 'yyyy-MM-dd') === text ? (text as LocalDate) : null;
}

/** The date an instant falls on, on the café's wall calendar. */
export function localDateOf(instant: Date, zone: TimeZone): LocalDate {
  return format(instant, 'yyyy-MM-dd', { in: tz(zone) }) as LocalDate;
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function calendarDaysBetween(from: LocalDate, to: LocalDate): number {
  return differenceInCalendarDays(new UTCDate(to), new UTCDate(from));
}

export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return format(addDays(new UTCDate(date), days), 'yyyy-MM-dd') as LocalDate;
}

/**
 * The first instant of a local day. Where midnight does not exist (a zone that springs
 * forward at 00:00), that is the first instant that does.
 */
export function startOfLocalDay(date: LocalDate, zone: TimeZone): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const candidate = new TZDate(y, m - 1, d, 0, 0, 0, 0, zone);
  // TZDate may resolve a skipped midnight to the previous day's 23:00; step to the day.
  if (localDateOf(candidate, zone) !== date) {
    const next = new TZDate(y, m - 1, d, 1, 0, 0, 0, zone);
    return new Date(next.getTime());
  }
  return new Date(candidate.getTime());
}

/**
 * The last `days` café days up to and including `today`, as instants [from, to): from the
 * first instant of day today − (days − 1) to the first instant of tomorrow. "The last 30
 * days" of a report, the kept recent window and a movements period all mean this.
 */
export function lastCafeDays(today: LocalDate, days: number, zone: TimeZone): { from: Date; to: Date } {
  return { from: startOfLocalDay(addCalendarDays(today, 1 - days), zone), to: startOfLocalDay(addCalendarDays(today, 1), zone) };
}

/** Calendar days from the local date of `instant` to `today`. */
export function daysAgo(instant: Date, today: LocalDate, zone: TimeZone): number {
  return calendarDaysBetween(localDateOf(instant, zone), today);
}

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** 1 = Monday … 7 = Sunday (ISO 8601), of a date on the café's calendar. */
export function isoWeekday(date: LocalDate): Weekday {
  const sundayFirst = new UTCDate(date).getUTCDay();
  return (sundayFirst === 0 ? 7 : sundayFirst) as Weekday;
}

/**
 * The café's wall clock at an instant: its date and the minute of the day (0–1439), read in
 * one pass because time-of-day rules need both. On a fall-back night the repeated hour gives
 * the same minutes twice, and a skipped hour gives none: wall time is what a guest sees.
 */
export function wallClockOf(instant: Date, zone: TimeZone): { date: LocalDate; minute: number } {
  const text = format(instant, 'yyyy-MM-dd HH:mm', { in: tz(zone) });
  return { date: text.slice(0, 10) as LocalDate, minute: Number(text.slice(11, 13)) * 60 + Number(text.slice(14, 16)) };
}
