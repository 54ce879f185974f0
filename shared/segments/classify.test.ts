import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, localDateOf, type LocalDate, type TimeZone } from '../domain/calendar.ts';
import { emptyStats, type GuestStats } from '../domain/guest.ts';
import { classifyGuest } from './classify.ts';
import { BOOSTFEEL_RULES, DEFAULT_RULES, PRESETS, RFM_RULES, WAHELP_RULES } from './presets.ts';
import { ruleSetSchema } from './rule-set-schema.ts';
import { segmentIds } from './rules.ts';
import { at, stats } from './test-helpers.ts';

const MSK = 'Europe/Moscow' as TimeZone;
const TODAY = '2026-11-22' as LocalDate;
const daysBefore = (n: number, time = '12:00') => at(`${addCalendarDays(TODAY, -n)}T${time}`, MSK);
const seg = (s: GuestStats, today = TODAY, zone = MSK) => classifyGuest(s, today, zone, DEFAULT_RULES);
/** A guest registered `reg` days ago with purchases on the given days-ago. */
const guest = (reg: number, purchaseDaysAgo: number[]) =>
  stats(
    daysBefore(reg, '09:00'),
    purchaseDaysAgo.map((d) => ({ at: daysBefore(d) })),
  );

describe('default segments: boundaries', () => {
  it('active at 14 days since the last purchase, leaving at 15', () => {
    expect(seg(guest(100, [90, 80, 70, 14]))).toBe('active');
    expect(seg(guest(100, [90, 80, 70, 15]))).toBe('leaving');
  });

  it('leaving at 60 days, sleeping at 61; rare at 60, sleeping at 61', () => {
    expect(seg(guest(200, [150, 100, 90, 60]))).toBe('leaving');
    expect(seg(guest(200, [150, 100, 90, 61]))).toBe('sleeping');
    expect(seg(guest(200, [100, 90, 60]))).toBe('rare');
    expect(seg(guest(200, [100, 90, 61]))).toBe('sleeping');
  });

  it('newcomer with 2 purchases, not with 3; active needs 4, not 3', () => {
    expect(seg(guest(5, [4, 1]))).toBe('newcomer');
    expect(seg(guest(5, [4, 2, 1]))).toBe('none');
    expect(seg(guest(40, [30, 20, 3]))).toBe('none');
    expect(seg(guest(40, [30, 20, 10, 3]))).toBe('active');
  });

  it('newcomer at 14 days since registration, not at 15', () => {
    expect(seg(guest(14, [14]))).toBe('newcomer');
    expect(seg(guest(15, [14]))).toBe('none');
  });

  it('counts a guest with no purchase from the registration date', () => {
    expect(seg(guest(3, []))).toBe('newcomer');
    expect(seg(guest(15, []))).toBe('rare');
    expect(seg(guest(60, []))).toBe('rare');
    expect(seg(guest(61, []))).toBe('sleeping');
  });

  it('ignores voided purchases', () => {
    const reg = daysBefore(100);
    const four = [50, 40, 30, 2].map((d) => ({ at: daysBefore(d) }));
    expect(seg(stats(reg, four))).toBe('active');
    expect(
      seg(
        stats(
          reg,
          four.map((p, i) => ({ ...p, voided: i === 0 })),
        ),
      ),
    ).toBe('none');
    expect(
      seg(
        stats(
          reg,
          four.map((p, i) => ({ ...p, voided: i === 3 })),
        ),
      ),
    ).toBe('rare');
  });

  it('puts every gap of the seed rules in none', () => {
    expect(seg(guest(40, [30, 20, 1]))).toBe('none'); // the DESIGN.md example
    expect(seg(guest(10, [9, 5, 1]))).toBe('none'); // newcomer with 3 purchases
    expect(seg(guest(20, [14]))).toBe('none'); // 1 purchase, recent, registered long ago
  });

  it('counts a purchase at 23:50 as 1 day ago at 00:10, in Moscow', () => {
    const reg = at('2026-08-01T10:00', MSK);
    const early = [at('2026-09-01T10:00', MSK), at('2026-09-10T10:00', MSK), at('2026-10-01T10:00', MSK)];
    const withLast = (last: Date) =>
      stats(
        reg,
        [...early, last].map((p) => ({ at: p })),
      );
    const now = at('2026-11-22T00:10', MSK);
    const today = localDateOf(now, MSK);
    // 14 days and 20 minutes elapsed, but 15 calendar days.
    expect(seg(withLast(at('2026-11-07T23:50', MSK)), today)).toBe('leaving');
    expect(seg(withLast(at('2026-11-08T00:05', MSK)), today)).toBe('active');
  });

  it('uses the café zone east of UTC where the UTC date differs', () => {
    const vlad = 'Asia/Vladivostok' as TimeZone;
    const reg = at('2026-06-01T10:00', vlad);
    const early = ['2026-07-01', '2026-08-01', '2026-09-01'].map((d) => ({ at: at(`${d}T10:00`, vlad) }));
    const now = at('2026-11-22T08:00', vlad); // UTC: 21 Nov 22:00
    const last = at('2026-11-07T11:00', vlad); // UTC: 7 Nov 01:00 → 14 UTC days, 15 local
    const s = stats(reg, [...early, { at: last }]);
    expect(classifyGuest(s, localDateOf(now, vlad), vlad, DEFAULT_RULES)).toBe('leaving');
    expect(classifyGuest(s, localDateOf(now, 'UTC' as TimeZone), 'UTC' as TimeZone, DEFAULT_RULES)).toBe('active');
  });

  it('is not moved by a daylight-saving change inside the window', () => {
    const berlin = 'Europe/Berlin' as TimeZone; // clocks go back on 25 Oct 2026
    const early = ['2026-08-01', '2026-09-01', '2026-10-01'].map((d) => ({ at: at(`${d}T10:00`, berlin) }));
    const s = stats(at('2026-07-01T10:00', berlin), [...early, { at: at('2026-10-21T23:45', berlin) }]);
    // 14 days 1 h 45 min elapsed; 15 calendar days.
    expect(classifyGuest(s, localDateOf(at('2026-11-05T00:30', berlin), berlin), berlin, DEFAULT_RULES)).toBe('leaving');
    const ny = 'America/New_York' as TimeZone; // clocks go forward on 8 Mar 2026
    const s2 = stats(at('2026-01-01T10:00', ny), [
      ...['2026-01-10', '2026-01-20', '2026-02-01'].map((d) => ({ at: at(`${d}T10:00`, ny) })),
      { at: at('2026-03-05T23:50', ny) },
    ]);
    // 13 days 23 h 40 min elapsed; 15 calendar days.
    expect(classifyGuest(s2, localDateOf(at('2026-03-20T00:30', ny), ny), ny, DEFAULT_RULES)).toBe('leaving');
  });
});

describe('presets', () => {
  it('are all valid rule sets', () => {
    for (const p of PRESETS) expect(() => ruleSetSchema.parse(p)).not.toThrow();
  });

  it('Boostfeel: VIP, loyal, potentially loyal, at risk, lost, and gaps', () => {
    const b = (s: GuestStats) => classifyGuest(s, TODAY, MSK, BOOSTFEEL_RULES);
    const daily = (n: number, amount: number, lastDaysAgo = 0) =>
      stats(
        daysBefore(29 + lastDaysAgo),
        Array.from({ length: n }, (_, i) => ({ at: daysBefore(lastDaysAgo + (i % 30)), amount })),
      );
    expect(b(daily(25, 40000))).toBe('vip');
    expect(b(daily(25, 39999))).toBe('loyal');
    expect(b(daily(10, 20000))).toBe('loyal');
    expect(b(daily(9, 20000))).toBe('none');
    expect(b(stats(daysBefore(8), [{ at: daysBefore(8) }]))).toBe('potentially_loyal');
    expect(b(stats(daysBefore(6), [{ at: daysBefore(6) }]))).toBe('none');
    expect(b(daily(25, 40000, 20))).toBe('at_risk');
    expect(b(daily(25, 40000, 40))).toBe('lost');
    expect(b(daily(25, 19999, 40))).toBe('none');
  });

  it('Wahelp: new, regular, permanent, sleeping', () => {
    const w = (s: GuestStats) => classifyGuest(s, TODAY, MSK, WAHELP_RULES);
    const visits = (n: number) =>
      stats(
        daysBefore(29),
        Array.from({ length: n }, (_, i) => ({ at: daysBefore(i % 30) })),
      );
    expect(w(visits(2))).toBe('new');
    expect(w(visits(3))).toBe('regular');
    expect(w(visits(8))).toBe('regular');
    expect(w(visits(9))).toBe('permanent');
    expect(w(stats(daysBefore(90), [{ at: daysBefore(30) }]))).toBe('new');
    expect(w(stats(daysBefore(90), [{ at: daysBefore(31) }]))).toBe('sleeping');
    expect(w(emptyStats(daysBefore(3)))).toBe('none');
  });

  it('RFM: recency × frequency × spend', () => {
    const r = (s: GuestStats) => classifyGuest(s, TODAY, MSK, RFM_RULES);
    const g = (n: number, each: number, last: number) =>
      stats(
        daysBefore(400),
        Array.from({ length: n }, (_, i) => ({ at: daysBefore(last + i), amount: each })),
      );
    expect(r(g(6, 30000, 45))).toBe('long_ago_often_small');
    expect(r(g(6, 100000, 45))).toBe('long_ago_often_medium');
    expect(r(g(2, 1000000, 45))).toBe('long_ago_sometimes_large');
    expect(r(g(1, 10000, 30))).toBe('recent_sometimes_small');
    expect(r(emptyStats(daysBefore(3)))).toBe('none');
  });
});

const guestArb = fc
  .record({
    reg: fc.integer({ min: 0, max: 400 }),
    purchases: fc.array(fc.record({ daysAgo: fc.integer({ min: 0, max: 400 }), amount: fc.integer({ min: 1, max: 500_000 }), voided: fc.boolean() }), {
      maxLength: 40,
    }),
  })
  .map(({ reg, purchases }) =>
    // Purchases are never before registration (imports register at the first purchase).
    stats(
      daysBefore(reg, '08:00'),
      purchases.map((p) => ({ at: daysBefore(Math.min(p.daysAgo, reg)), amount: p.amount, voided: p.voided })),
    ),
  );

describe('segment properties', () => {
  it('gives every guest exactly one segment of the rule set, under every preset', () => {
    fc.assert(
      fc.property(guestArb, fc.constantFrom(...PRESETS), (s, rules) => {
        expect(segmentIds(rules)).toContain(classifyGuest(s, TODAY, MSK, rules));
      }),
      { numRuns: 500 },
    );
  });

  it('default rules never overlap: at most one segment rule matches a guest', () => {
    fc.assert(
      fc.property(guestArb, (s) => {
        const matching = DEFAULT_RULES.segments.filter((one) => classifyGuest(s, TODAY, MSK, { ...DEFAULT_RULES, segments: [one] }) !== 'none');
        expect(matching.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });

  it('with no new purchases a guest only moves towards sleeping', () => {
    const rank: Record<string, number> = { newcomer: 0, active: 0, none: 1, leaving: 2, rare: 2, sleeping: 3 };
    fc.assert(
      fc.property(guestArb, (s) => {
        let previous = -1;
        for (let d = 0; d <= 70; d++) {
          const r = rank[seg(s, addCalendarDays(TODAY, d))]!;
          expect(r).toBeGreaterThanOrEqual(previous);
          previous = r;
        }
        expect(seg(s, addCalendarDays(TODAY, 62))).toBe('sleeping');
      }),
      { numRuns: 200 },
    );
  });
});
