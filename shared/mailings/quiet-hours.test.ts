import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, zone } from '../segments/test-helpers.ts';
import { checkQuietHours, DEFAULT_QUIET_HOURS, isQuietAt, nextSendableAt, type QuietHours } from './quiet-hours.ts';

const MSK = zone('Europe/Moscow');
const BERLIN = zone('Europe/Berlin');
const NEW_YORK = zone('America/New_York');
const Q = DEFAULT_QUIET_HOURS;
const next = (due: Date, z = MSK, q: QuietHours = Q) => nextSendableAt(due, q, z).toISOString();
const z = (iso: string) => new Date(iso);

describe('quiet hours 21:00–09:00 in Moscow (no daylight saving)', () => {
  it('lets a message due in the day go at once, up to the last millisecond before 21:00', () => {
    expect(next(at('2026-11-23T09:00', MSK))).toBe('2026-11-23T06:00:00.000Z');
    expect(next(at('2026-11-23T14:00', MSK))).toBe('2026-11-23T11:00:00.000Z');
    expect(next(z('2026-11-23T17:59:59.999Z'))).toBe('2026-11-23T17:59:59.999Z'); // 20:59:59.999 MSK
    expect(isQuietAt(z('2026-11-23T17:59:59.999Z'), Q, MSK)).toBe(false);
  });

  it('makes a message due at 21:00 or later wait until 09:00 the next day', () => {
    expect(isQuietAt(at('2026-11-23T21:00', MSK), Q, MSK)).toBe(true);
    expect(next(at('2026-11-23T21:00', MSK))).toBe('2026-11-24T06:00:00.000Z');
    expect(next(at('2026-11-23T23:59', MSK))).toBe('2026-11-24T06:00:00.000Z');
  });

  it('makes a message due after midnight wait until 09:00 the same day', () => {
    expect(next(at('2026-11-24T00:00', MSK))).toBe('2026-11-24T06:00:00.000Z');
    expect(next(z('2026-11-24T05:59:59.999Z'))).toBe('2026-11-24T06:00:00.000Z'); // 08:59:59.999 MSK
  });

  it('ends the year and a month correctly', () => {
    expect(next(at('2026-12-31T22:30', MSK))).toBe('2027-01-01T06:00:00.000Z');
    expect(next(at('2026-02-28T22:30', MSK))).toBe('2026-03-01T06:00:00.000Z');
  });

  it('follows the owner’s window, wrapping midnight or not, and none when both ends are equal', () => {
    const siesta = { from: '13:00', to: '15:30' };
    expect(next(at('2026-11-23T12:59', MSK), MSK, siesta)).toBe('2026-11-23T09:59:00.000Z');
    expect(next(at('2026-11-23T13:00', MSK), MSK, siesta)).toBe('2026-11-23T12:30:00.000Z');
    expect(next(at('2026-11-23T15:30', MSK), MSK, siesta)).toBe('2026-11-23T12:30:00.000Z');
    expect(next(at('2026-11-23T23:00', MSK), MSK, siesta)).toBe('2026-11-23T20:00:00.000Z');
    const late = { from: '22:15', to: '08:45' };
    expect(next(at('2026-11-23T22:00', MSK), MSK, late)).toBe('2026-11-23T19:00:00.000Z');
    expect(next(at('2026-11-23T22:15', MSK), MSK, late)).toBe('2026-11-24T05:45:00.000Z');
    const none = { from: '00:00', to: '00:00' };
    expect(isQuietAt(at('2026-11-23T03:00', MSK), none, MSK)).toBe(false);
    expect(next(at('2026-11-23T03:00', MSK), MSK, none)).toBe('2026-11-23T00:00:00.000Z');
  });

  it('refuses times that are not HH:MM', () => {
    expect(checkQuietHours(Q)).toBeNull();
    expect(checkQuietHours({ from: '24:00', to: '09:00' })).toBe('quiet-hours-from-invalid');
    expect(checkQuietHours({ from: '21:00', to: '9:00' })).toBe('quiet-hours-to-invalid');
    expect(checkQuietHours({ from: '21:60', to: '09:00' })).toBe('quiet-hours-from-invalid');
  });
});

describe('quiet hours across a daylight-saving change', () => {
  it('Berlin, spring forward (29 March 2026, 02:00 CET → 03:00 CEST): a 22:00 message goes at 09:00 CEST, 10 hours later', () => {
    expect(next(at('2026-03-28T22:00', BERLIN), BERLIN)).toBe('2026-03-29T07:00:00.000Z');
    expect((Date.parse('2026-03-29T07:00:00Z') - Date.parse('2026-03-28T21:00:00Z')) / 3_600_000).toBe(10);
    expect(next(z('2026-03-29T01:30:00Z'), BERLIN)).toBe('2026-03-29T07:00:00.000Z'); // 03:30 CEST
  });

  it('Berlin, fall back (25 October 2026, 03:00 CEST → 02:00 CET): a 22:00 message goes at 09:00 CET, 12 hours later', () => {
    expect(next(at('2026-10-24T22:00', BERLIN), BERLIN)).toBe('2026-10-25T08:00:00.000Z');
    expect((Date.parse('2026-10-25T08:00:00Z') - Date.parse('2026-10-24T20:00:00Z')) / 3_600_000).toBe(12);
    // The repeated hour: 02:30 CEST (00:30Z) and 02:30 CET (01:30Z) both wait for the same 09:00.
    expect(next(z('2026-10-25T00:30:00Z'), BERLIN)).toBe('2026-10-25T08:00:00.000Z');
    expect(next(z('2026-10-25T01:30:00Z'), BERLIN)).toBe('2026-10-25T08:00:00.000Z');
  });

  it('New York, both changes of 2026 with the default window', () => {
    expect(next(at('2026-03-07T23:00', NEW_YORK), NEW_YORK)).toBe('2026-03-08T13:00:00.000Z'); // 09:00 EDT
    expect(next(at('2026-10-31T22:00', NEW_YORK), NEW_YORK)).toBe('2026-11-01T14:00:00.000Z'); // 09:00 EST
    expect(next(z('2026-11-01T08:59:00Z'), NEW_YORK)).toBe('2026-11-01T14:00:00.000Z'); // 03:59 EST
  });

  it('ends at the jump when the clock skips the window’s end (New York, 8 March 2026, 02:00 → 03:00)', () => {
    const q = { from: '01:00', to: '02:30' };
    expect(next(z('2026-03-08T06:30:00Z'), NEW_YORK, q)).toBe('2026-03-08T07:00:00.000Z'); // 01:30 EST → 03:00 EDT
    expect(isQuietAt(z('2026-03-08T06:59:59.999Z'), q, NEW_YORK)).toBe(true);
    expect(isQuietAt(z('2026-03-08T07:00:00Z'), q, NEW_YORK)).toBe(false);
  });

  it('ends when the clock falls back out of the window (New York, 1 November 2026, 02:00 EDT → 01:00 EST)', () => {
    const q = { from: '01:30', to: '02:30' };
    // 01:45 EDT; at 06:00Z the clock reads 01:00 EST, before the window starts.
    expect(next(z('2026-11-01T05:45:00Z'), NEW_YORK, q)).toBe('2026-11-01T06:00:00.000Z');
    // 01:45 EST, in the window the second time round: until 02:30 EST.
    expect(next(z('2026-11-01T06:45:00Z'), NEW_YORK, q)).toBe('2026-11-01T07:30:00.000Z');
  });

  it('ends at the first 01:30 of a repeated hour, and the second pass through the window waits again', () => {
    const q = { from: '01:00', to: '01:30' };
    expect(next(z('2026-11-01T05:10:00Z'), NEW_YORK, q)).toBe('2026-11-01T05:30:00.000Z'); // 01:10 EDT → 01:30 EDT
    expect(next(z('2026-11-01T06:10:00Z'), NEW_YORK, q)).toBe('2026-11-01T06:30:00.000Z'); // 01:10 EST → 01:30 EST
  });
});

describe('the next sendable instant, for any moment', () => {
  const windows: QuietHours[] = [
    Q,
    { from: '01:00', to: '02:30' },
    { from: '01:30', to: '03:30' },
    { from: '13:00', to: '15:00' },
    { from: '23:59', to: '00:01' },
  ];

  const CHANGE_DAYS = ['2026-03-29', '2026-10-25', '2026-03-08', '2026-11-01', '2026-04-05', '2026-09-06', '2026-10-04'];

  it('is never earlier than due, is outside quiet hours, and no minute before it is', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(MSK, BERLIN, NEW_YORK, zone('America/Santiago'), zone('Australia/Lord_Howe')),
        fc.constantFrom(...windows),
        fc.oneof(
          fc.date({ min: new Date('2026-01-01T00:00Z'), max: new Date('2027-12-31T00:00Z'), noInvalidDate: true }),
          // The days around the 2026 changes of these zones, where the wall clock jumps.
          fc
            .tuple(fc.constantFrom(...CHANGE_DAYS), fc.integer({ min: -36 * 60, max: 36 * 60 }))
            .map(([d, minutes]) => new Date(Date.parse(`${d}T12:00:00Z`) + minutes * 60_000)),
        ),
        (tz, q, due) => {
          const sendable = nextSendableAt(due, q, tz);
          expect(sendable.getTime()).toBeGreaterThanOrEqual(due.getTime());
          expect(isQuietAt(sendable, q, tz)).toBe(false);
          if (sendable.getTime() > due.getTime()) expect(isQuietAt(due, q, tz)).toBe(true);
          // Offsets are whole minutes, so the wall clock changes only on UTC minute boundaries.
          for (let m = Math.ceil(due.getTime() / 60_000) * 60_000; m < sendable.getTime(); m += 60_000) {
            expect(isQuietAt(new Date(m), q, tz)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
