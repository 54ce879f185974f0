/**
 * Quiet hours: no marketing message reaches a guest between 21:00 and 09:00 on the café's
 * wall clock (the owner may move both ends). A message that falls due inside them waits,
 * it is not dropped: `nextSendableAt` is the first instant at or after the due time that
 * lies outside them, checked again by the sender at the moment of sending.
 *
 * The window is a range of wall-clock times [from, to) in the café's zone; `from` later than
 * `to` wraps midnight, `from` equal to `to` means no quiet hours. Daylight saving is why
 * this is not "due + a few hours": the night a clock springs forward is an hour shorter,
 * the night it falls back an hour longer, and a window end the clock jumps over (02:30 on a
 * spring-forward night) ends at the jump. Between two offset changes the wall clock runs
 * with real time, so the search walks from one offset change to the next.
 */
import { tzOffset } from '@date-fns/tz';
import type { TimeZone } from '../domain/calendar.ts';

export interface QuietHours {
  /** HH:MM, wall clock in the café's zone: the first quiet minute. */
  from: string;
  /** HH:MM: the first minute messages may go again. */
  to: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { from: '21:00', to: '09:00' };

export type QuietHoursProblem = 'quiet-hours-from-invalid' | 'quiet-hours-to-invalid';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

export function checkQuietHours(q: QuietHours): QuietHoursProblem | null {
  if (!HH_MM.test(q.from)) return 'quiet-hours-from-invalid';
  if (!HH_MM.test(q.to)) return 'quiet-hours-to-invalid';
  return null;
}

/** Whether a message may not go at this instant. */
export function isQuietAt(instant: Date, q: QuietHours, zone: TimeZone): boolean {
  return inWindow(wallClock(instant.getTime(), zone).minute, minutesOf(q.from), minutesOf(q.to));
}

/** The first instant at or after `due` outside quiet hours: `due` itself when it already is. */
export function nextSendableAt(due: Date, q: QuietHours, zone: TimeZone): Date {
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  let t = due.getTime();
  // Each pass ends quiet hours or crosses one offset change; real zones change at most
  // twice in a day, so a handful of passes is plenty.
  for (let pass = 0; pass < 8; pass += 1) {
    const wall = wallClock(t, zone);
    if (!inWindow(wall.minute, from, to)) return new Date(t);
    const endDay = from > to && wall.minute >= from ? wall.dayStart + DAY_MINUTES * MINUTE : wall.dayStart;
    const end = endDay + to * MINUTE - wall.offset * MINUTE; // if the offset holds until then
    const change = firstOffsetChange(t, end, wall.offset, zone);
    if (change === null) return new Date(end);
    t = change;
  }
  throw new Error(`quiet hours ${q.from}–${q.to} in ${zone} do not end after ${due.toISOString()}`);
}

function inWindow(minute: number, from: number, to: number): boolean {
  if (from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

function minutesOf(hhmm: string): number {
  const m = HH_MM.exec(hhmm);
  if (!m) throw new RangeError(`quiet hours time "${hhmm}" is not HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The wall clock at an instant: the local day's start and the minute of the day, as UTC-based numbers. */
function wallClock(ms: number, zone: TimeZone): { offset: number; dayStart: number; minute: number } {
  const offset = tzOffset(zone, new Date(ms));
  const local = ms + offset * MINUTE;
  const minuteOfEpoch = Math.floor(local / MINUTE);
  const minute = ((minuteOfEpoch % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return { offset, dayStart: (minuteOfEpoch - minute) * MINUTE, minute };
}

/** The first instant in (after, until] whose UTC offset differs from `offset`, or null. */
function firstOffsetChange(after: number, until: number, offset: number, zone: TimeZone): number | null {
  if (tzOffset(zone, new Date(until)) === offset) return null;
  let lo = after; // offset holds here
  let hi = until; // and not here
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (tzOffset(zone, new Date(mid)) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}
