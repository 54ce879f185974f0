import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimeZone } from '../domain/calendar.ts';
import { zoneClock, type WallClock } from './wall-clock.ts';

const wall = (text: string): WallClock => {
  const [date, time = '00:00:00'] = text.split(' ') as [string, string?];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second = 0] = time.split(':').map(Number) as [number, number, number?];
  return { year, month, day, hour, minute, second, millisecond: 0 };
};
const clock = (zone: string) => zoneClock(zone as TimeZone);
const iso = (zone: string, text: string) => clock(zone).toInstant(wall(text)).toISOString();

describe('wall-clock time in a zone', () => {
  it('reads a time with the zone offset in force (Moscow is UTC+3 all year)', () => {
    expect(iso('Europe/Moscow', '2026-11-22 00:00')).toBe('2026-11-21T21:00:00.000Z');
    expect(iso('Europe/Moscow', '2026-07-01 09:30:15')).toBe('2026-07-01T06:30:15.000Z');
    expect(iso('Asia/Vladivostok', '2026-01-01 00:00')).toBe('2025-12-31T14:00:00.000Z');
    expect(iso('America/New_York', '2026-07-04 12:00')).toBe('2026-07-04T16:00:00.000Z');
  });

  it('moves a time skipped by clocks going forward ahead by the gap (Berlin, 29 March 2026, 02:00 → 03:00)', () => {
    expect(iso('Europe/Berlin', '2026-03-29 01:59')).toBe('2026-03-29T00:59:00.000Z'); // CET, +1
    expect(iso('Europe/Berlin', '2026-03-29 02:00')).toBe('2026-03-29T01:00:00.000Z'); // = 03:00 CEST
    expect(iso('Europe/Berlin', '2026-03-29 02:30')).toBe('2026-03-29T01:30:00.000Z'); // = 03:30 CEST
    expect(iso('Europe/Berlin', '2026-03-29 03:00')).toBe('2026-03-29T01:00:00.000Z'); // CEST, +2
  });

  it('takes the earlier of a time repeated by clocks going back (Berlin, 25 October 2026, 03:00 → 02:00)', () => {
    expect(iso('Europe/Berlin', '2026-10-25 01:59')).toBe('2026-10-24T23:59:00.000Z'); // CEST
    expect(iso('Europe/Berlin', '2026-10-25 02:30')).toBe('2026-10-25T00:30:00.000Z'); // the first 02:30, still CEST
    expect(iso('Europe/Berlin', '2026-10-25 03:00')).toBe('2026-10-25T02:00:00.000Z'); // CET, +1
  });

  it('keeps a skipped midnight on its own day (Santiago jumps from 00:00 to 01:00 on 6 September 2026)', () => {
    expect(iso('America/Santiago', '2026-09-05 23:59')).toBe('2026-09-06T03:59:00.000Z'); // -4
    expect(iso('America/Santiago', '2026-09-06 00:00')).toBe('2026-09-06T04:00:00.000Z'); // = 01:00 -3
    expect(iso('America/Santiago', '2026-09-06 00:30')).toBe('2026-09-06T04:30:00.000Z');
  });

  it('gives the same instant however often it is asked, cached or not', () => {
    const c = clock('Europe/Berlin');
    const first = c.toInstant(wall('2026-10-25 02:30')).getTime();
    for (let i = 0; i < 3; i++) expect(c.toInstant(wall('2026-10-25 02:30')).getTime()).toBe(first);
    expect(clock('Europe/Berlin').toInstant(wall('2026-10-25 02:30')).getTime()).toBe(first);
  });

  it('round-trips: any moment’s wall clock reads back as a moment showing that wall clock — the same one unless the hour repeats', () => {
    const zones = ['Europe/Moscow', 'Europe/Berlin', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/St_Johns'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1995, 0, 1) / 1000, max: Date.UTC(2035, 0, 1) / 1000 }), (zone, seconds) => {
        const t = seconds * 1000;
        const w = wallOf(t, zone);
        const back = clock(zone).toInstant(w).getTime();
        expect(wallOf(back, zone)).toEqual(w);
        expect(back).toBeLessThanOrEqual(t);
        // Only a repeated hour may read back earlier (by 1 hour, or 30 minutes on Lord Howe).
        expect(t - back).toBeLessThanOrEqual(3_600_000);
      }),
      { numRuns: 3000 },
    );
  });
});

/** The wall clock of an instant, straight from Intl (not from the code under test). */
function wallOf(t: number, zone: string): WallClock {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(new Date(t))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    millisecond: 0,
  };
}
