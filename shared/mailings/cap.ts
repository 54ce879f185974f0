/**
 * The frequency cap: at most N marketing messages (default 2) to one guest in any 7 days,
 * over all channels together, checked at the moment of sending against the one contact
 * log every channel writes to. A message over the cap is skipped, not postponed.
 *
 * "Any 7 days" means any 7 consecutive café calendar days (the café's own zone), not a
 * rolling 168 hours, like every other day count in the product. A message may go on café
 * day D when fewer than N marketing messages went on days D−6 … D. That guarantees that no
 * run of 7 café days ever holds more than N, and it makes the rule one the owner can state
 * and check on a calendar ("two on Monday and Tuesday, the next one the Monday after"),
 * whatever daylight saving does to the length of a day. The price is at the edges: two
 * messages late on a Monday and one early on the following Monday are 7 café days apart
 * but fewer than 168 hours; with quiet hours 21:00–09:00 such a pair is at least 6 days
 * and 12 hours apart.
 *
 * The caller's log must hold every marketing message handed to a provider, whatever its
 * outcome: one that may have reached the guest counts. Entries later than `now` count too
 * (they can only come from a check made as of a past moment), which errs on the side of
 * sending less.
 */
import { addCalendarDays, type LocalDate, localDateOf, startOfLocalDay, type TimeZone } from '../domain/calendar.ts';

export interface FrequencyCap {
  /** Messages allowed in the window; 1 or more. */
  maxMessages: number;
  /** The window's length in café days; 1 or more. */
  days: number;
}

export const DEFAULT_CAP: FrequencyCap = { maxMessages: 2, days: 7 };
export const CAP_LIMITS = { maxMessages: { min: 1, max: 50 }, days: { min: 1, max: 90 } } as const;

/** One message sent to the guest, on any channel. Service messages (a login code) do not count. */
export interface ContactLogEntry {
  at: Date;
  marketing: boolean;
}

export interface CapCheck {
  allowed: boolean;
  /** Marketing messages already in the window that ends today. */
  counted: number;
  /** The first café day of that window. */
  windowStartsOn: LocalDate;
  /** When blocked: the first instant a message is allowed again (a café midnight), if nothing else is sent. */
  nextAllowedAt: Date | null;
}

export type CapProblem = 'cap-max-invalid' | 'cap-days-invalid';

export function checkCapRule(cap: FrequencyCap): CapProblem | null {
  const { maxMessages: m, days: d } = CAP_LIMITS;
  if (!Number.isInteger(cap.maxMessages) || cap.maxMessages < m.min || cap.maxMessages > m.max) return 'cap-max-invalid';
  if (!Number.isInteger(cap.days) || cap.days < d.min || cap.days > d.max) return 'cap-days-invalid';
  return null;
}

/** Whether one more marketing message may go to this guest at `now`. */
export function checkCap(log: readonly ContactLogEntry[], now: Date, zone: TimeZone, cap: FrequencyCap = DEFAULT_CAP): CapCheck {
  const today = localDateOf(now, zone);
  const windowStartsOn = addCalendarDays(today, 1 - cap.days);
  const counted = log
    .filter((e) => e.marketing)
    .map((e) => localDateOf(e.at, zone))
    .filter((d) => d >= windowStartsOn)
    .sort();
  if (counted.length < cap.maxMessages) return { allowed: true, counted: counted.length, windowStartsOn, nextAllowedAt: null };
  // Once the oldest (counted − max + 1) messages have left the window, one more fits:
  // that is the day after the window that starts on the last of them ends.
  const lastToLeave = counted[counted.length - cap.maxMessages]!;
  return { allowed: false, counted: counted.length, windowStartsOn, nextAllowedAt: startOfLocalDay(addCalendarDays(lastToLeave, cap.days), zone) };
}
