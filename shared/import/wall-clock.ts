/**
 * Wall-clock times read in a time zone: an import row that says `22.11.2026 9:30` with no
 * offset means 9:30 on the café's clock. Guarantees:
 * - the same wall time and zone always give the same instant (a re-import finds the same
 *   purchase);
 * - a time that exists twice (the hour repeated when clocks go back) is the **earlier** of
 *   the two instants;
 * - a time that does not exist (skipped when clocks go forward) is moved **forward by the
 *   length of the gap**: 02:30 on a night that jumps from 02:00 to 03:00 is 03:30.
 * These are the `compatible` rules of JavaScript's Temporal, RFC 5545 and java.time: the
 * row is kept, on the calendar day it names (no zone moves a time across midnight this way
 * except one whose clocks jump at midnight, where 00:30 becomes 01:30 of the same day).
 *
 * A million purchase rows must not each ask Intl for an offset: a zone's offset is constant
 * for days at a time, so the answer is cached per wall-clock hour, and only hours within a
 * day of an offset change take the exact path.
 */
import type { TimeZone } from '../domain/calendar.ts';
import { utcMs } from '../domain/instant.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** About eleven years of distinct hours. */
const MAX_CACHED_HOURS = 100_000;

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export interface ZoneClock {
  readonly zone: TimeZone;
  /** The instant a valid wall-clock time names in this zone (see the rules above). */
  toInstant(wall: WallClock): Date;
  /** The zone's offset from UTC at an instant, in milliseconds (east positive). */
  offsetAt(epochMs: number): number;
}

/** `'mixed'`: the zone's offset changes within a day of this hour, so each time is worked out exactly. */
type HourAnswer = number | 'mixed';

export function zoneClock(zone: TimeZone): ZoneClock {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const byHour = new Map<number, HourAnswer>();

  function offsetAt(epochMs: number): number {
    const whole = Math.floor(epochMs / 1000) * 1000;
    const parts: Record<string, string> = {};
    for (const p of format.formatToParts(new Date(whole))) parts[p.type] = p.value;
    const asUtc = utcMs(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    return asUtc - whole;
  }

  function exact(local: number): number {
    const before = offsetAt(local - DAY);
    const after = offsetAt(local + DAY);
    const candidates = [before, after].filter((o) => offsetAt(local - o) === o).map((o) => local - o);
    // Two candidates: the repeated hour, take the earlier. None: the skipped hour, read it
    // with the offset in force before the jump, which lands the same distance past it.
    return candidates.length ? Math.min(...candidates) : local - before;
  }

  return {
    zone,
    offsetAt,
    toInstant(w: WallClock): Date {
      const local = utcMs(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
      const hour = Math.floor(local / HOUR);
      let answer = byHour.get(hour);
      if (answer === undefined) {
        const start = hour * HOUR;
        const before = offsetAt(start - DAY);
        answer = before === offsetAt(start + HOUR + DAY) ? before : 'mixed';
        // Bounded: a file of random years must not grow the cache without end.
        if (byHour.size >= MAX_CACHED_HOURS) byHour.clear();
        byHour.set(hour, answer);
      }
      return new Date(answer === 'mixed' ? exact(local) : local - answer);
    },
  };
}
