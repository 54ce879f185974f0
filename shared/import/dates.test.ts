import { describe, expect, it } from 'vitest';
import { localDateOf, type TimeZone } from '../domain/calendar.ts';
import { excelSerialToWallClock, parseImportInstant, wallClockText } from './dates.ts';
import type { Cell } from './row-issue.ts';
import { zoneClock } from './wall-clock.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const ctx = (zone = 'Europe/Moscow') => ({ clock: zoneClock(zone as TimeZone), now: NOW });
const read = (cell: Cell, zone?: string) => {
  const r = parseImportInstant(cell, 'purchased_at', ctx(zone));
  return r.ok ? r.value.toISOString() : r.issue;
};

describe('import dates and times', () => {
  it.each([
    ['2026-11-22T09:30:00+03:00', '2026-11-22T06:30:00.000Z'],
    ['2026-11-22T09:30:00Z', '2026-11-22T09:30:00.000Z'],
    ['2026-11-22 09:30:00+0300', '2026-11-22T06:30:00.000Z'],
    ['2026-11-22T09:30:00.250+03', '2026-11-22T06:30:00.250Z'],
    ['2026-11-22T01:30:00-05:30', '2026-11-22T07:00:00.000Z'],
  ])('takes an ISO time with an offset as that instant, whatever the café’s zone: %s', (text, want) => {
    expect(read(text, 'Asia/Vladivostok')).toBe(want);
  });

  it.each([
    // Moscow is UTC+3 all year: 09:30 there is 06:30Z.
    ['2026-11-22T09:30', '2026-11-22T06:30:00.000Z'],
    ['2026-11-22 09:30:00', '2026-11-22T06:30:00.000Z'],
    ['22.11.2026 9:30', '2026-11-22T06:30:00.000Z'],
    ['22.11.2026 09:30', '2026-11-22T06:30:00.000Z'],
    ['22.11.2026, 9:30', '2026-11-22T06:30:00.000Z'],
    ['22.11.26 09:30:15', '2026-11-22T06:30:15.000Z'],
    ['  22.11.2026 9:30 ', '2026-11-22T06:30:00.000Z'],
    // A date alone is the café's midnight.
    ['22.11.2026', '2026-11-21T21:00:00.000Z'],
    ['1.2.2026', '2026-01-31T21:00:00.000Z'],
    ['2026-11-22', '2026-11-21T21:00:00.000Z'],
    // Excel serials: 46348 is 2026-11-22 (2000-01-01 is 36526, plus 26 years with 7 leap days, plus 325 days); 0.395833… is 9:30.
    ['46348.3958333333', '2026-11-22T06:30:00.000Z'],
    ['46348,5', '2026-11-22T09:00:00.000Z'],
    ['46348', '2026-11-21T21:00:00.000Z'],
  ])('reads %j without an offset in the café’s zone', (text, want) => {
    expect(read(text)).toBe(want);
  });

  it('reads a spreadsheet’s numeric cell as an Excel serial', () => {
    expect(read(46348.395833333336)).toBe('2026-11-22T06:30:00.000Z');
    expect(read(46348)).toBe('2026-11-21T21:00:00.000Z');
  });

  it('puts a Russian date at the café’s midnight on that café day, in any zone', () => {
    for (const zone of ['Europe/Moscow', 'Asia/Vladivostok', 'Europe/Kaliningrad', 'America/New_York']) {
      const r = parseImportInstant('22.11.2026', 'registered_at', ctx(zone));
      expect(r.ok && localDateOf(r.value, zone as TimeZone)).toBe('2026-11-22');
      const before = parseImportInstant('21.11.2026 23:59:59', 'registered_at', ctx(zone));
      expect(before.ok && localDateOf(before.value, zone as TimeZone)).toBe('2026-11-21');
      expect(r.ok && before.ok && r.value.getTime() - before.value.getTime()).toBe(1000);
    }
    expect(read('22.11.2026', 'Asia/Vladivostok')).toBe('2026-11-21T14:00:00.000Z'); // UTC+10
  });

  it('reads times across a daylight-saving change by the documented rules (Berlin 2026)', () => {
    expect(read('29.03.2026 01:59', 'Europe/Berlin')).toBe('2026-03-29T00:59:00.000Z'); // CET
    expect(read('29.03.2026 02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z'); // skipped: = 03:30 CEST
    expect(read('29.03.2026 03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(read('25.10.2026 02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z'); // repeated: the first
    expect(read('25.10.2026 03:30', 'Europe/Berlin')).toBe('2026-10-25T02:30:00.000Z'); // CET
    expect(read('2026-10-25T02:30:00+01:00', 'Europe/Berlin')).toBe('2026-10-25T01:30:00.000Z'); // an offset picks the second
    // A midnight the clocks skip is 01:00 of the same day.
    expect(read('06.09.2026', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });

  it('believes a time up to 10 minutes ahead of now, not more', () => {
    expect(read('2026-11-22T12:10:00Z')).toBe('2026-11-22T12:10:00.000Z');
    expect(read('2026-11-22T12:10:01Z')).toMatchObject({ code: 'date-in-future', message: 'purchased_at 2026-11-22T12:10:01.000Z is in the future' });
    expect(read('23.11.2026')).toMatchObject({ code: 'date-in-future' });
  });

  it.each([
    ['', 'date-empty', 'purchased_at is empty'],
    ['   ', 'date-empty', 'purchased_at is empty'],
    ['yesterday', 'date-invalid', 'is not a date and time'],
    ['22/11/2026', 'date-invalid', 'is not a date and time'],
    ['2026-11-22T09:30:00+19:00', 'date-invalid', 'impossible offset'],
    ['31.02.2026', 'date-not-real', 'not a real calendar date'],
    ['29.02.2026', 'date-not-real', 'not a real calendar date'],
    ['2026-02-30T10:00:00Z', 'date-not-real', 'not a real calendar date'],
    ['22.13.2026', 'date-not-real', 'not a real calendar date'],
    ['22.11.2026 24:00', 'date-not-real', 'not a real time of day'],
    ['22.11.2026 9:60', 'date-not-real', 'not a real time of day'],
    ['31.12.1989 23:59', 'date-too-early', 'before 1990'],
    // Named as written, not moved into the 1900s.
    ['0049-05-01T10:00:00Z', 'date-too-early', '0049-05-01T10:00:00.000Z is before 1990'],
    ['350', 'date-too-early', 'before 1990'], // an amount in the date column: 350 days after 1899-12-30
    ['9999999', 'date-invalid', 'is not a date and time'],
  ])('refuses %j with %s', (text, code, message) => {
    const r = parseImportInstant(text, 'purchased_at', ctx());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issue).toMatchObject({ code, field: 'purchased_at' });
      expect(r.issue.message).toContain(message);
    }
  });

  it('accepts 29 February in a leap year only', () => {
    expect(read('29.02.2024 12:00')).toBe('2024-02-29T09:00:00.000Z');
    expect(read('29.02.2100')).toMatchObject({ code: 'date-not-real' });
  });
});

describe('Excel serials', () => {
  it('turn into the wall clock Excel shows, in either date system', () => {
    expect(excelSerialToWallClock(46348.395833333336, false)).toEqual({ year: 2026, month: 11, day: 22, hour: 9, minute: 30, second: 0, millisecond: 0 });
    // 1904 system: day 0 is 1904-01-01, so the same day is 1462 lower.
    expect(excelSerialToWallClock(46348 - 1462, true)).toMatchObject({ year: 2026, month: 11, day: 22, hour: 0 });
    // 23:59:59.9 rounds to the next midnight, not to 24:00.
    expect(excelSerialToWallClock(46348 + 86_399.9 / 86_400, false)).toMatchObject({ day: 23, hour: 0, minute: 0, second: 0 });
    expect(excelSerialToWallClock(0, false)).toBeNull();
    expect(excelSerialToWallClock(Number.NaN, false)).toBeNull();
  });

  it('are handed on as ISO text without an offset, a date alone at midnight', () => {
    expect(wallClockText({ year: 2026, month: 11, day: 22, hour: 9, minute: 5, second: 7, millisecond: 0 })).toBe('2026-11-22T09:05:07');
    expect(wallClockText({ year: 2026, month: 1, day: 2, hour: 0, minute: 0, second: 0, millisecond: 0 })).toBe('2026-01-02');
  });
});
