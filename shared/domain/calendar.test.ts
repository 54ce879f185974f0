import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at } from '../segments/test-helpers.ts';
import {
  addCalendarDays,
  calendarDaysBetween,
  daysAgo,
  isTimeZone,
  isoWeekday,
  lastCafeDays,
  localDateOf,
  parseLocalDate,
  startOfLocalDay,
  type LocalDate,
  type TimeZone,
  wallClockOf,
} from './calendar.ts';

const MSK = 'Europe/Moscow' as TimeZone;
const ZONES = ['Europe/Moscow', 'Asia/Vladivostok', 'Europe/Berlin', 'America/New_York', 'America/Santiago', 'Pacific/Chatham', 'UTC'] as TimeZone[];

describe('calendar days in the café zone', () => {
  it('counts 23:50 yesterday as 1 day ago at 00:10 today', () => {
    expect(daysAgo(at('2026-11-21T23:50', MSK), '2026-11-22' as LocalDate, MSK)).toBe(1);
    expect(daysAgo(at('2026-11-22T00:05', MSK), '2026-11-22' as LocalDate, MSK)).toBe(0);
  });

  it('takes the local date, not the UTC date, east of UTC', () => {
    const vlad = 'Asia/Vladivostok' as TimeZone;
    const instant = at('2026-11-22T08:00', vlad); // 21 Nov in UTC
    expect(instant.toISOString().slice(0, 10)).toBe('2026-11-21');
    expect(localDateOf(instant, vlad)).toBe('2026-11-22');
  });

  it('counts days across a daylight-saving change as calendar days', () => {
    expect(calendarDaysBetween('2026-10-20' as LocalDate, '2026-11-05' as LocalDate)).toBe(16);
    expect(calendarDaysBetween('2026-03-01' as LocalDate, '2026-04-01' as LocalDate)).toBe(31);
    expect(addCalendarDays('2026-03-28' as LocalDate, 3)).toBe('2026-03-31');
    expect(addCalendarDays('2024-02-28' as LocalDate, 1)).toBe('2024-02-29');
  });

  it('starts a day at its first existing instant where midnight is skipped', () => {
    const santiago = 'America/Santiago' as TimeZone; // 2026-09-06 00:00 jumps to 01:00
    const start = startOfLocalDay('2026-09-06' as LocalDate, santiago);
    expect(localDateOf(start, santiago)).toBe('2026-09-06');
    expect(localDateOf(new Date(start.getTime() - 1), santiago)).toBe('2026-09-05');
  });

  it('agrees: an instant is on or after day D exactly when it is at or after the start of D', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.date({ min: new Date('2020-01-01T00:00Z'), max: new Date('2030-12-31T00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -3, max: 3 }),
        (zone, instant, shift) => {
          const d = addCalendarDays(localDateOf(instant, zone), shift);
          expect(localDateOf(instant, zone) >= d).toBe(instant.getTime() >= startOfLocalDay(d, zone).getTime());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('validates zones and dates', () => {
    expect(isTimeZone('Europe/Moscow')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('+03:00')).toBe(false);
    expect(parseLocalDate('2026-02-29')).toBeNull();
    expect(parseLocalDate('2028-02-29')).toBe('2028-02-29');
  });
});

describe('lastCafeDays', () => {
  it('spans whole café days ending with today, from midnight to midnight in the zone', () => {
    expect(lastCafeDays('2026-11-22' as LocalDate, 30, 'Europe/Moscow' as TimeZone)).toEqual({
      from: new Date('2026-10-23T21:00:00Z'),
      to: new Date('2026-11-22T21:00:00Z'),
    });
    expect(lastCafeDays('2026-11-22' as LocalDate, 1, 'Asia/Vladivostok' as TimeZone)).toEqual({
      from: new Date('2026-11-21T14:00:00Z'),
      to: new Date('2026-11-22T14:00:00Z'),
    });
  });

  it('keeps whole days across a daylight-saving change (a 23-hour day inside the window)', () => {
    // Berlin moved to summer time on 2026-03-29: the window is 7 days of 24 h but one of 23 h.
    const w = lastCafeDays('2026-03-31' as LocalDate, 7, 'Europe/Berlin' as TimeZone);
    expect(w.from).toEqual(new Date('2026-03-24T23:00:00Z'));
    expect(w.to).toEqual(new Date('2026-03-31T22:00:00Z'));
    expect((w.to.getTime() - w.from.getTime()) / 3_600_000).toBe(7 * 24 - 1);
  });
});

describe('the café wall clock', () => {
  it('reads the weekday of a café date, 1 = Monday … 7 = Sunday', () => {
    expect(isoWeekday('2026-11-23' as LocalDate)).toBe(1); // a Monday
    expect(isoWeekday('2026-11-28' as LocalDate)).toBe(6);
    expect(isoWeekday('2026-11-29' as LocalDate)).toBe(7);
    expect(isoWeekday('2024-02-29' as LocalDate)).toBe(4);
  });

  it('reads date and minute of the day in the café zone, not in UTC', () => {
    const vlad = 'Asia/Vladivostok' as TimeZone;
    expect(wallClockOf(at('2026-11-23T00:00', vlad), vlad)).toEqual({ date: '2026-11-23', minute: 0 });
    expect(wallClockOf(at('2026-11-22T23:59', MSK), MSK)).toEqual({ date: '2026-11-22', minute: 23 * 60 + 59 });
    expect(wallClockOf(new Date('2026-11-22T21:00:00Z'), MSK)).toEqual({ date: '2026-11-23', minute: 0 });
  });

  it('gives the repeated hour of a fall-back night twice and keeps the date', () => {
    const berlin = 'Europe/Berlin' as TimeZone; // 2026-10-25 03:00 CEST → 02:00 CET
    expect(wallClockOf(new Date('2026-10-25T00:30:00Z'), berlin)).toEqual({ date: '2026-10-25', minute: 150 });
    expect(wallClockOf(new Date('2026-10-25T01:30:00Z'), berlin)).toEqual({ date: '2026-10-25', minute: 150 });
  });
});
