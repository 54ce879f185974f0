import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, localDateOf, type LocalDate, type TimeZone } from '../domain/calendar.ts';
import type { Kopecks } from '../domain/money.ts';
import { classifyGuest } from '../segments/classify.ts';
import { DEFAULT_RULES } from '../segments/presets.ts';
import { at, stats } from '../segments/test-helpers.ts';
import { eligibility, offersFor, type GuestContext } from './eligibility.ts';
import type { Promotion, PromotionId } from './promotion.ts';

const MSK = 'Europe/Moscow' as TimeZone; // UTC+3 all year
const VLAD = 'Asia/Vladivostok' as TimeZone; // UTC+10 all year
const BERLIN = 'Europe/Berlin' as TimeZone;
const NEW_YORK = 'America/New_York' as TimeZone;
const utc = (iso: string) => new Date(iso);
const rub = (r: number) => (r * 100) as Kopecks;

function promo(over: Partial<Promotion> = {}): Promotion {
  return {
    id: 'p1' as PromotionId,
    status: 'active',
    name: 'Утренний кофе',
    audience: [],
    weekdays: [],
    window: null,
    starts: null,
    ends: null,
    benefit: { kind: 'percent', percent: 20 },
    minCheck: null,
    limit: 'none',
    ...over,
  };
}

/** The reason, or 'ok': reads better in a table of boundaries. */
function verdict(p: Promotion, now: Date, guest: Partial<GuestContext> & { uses?: Date[] } = {}) {
  const r = eligibility(p, { segment: 'active', zone: MSK, uses: [], ...guest }, now);
  return r.eligible ? 'ok' : r.reason;
}

describe('the time-of-day window [from, to) on the café wall clock', () => {
  const morning = promo({ window: { from: '09:00', to: '12:00' } });

  it('takes its first minute and its last, not the minute after', () => {
    expect(verdict(morning, at('2026-11-23T08:59', MSK))).toBe('window');
    expect(verdict(morning, at('2026-11-23T09:00', MSK))).toBe('ok');
    expect(verdict(morning, at('2026-11-23T11:59', MSK))).toBe('ok');
    expect(verdict(morning, utc('2026-11-23T08:59:59.999Z'))).toBe('ok'); // 11:59:59.999 in Moscow
    expect(verdict(morning, at('2026-11-23T12:00', MSK))).toBe('window');
  });

  it('reads the clock in the café zone, not in UTC', () => {
    // 06:00Z is 09:00 in Moscow and 16:00 in Vladivostok.
    expect(verdict(morning, utc('2026-11-23T06:00:00Z'), { zone: MSK })).toBe('ok');
    expect(verdict(morning, utc('2026-11-23T06:00:00Z'), { zone: VLAD })).toBe('window');
    // 23:00Z the day before is 09:00 in Vladivostok.
    expect(verdict(morning, utc('2026-11-22T23:00:00Z'), { zone: VLAD })).toBe('ok');
    expect(verdict(morning, utc('2026-11-22T22:59:00Z'), { zone: VLAD })).toBe('window');
  });

  it('follows the wall clock across a spring-forward change (Berlin, 29 March 2026)', () => {
    // Saturday in CET (UTC+1): 09:00 local is 08:00Z.
    expect(verdict(morning, utc('2026-03-28T07:59:00Z'), { zone: BERLIN })).toBe('window');
    expect(verdict(morning, utc('2026-03-28T08:00:00Z'), { zone: BERLIN })).toBe('ok');
    expect(verdict(morning, utc('2026-03-28T10:59:00Z'), { zone: BERLIN })).toBe('ok');
    expect(verdict(morning, utc('2026-03-28T11:00:00Z'), { zone: BERLIN })).toBe('window');
    // Sunday in CEST (UTC+2): the same window starts and ends an hour earlier in UTC.
    expect(verdict(morning, utc('2026-03-29T06:59:00Z'), { zone: BERLIN })).toBe('window');
    expect(verdict(morning, utc('2026-03-29T07:00:00Z'), { zone: BERLIN })).toBe('ok');
    expect(verdict(morning, utc('2026-03-29T09:59:00Z'), { zone: BERLIN })).toBe('ok');
    expect(verdict(morning, utc('2026-03-29T10:00:00Z'), { zone: BERLIN })).toBe('window');
  });

  it('holds both passes of a repeated hour on a fall-back night (New York, 1 November 2026)', () => {
    const lateNight = promo({ window: { from: '01:00', to: '02:00' } });
    expect(verdict(lateNight, utc('2026-11-01T04:59:00Z'), { zone: NEW_YORK })).toBe('window'); // 00:59 EDT
    expect(verdict(lateNight, utc('2026-11-01T05:00:00Z'), { zone: NEW_YORK })).toBe('ok'); // 01:00 EDT
    expect(verdict(lateNight, utc('2026-11-01T05:59:00Z'), { zone: NEW_YORK })).toBe('ok'); // 01:59 EDT
    expect(verdict(lateNight, utc('2026-11-01T06:00:00Z'), { zone: NEW_YORK })).toBe('ok'); // 01:00 EST, again
    expect(verdict(lateNight, utc('2026-11-01T06:59:00Z'), { zone: NEW_YORK })).toBe('ok'); // 01:59 EST
    expect(verdict(lateNight, utc('2026-11-01T07:00:00Z'), { zone: NEW_YORK })).toBe('window'); // 02:00 EST
  });

  it('runs to the end of the café day with to = 24:00', () => {
    const evening = promo({ window: { from: '18:00', to: '24:00' } });
    expect(verdict(evening, at('2026-11-23T23:59', MSK))).toBe('ok');
    expect(verdict(evening, at('2026-11-24T00:00', MSK))).toBe('window');
  });

  it('agrees with from <= minute < to for any window and minute (property)', () => {
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const window = fc.tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 })).filter(([f, t]) => f < t);
    fc.assert(
      fc.property(window, fc.integer({ min: 0, max: 1439 }), fc.constantFrom(MSK, VLAD, BERLIN), ([f, t], m, zone) => {
        const p = promo({ window: { from: hhmm(f), to: hhmm(t) } });
        const now = at(`2026-11-23T${hhmm(m)}`, zone);
        expect(verdict(p, now, { zone })).toBe(f <= m && m < t ? 'ok' : 'window');
      }),
    );
  });
});

describe('weekdays, at café midnight', () => {
  // 2026-11-29 is a Sunday, 2026-11-30 a Monday.
  const sundays = promo({ weekdays: [7] });
  const mondays = promo({ weekdays: [1] });

  it('in Moscow: Sunday 23:59 is Sunday, Monday 00:00 is Monday though UTC still says Sunday', () => {
    expect(verdict(sundays, utc('2026-11-29T20:59:00Z'), { zone: MSK })).toBe('ok'); // Sun 23:59 MSK
    expect(verdict(sundays, utc('2026-11-29T21:00:00Z'), { zone: MSK })).toBe('weekday'); // Mon 00:00 MSK
    expect(verdict(mondays, utc('2026-11-29T20:59:00Z'), { zone: MSK })).toBe('weekday');
    expect(verdict(mondays, utc('2026-11-29T21:00:00Z'), { zone: MSK })).toBe('ok');
  });

  it('in Vladivostok, where the café Monday starts at 14:00 UTC on Sunday', () => {
    expect(verdict(sundays, utc('2026-11-29T13:59:00Z'), { zone: VLAD })).toBe('ok'); // Sun 23:59
    expect(verdict(sundays, utc('2026-11-29T14:00:00Z'), { zone: VLAD })).toBe('weekday'); // Mon 00:00
    expect(verdict(mondays, utc('2026-11-29T14:00:00Z'), { zone: VLAD })).toBe('ok');
    // Monday 09:30 in Vladivostok is still Sunday in UTC.
    expect(verdict(mondays, utc('2026-11-29T23:30:00Z'), { zone: VLAD })).toBe('ok');
    // Sunday 08:00 in Vladivostok is Saturday in UTC.
    expect(verdict(sundays, utc('2026-11-28T22:00:00Z'), { zone: VLAD })).toBe('ok');
  });

  it('applies on every listed day and no other', () => {
    const workdays = promo({ weekdays: [1, 2, 3, 4, 5] });
    const days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
    expect(days.map((d) => verdict(workdays, at(`${d}T10:00`, MSK)))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'weekday', 'weekday']);
  });
});

describe('the date range, café days inclusive', () => {
  const december = promo({ starts: '2026-12-01' as LocalDate, ends: '2026-12-07' as LocalDate });

  it('starts at 00:00 of its first day and ends after 23:59 of its last', () => {
    expect(verdict(december, at('2026-11-30T23:59', MSK))).toBe('not-started');
    expect(verdict(december, at('2026-12-01T00:00', MSK))).toBe('ok');
    expect(verdict(december, at('2026-12-07T23:59', MSK))).toBe('ok');
    expect(verdict(december, at('2026-12-08T00:00', MSK))).toBe('expired');
  });

  it('counts days in the café zone: 1 December 00:30 in Vladivostok is 30 November in UTC', () => {
    expect(verdict(december, utc('2026-11-30T14:30:00Z'), { zone: VLAD })).toBe('ok');
    expect(verdict(december, utc('2026-11-30T14:30:00Z'), { zone: MSK })).toBe('not-started');
  });

  it('holds a one-day promotion for exactly that day', () => {
    const oneDay = promo({ starts: '2026-12-31' as LocalDate, ends: '2026-12-31' as LocalDate });
    expect(verdict(oneDay, at('2026-12-30T23:59', MSK))).toBe('not-started');
    expect(verdict(oneDay, at('2026-12-31T00:00', MSK))).toBe('ok');
    expect(verdict(oneDay, at('2026-12-31T23:59', MSK))).toBe('ok');
    expect(verdict(oneDay, at('2027-01-01T00:00', MSK))).toBe('expired');
  });

  it('is open at either end when a date is missing', () => {
    expect(verdict(promo({ ends: '2026-12-07' as LocalDate }), at('2020-01-01T10:00', MSK))).toBe('ok');
    expect(verdict(promo({ starts: '2026-12-01' as LocalDate }), at('2036-01-01T10:00', MSK))).toBe('ok');
  });
});

describe('the per-guest limit', () => {
  const lateUse = at('2026-11-22T23:50', MSK);

  it('once: any earlier use refuses, also on a later café day', () => {
    const once = promo({ limit: 'once' });
    expect(verdict(once, at('2026-11-22T23:55', MSK), { uses: [] })).toBe('ok');
    expect(verdict(once, at('2026-11-22T23:55', MSK), { uses: [lateUse] })).toBe('used-once');
    expect(verdict(once, at('2026-11-23T00:10', MSK), { uses: [lateUse] })).toBe('used-once');
    expect(verdict(once, at('2027-11-23T00:10', MSK), { uses: [lateUse] })).toBe('used-once');
  });

  it('daily: a use at 23:50 refuses until café midnight and no longer after it', () => {
    const daily = promo({ limit: 'daily' });
    expect(verdict(daily, at('2026-11-22T23:55', MSK), { uses: [lateUse] })).toBe('used-today');
    expect(verdict(daily, at('2026-11-22T23:59', MSK), { uses: [lateUse] })).toBe('used-today');
    expect(verdict(daily, at('2026-11-23T00:00', MSK), { uses: [lateUse] })).toBe('ok');
    expect(verdict(daily, at('2026-11-23T00:10', MSK), { uses: [lateUse] })).toBe('ok');
  });

  it('daily: "today" is the café day, not the UTC day (Vladivostok)', () => {
    const daily = promo({ limit: 'daily' });
    // 08:00 and 20:00 on 22 November in Vladivostok: two UTC days, one café day.
    const morningUse = utc('2026-11-21T22:00:00Z');
    expect(verdict(daily, utc('2026-11-22T10:00:00Z'), { zone: VLAD, uses: [morningUse] })).toBe('used-today');
    // 23:00 on 22 November and 01:00 on 23 November: one UTC day, two café days.
    expect(verdict(daily, utc('2026-11-22T15:00:00Z'), { zone: VLAD, uses: [utc('2026-11-22T13:00:00Z')] })).toBe('ok');
  });

  it('counts only uses before now: the purchase being checked and later ones do not count', () => {
    const now = at('2026-11-22T12:00', MSK);
    const later = at('2026-11-22T12:30', MSK);
    expect(verdict(promo({ limit: 'once' }), now, { uses: [now, later] })).toBe('ok');
    expect(verdict(promo({ limit: 'daily' }), now, { uses: [now, later] })).toBe('ok');
    // So of two offline uses, the server's re-check refuses the later one only.
    expect(verdict(promo({ limit: 'once' }), later, { uses: [now, later] })).toBe('used-once');
  });

  it('none: uses do not matter', () => {
    expect(verdict(promo(), at('2026-11-22T23:55', MSK), { uses: [lateUse, lateUse] })).toBe('ok');
  });
});

describe('the minimum check', () => {
  const withMin = promo({ minCheck: rub(500) });

  it('applies at exactly the minimum and not a kopeck below', () => {
    const now = at('2026-11-23T10:00', MSK);
    expect(verdict(withMin, now, { amount: rub(500) })).toBe('ok');
    expect(verdict(withMin, now, { amount: (rub(500) - 1) as Kopecks })).toBe('min-check');
    expect(verdict(withMin, now, { amount: rub(10_000) })).toBe('ok');
  });

  it('is not judged while the amount is unknown', () => {
    const now = at('2026-11-23T10:00', MSK);
    expect(verdict(withMin, now, {})).toBe('ok');
    expect(verdict(withMin, now, { amount: null })).toBe('ok');
  });
});

describe('status, audience and the order of reasons', () => {
  const now = at('2026-11-23T10:00', MSK);

  it('refuses paused and ended promotions', () => {
    expect(verdict(promo({ status: 'paused' }), now)).toBe('paused');
    expect(verdict(promo({ status: 'ended' }), now)).toBe('ended');
  });

  it('takes everyone with an empty audience, guests outside every segment too', () => {
    expect(verdict(promo(), now, { segment: 'none' })).toBe('ok');
    expect(verdict(promo({ audience: ['leaving', 'sleeping'] }), now, { segment: 'sleeping' })).toBe('ok');
    expect(verdict(promo({ audience: ['leaving', 'sleeping'] }), now, { segment: 'active' })).toBe('segment');
    expect(verdict(promo({ audience: ['active'] }), now, { segment: 'none' })).toBe('segment');
  });

  it('gives the first failing rule: status, dates, audience, weekday, window, limit, minimum', () => {
    const everything = promo({
      audience: ['sleeping'],
      weekdays: [7],
      window: { from: '18:00', to: '20:00' },
      starts: '2026-12-01' as LocalDate,
      limit: 'once',
      minCheck: rub(500),
    });
    const g = { segment: 'active', uses: [at('2026-01-01T10:00', MSK)], amount: rub(100) };
    expect(verdict({ ...everything, status: 'paused' }, now, g)).toBe('paused');
    expect(verdict(everything, now, g)).toBe('not-started');
    expect(verdict({ ...everything, starts: null }, now, g)).toBe('segment');
    expect(verdict({ ...everything, starts: null }, now, { ...g, segment: 'sleeping' })).toBe('weekday');
    expect(verdict({ ...everything, starts: null, weekdays: [] }, now, { ...g, segment: 'sleeping' })).toBe('window');
    expect(verdict({ ...everything, starts: null, weekdays: [], window: null }, now, { ...g, segment: 'sleeping' })).toBe('used-once');
    expect(verdict({ ...everything, starts: null, weekdays: [], window: null, limit: 'none' }, now, { ...g, segment: 'sleeping' })).toBe('min-check');
  });
});

describe('a segment that changes at café midnight with no purchase', () => {
  // Default rules: 4+ purchases and the last ≤ 14 days ago is active; 15–60 days is leaving.
  const winBack = promo({ audience: ['leaving'], benefit: { kind: 'gift', text: 'Второй напиток в подарок' } });

  it.each([MSK, VLAD])('a leaving offer starts at 00:00 of day 15 in %s', (zone) => {
    const guest = stats(at('2026-06-01T10:00', zone), [
      { at: at('2026-09-01T12:00', zone) },
      { at: at('2026-09-20T12:00', zone) },
      { at: at('2026-10-10T12:00', zone) },
      { at: at('2026-11-01T18:30', zone) }, // the last purchase: day 0
    ]);
    // What the counter does: the segment as of the moment, from the stats before this purchase.
    const check = (now: Date) => {
      const segment = classifyGuest(guest, localDateOf(now, zone), zone, DEFAULT_RULES);
      const r = eligibility(winBack, { segment, zone, uses: [] }, now);
      return { segment, verdict: r.eligible ? 'ok' : r.reason };
    };
    expect(addCalendarDays('2026-11-01' as LocalDate, 15)).toBe('2026-11-16');
    expect(check(at('2026-11-15T23:59', zone))).toEqual({ segment: 'active', verdict: 'segment' }); // day 14
    expect(check(at('2026-11-16T00:00', zone))).toEqual({ segment: 'leaving', verdict: 'ok' }); // day 15
  });
});

describe('offersFor: what the guest card lists now', () => {
  const now = at('2026-11-23T10:00', MSK); // a Monday
  const a = promo({ id: 'a' as PromotionId, name: 'Утро', window: { from: '09:00', to: '12:00' } });
  const b = promo({ id: 'b' as PromotionId, name: 'Обед', window: { from: '12:00', to: '16:00' } });
  const c = promo({ id: 'c' as PromotionId, name: 'Десерт', minCheck: rub(500) });
  const d = promo({ id: 'd' as PromotionId, name: 'Приветствие', limit: 'once' });
  const uses = new Map([['d' as PromotionId, [at('2026-11-20T10:00', MSK)]]]);

  it('lists the ones that apply, in the order given, a minimum check as a condition while the amount is unknown', () => {
    const offers = offersFor([c, b, a, d], { segment: 'active', zone: MSK, uses }, now);
    expect(offers).toEqual([
      { promotion: c, needsMinCheck: rub(500) },
      { promotion: a, needsMinCheck: null },
    ]);
  });

  it('judges the minimum check once the amount is keyed in', () => {
    expect(offersFor([c, a], { segment: 'active', zone: MSK, uses, amount: rub(500) }, now)).toEqual([
      { promotion: c, needsMinCheck: null },
      { promotion: a, needsMinCheck: null },
    ]);
    expect(offersFor([c, a], { segment: 'active', zone: MSK, uses, amount: rub(499) }, now)).toEqual([{ promotion: a, needsMinCheck: null }]);
  });

  it('lists nothing when nothing applies', () => {
    expect(offersFor([], { segment: 'active', zone: MSK, uses }, now)).toEqual([]);
    expect(offersFor([b, d], { segment: 'active', zone: MSK, uses }, now)).toEqual([]);
  });

  it('agrees with eligibility for every promotion (property)', () => {
    const arb = fc.record({
      status: fc.constantFrom('active', 'paused', 'ended') as fc.Arbitrary<Promotion['status']>,
      audience: fc.subarray(['newcomer', 'active', 'leaving']),
      weekdays: fc.subarray([1, 2, 3, 4, 5, 6, 7] as const),
      fromHour: fc.option(fc.integer({ min: 0, max: 22 }), { nil: null }),
      limit: fc.constantFrom('none', 'once', 'daily') as fc.Arbitrary<Promotion['limit']>,
      minCheck: fc.option(fc.integer({ min: 1, max: 1000_00 }), { nil: null }),
      used: fc.option(fc.integer({ min: 0, max: 3 * 24 * 60 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 8 }), fc.option(fc.integer({ min: 1, max: 1000_00 }), { nil: null }), (specs, amount) => {
        const ps = specs.map((s, i) =>
          promo({
            id: `p${i}` as PromotionId,
            status: s.status,
            audience: s.audience,
            weekdays: s.weekdays,
            window: s.fromHour === null ? null : { from: `${String(s.fromHour).padStart(2, '0')}:00`, to: '23:00' },
            limit: s.limit,
            minCheck: s.minCheck as Kopecks | null,
          }),
        );
        const useMap = new Map(specs.flatMap((s, i) => (s.used === null ? [] : [[`p${i}` as PromotionId, [new Date(now.getTime() - s.used * 60_000)]]])));
        const guest = { segment: 'active', zone: MSK, amount: amount as Kopecks | null };
        const listed = offersFor(ps, { ...guest, uses: useMap }, now).map((o) => o.promotion.id);
        const eligible = ps.filter((p) => eligibility(p, { ...guest, uses: useMap.get(p.id) ?? [] }, now).eligible).map((p) => p.id);
        expect(listed).toEqual(eligible);
      }),
    );
  });
});
