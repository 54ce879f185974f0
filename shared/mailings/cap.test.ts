import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, localDateOf } from '../domain/calendar.ts';
import { at, day, zone } from '../segments/test-helpers.ts';
import { type ContactLogEntry, checkCap, checkCapRule, DEFAULT_CAP } from './cap.ts';

const MSK = zone('Europe/Moscow');
const BERLIN = zone('Europe/Berlin');
const NEW_YORK = zone('America/New_York');
const HOUR = 3_600_000;

const sent = (local: string, z = MSK, marketing = true): ContactLogEntry => ({ at: at(local, z), marketing });

describe('the cap: 2 marketing messages in any 7 café days, all channels together', () => {
  it('allows the first and second message and refuses the third', () => {
    expect(checkCap([], at('2026-11-23T10:00', MSK), MSK)).toEqual({ allowed: true, counted: 0, windowStartsOn: '2026-11-17', nextAllowedAt: null });
    expect(checkCap([sent('2026-11-23T10:00')], at('2026-11-23T12:00', MSK), MSK).allowed).toBe(true);
    const third = checkCap([sent('2026-11-23T10:00'), sent('2026-11-23T12:00')], at('2026-11-23T15:00', MSK), MSK);
    expect(third).toMatchObject({ allowed: false, counted: 2 });
    // The first (Monday 23rd) leaves the window when the window starts on the 24th: on the 30th.
    expect(third.nextAllowedAt).toEqual(at('2026-11-30T00:00', MSK));
  });

  it('does not count service messages', () => {
    const log = [sent('2026-11-23T10:00', MSK, false), sent('2026-11-23T11:00', MSK, false), sent('2026-11-23T12:00')];
    expect(checkCap(log, at('2026-11-23T15:00', MSK), MSK)).toMatchObject({ allowed: true, counted: 1 });
  });

  it('is not reset by a calendar week: Saturday and Sunday block the Monday after', () => {
    const log = [sent('2026-11-28T12:00'), sent('2026-11-29T12:00')]; // Sat, Sun
    expect(checkCap(log, at('2026-11-30T10:00', MSK), MSK).allowed).toBe(false); // Monday
    // Window for day D is D−6..D; Saturday the 28th leaves it on Saturday 5 December.
    expect(checkCap(log, new Date(at('2026-12-05T00:00', MSK).getTime() - 1), MSK).allowed).toBe(false);
    expect(checkCap(log, at('2026-12-05T00:00', MSK), MSK)).toMatchObject({ allowed: true, counted: 1, windowStartsOn: '2026-11-29' });
    expect(checkCap(log, at('2026-11-30T10:00', MSK), MSK).nextAllowedAt).toEqual(at('2026-12-05T00:00', MSK));
  });

  it('counts café days, not UTC days: 01:30 in Moscow is the previous day in UTC', () => {
    const log = [sent('2026-11-23T01:30'), sent('2026-11-24T10:00')]; // 22 Nov 22:30Z, on the 23rd in Moscow
    expect(checkCap(log, at('2026-11-29T23:59', MSK), MSK).allowed).toBe(false);
    expect(checkCap(log, at('2026-11-30T00:00', MSK), MSK).allowed).toBe(true);
  });

  it('reopens at the café midnight across a spring-forward change, one hour sooner in elapsed time', () => {
    // Berlin, 29 March 2026: 02:00 CET → 03:00 CEST, so that Sunday has 23 hours.
    const log = [sent('2026-03-23T10:00', BERLIN), sent('2026-03-24T10:00', BERLIN)];
    const check = checkCap(log, at('2026-03-29T12:00', BERLIN), BERLIN);
    expect(check.nextAllowedAt?.toISOString()).toBe('2026-03-29T22:00:00.000Z'); // 30 March 00:00 CEST
    expect(checkCap(log, new Date(Date.parse('2026-03-29T22:00:00Z') - 1), BERLIN).allowed).toBe(false);
    expect(checkCap(log, new Date('2026-03-29T22:00:00Z'), BERLIN).allowed).toBe(true);
    // Monday 23rd 10:00 CET is 09:00Z: 6 days and 13 hours before the reopening, not 14.
    expect((Date.parse('2026-03-29T22:00:00Z') - Date.parse('2026-03-23T09:00:00Z')) / HOUR).toBe(157);
  });

  it('reopens at the café midnight across a fall-back change, one hour later in elapsed time', () => {
    // New York, 1 November 2026: 02:00 EDT → 01:00 EST, so that Sunday has 25 hours.
    const log = [sent('2026-10-27T10:00', NEW_YORK), sent('2026-10-28T10:00', NEW_YORK)];
    const check = checkCap(log, at('2026-11-01T12:00', NEW_YORK), NEW_YORK);
    expect(check.nextAllowedAt?.toISOString()).toBe('2026-11-03T05:00:00.000Z'); // 3 Nov 00:00 EST
    expect(checkCap(log, new Date('2026-11-03T04:59:59.999Z'), NEW_YORK).allowed).toBe(false);
    expect(checkCap(log, new Date('2026-11-03T05:00:00Z'), NEW_YORK).allowed).toBe(true);
    // Tuesday 27th 10:00 EDT is 14:00Z: 6 days 15 hours before the reopening (14 without the change).
    expect((Date.parse('2026-11-03T05:00:00Z') - Date.parse('2026-10-27T14:00:00Z')) / HOUR).toBe(159);
  });

  it('reopens when enough messages have left, with a larger cap and some on one day', () => {
    const cap = { maxMessages: 3, days: 7 };
    const log = [sent('2026-11-20T10:00'), sent('2026-11-21T10:00'), sent('2026-11-21T11:00'), sent('2026-11-23T10:00')];
    // 4 counted, 3 allowed: 2 must leave (the 20th and one of the 21st): the window must start on the 22nd.
    expect(checkCap(log, at('2026-11-24T10:00', MSK), MSK, cap)).toMatchObject({ allowed: false, counted: 4, nextAllowedAt: at('2026-11-28T00:00', MSK) });
    expect(checkCap(log, at('2026-11-28T00:00', MSK), MSK, cap)).toMatchObject({ allowed: true, counted: 1 });
  });

  it('never lets more than the cap into any 7 consecutive café days when every send is checked', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(MSK, BERLIN, NEW_YORK),
        fc.array(fc.integer({ min: 0, max: 60 * 24 * 4 }), { minLength: 1, maxLength: 40 }),
        (z, gapsInMinutes) => {
          const log: ContactLogEntry[] = [];
          let t = Date.parse('2026-03-20T00:00:00Z');
          for (const gap of gapsInMinutes) {
            t += gap * 60_000;
            if (checkCap(log, new Date(t), z).allowed) log.push({ at: new Date(t), marketing: true });
          }
          const days = log.map((e) => localDateOf(e.at, z));
          for (const first of days) {
            const last = addCalendarDays(first, DEFAULT_CAP.days - 1);
            expect(days.filter((d) => d >= first && d <= last).length).toBeLessThanOrEqual(DEFAULT_CAP.maxMessages);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a cap below 1 message or 1 day and anything fractional', () => {
    expect(checkCapRule(DEFAULT_CAP)).toBeNull();
    expect(checkCapRule({ maxMessages: 1, days: 1 })).toBeNull();
    expect(checkCapRule({ maxMessages: 0, days: 7 })).toBe('cap-max-invalid');
    expect(checkCapRule({ maxMessages: 1.5, days: 7 })).toBe('cap-max-invalid');
    expect(checkCapRule({ maxMessages: 2, days: 0 })).toBe('cap-days-invalid');
    expect(checkCapRule({ maxMessages: 2, days: 91 })).toBe('cap-days-invalid');
  });

  it('uses the window the check names', () => {
    expect(checkCap([], at('2026-01-03T10:00', MSK), MSK, { maxMessages: 1, days: 1 }).windowStartsOn).toBe(day('2026-01-03'));
    expect(checkCap([], at('2026-01-03T10:00', MSK), MSK).windowStartsOn).toBe(day('2025-12-28'));
  });
});
