import { describe, expect, it } from 'vitest';
import type { TimeZone } from './calendar.ts';
import { withinVoidWindow } from './void-window.ts';

const MOSCOW = 'Europe/Moscow' as TimeZone;
const BERLIN = 'Europe/Berlin' as TimeZone;

describe('the void window', () => {
  // 2026-11-22 in Moscow (UTC+3) runs from 21:00 UTC on the 21st to 21:00 UTC on the 22nd.
  const sale = new Date('2026-11-22T06:30:00Z'); // 09:30 in Moscow

  it('takes a void on the sale’s café day up to its last minute, and refuses one from café midnight on (0 days)', () => {
    expect(withinVoidWindow(sale, new Date('2026-11-22T20:59:59Z'), MOSCOW, 0)).toBe(true);
    expect(withinVoidWindow(sale, new Date('2026-11-22T21:00:00Z'), MOSCOW, 0)).toBe(false);
  });

  it('counts café days, not hours: a sale at 23:50 closes at the same midnight', () => {
    const late = new Date('2026-11-22T20:50:00Z'); // 23:50 in Moscow
    expect(withinVoidWindow(late, new Date('2026-11-22T20:59:00Z'), MOSCOW, 0)).toBe(true);
    expect(withinVoidWindow(late, new Date('2026-11-22T21:01:00Z'), MOSCOW, 0)).toBe(false);
  });

  it('allows N café days more when the owner says so, to the last minute of the Nth', () => {
    expect(withinVoidWindow(sale, new Date('2026-11-24T20:59:00Z'), MOSCOW, 2)).toBe(true);
    expect(withinVoidWindow(sale, new Date('2026-11-24T21:00:00Z'), MOSCOW, 2)).toBe(false);
  });

  it('judges the day in the café’s zone across a daylight-saving change', () => {
    // Berlin leaves summer time at 03:00 on 2026-10-25: that café day is 25 hours long.
    const saturday = new Date('2026-10-24T20:00:00Z'); // 22:00 CEST on the 24th
    expect(withinVoidWindow(saturday, new Date('2026-10-25T22:59:00Z'), BERLIN, 1)).toBe(true); // 23:59 CET on the 25th
    expect(withinVoidWindow(saturday, new Date('2026-10-25T23:00:00Z'), BERLIN, 1)).toBe(false); // 00:00 on the 26th
  });

  it('takes a void dated before its sale (a tablet clock set back), rather than refusing the correction', () => {
    expect(withinVoidWindow(sale, new Date('2026-11-21T12:00:00Z'), MOSCOW, 0)).toBe(true);
  });
});
