import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../domain/calendar.ts';
import type { GuestId } from '../domain/ids.ts';
import { type Kopecks, kopecks } from '../domain/money.ts';
import { at, day, zone } from '../segments/test-helpers.ts';
import { isHeldOut } from './holdout.ts';
import {
  anniversaryIn,
  checkRewardTable,
  checkScenario,
  DEFAULT_SCENARIOS,
  DEFAULT_WIN_BACK_REWARDS,
  detectDue,
  detectSegmentEntries,
  type EntryFacts,
  type GuestFacts,
  type Occurrence,
  promotionRewards,
  rewardFor,
  type SegmentChange,
} from './scenarios.ts';

const MSK = zone('Europe/Moscow');
const ANNA = '0190f0aa-0000-7000-8000-00000000000a' as GuestId;
const BORIS = '0190f0aa-0000-7000-8000-00000000000b' as GuestId;
const winBack = { ...DEFAULT_SCENARIOS.winBack, holdoutPercent: 0 };

const move = (guestId: GuestId, from: string | null, to: string, local: string, kind: SegmentChange['kind'] = 'move'): SegmentChange => ({
  guestId,
  from,
  to,
  at: at(local, MSK),
  kind,
});
const noHistory =
  (spend = 0): ((g: GuestId) => EntryFacts) =>
  () => ({ paidSpend90Days: kopecks(spend), lastFiredOn: null });
const facts = (over: Partial<GuestFacts>): GuestFacts => ({
  guestId: ANNA,
  birthday: null,
  firstPurchaseAt: null,
  purchaseCount: 0,
  expiring: [],
  lastFiredOn: null,
  ...over,
});
const oneDay = (d: string) => ({ from: day(d), to: day(d) });
const tags = (os: Occurrence[]) => os.map((o) => `${o.guestId === ANNA ? 'anna' : 'boris'} ${o.occurrence} due ${o.dueOn}`);

describe('the win-back reward, sized by paid spend over 90 days', () => {
  it('takes the last row the spend reaches', () => {
    const pointsFor = (rubles: number) => {
      const r = rewardFor(DEFAULT_WIN_BACK_REWARDS, Math.round(rubles * 100) as Kopecks);
      return r.kind === 'points' ? r.points : r.promotionId;
    };
    expect(pointsFor(0)).toBe(100);
    expect(pointsFor(1499.99)).toBe(100);
    expect(pointsFor(1500)).toBe(200);
    expect(pointsFor(4999.99)).toBe(200);
    expect(pointsFor(5000)).toBe(300);
    expect(pointsFor(9999.99)).toBe(300);
    expect(pointsFor(10_000)).toBe(500);
    expect(pointsFor(250_000)).toBe(500);
  });

  it('can offer a personal promotion instead of points', () => {
    const table = [
      { fromSpend: kopecks(0), reward: { kind: 'points' as const, points: 50 } },
      { fromSpend: kopecks(3_000_00), reward: { kind: 'promotion' as const, promotionId: 'free-dessert' } },
    ];
    expect(checkRewardTable(table)).toBeNull();
    expect(rewardFor(table, kopecks(3_000_00))).toEqual({ kind: 'promotion', promotionId: 'free-dessert' });
  });

  it('sizes a personal promotion by the same spend rows (boundaries in shared/promotions/personal.test.ts)', () => {
    const table = promotionRewards('back', { kind: 'percent', percent: 10 });
    expect(checkRewardTable(table)).toBeNull();
    const percentFor = (rubles: number) => {
      const r = rewardFor(table, Math.round(rubles * 100) as Kopecks);
      return r.kind === 'promotion' && r.benefit?.kind === 'percent' ? [r.promotionId, r.benefit.percent] : null;
    };
    expect(percentFor(1499.99)).toEqual(['back', 10]);
    expect(percentFor(1500)).toEqual(['back', 15]);
    expect(percentFor(5000)).toEqual(['back', 20]);
    expect(percentFor(10_000)).toEqual(['back', 25]);
  });

  it('refuses a table that is empty, does not start at 0, is not ascending, or gives no points', () => {
    const p = (n: number) => ({ kind: 'points' as const, points: n });
    expect(checkRewardTable(DEFAULT_WIN_BACK_REWARDS)).toBeNull();
    expect(checkRewardTable([])).toBe('rewards-empty');
    expect(checkRewardTable([{ fromSpend: kopecks(100), reward: p(10) }])).toBe('rewards-first-not-zero');
    expect(
      checkRewardTable([
        { fromSpend: kopecks(0), reward: p(10) },
        { fromSpend: kopecks(0), reward: p(20) },
      ]),
    ).toBe('rewards-not-ascending');
    expect(checkRewardTable([{ fromSpend: kopecks(0), reward: p(0) }])).toBe('scenario-reward-invalid');
    expect(checkRewardTable([{ fromSpend: kopecks(0), reward: p(1.5) }])).toBe('scenario-reward-invalid');
  });
});

describe('entering a segment', () => {
  it('fires when a guest moves into leaving, keyed by the café day of the move, with the sized reward', () => {
    const [o, ...rest] = detectSegmentEntries(winBack, [move(ANNA, 'active', 'leaving', '2026-11-23T00:05')], noHistory(2_000_00), MSK);
    expect(rest).toEqual([]);
    expect(o).toEqual({
      scenarioId: 'win-back',
      kind: 'segment-entry',
      guestId: ANNA,
      occurrence: '2026-11-23',
      key: `scenario:win-back:2026-11-23:${ANNA}`,
      dueOn: '2026-11-23',
      heldOut: false,
      reward: { kind: 'points', points: 200 },
      date: null,
      expiringPoints: null,
    });
  });

  it('uses the café day: 22:30 UTC is already the next day in Moscow', () => {
    const changes = [{ ...move(ANNA, 'active', 'leaving', '2026-11-23T00:00'), at: new Date('2026-11-22T22:30:00Z') }];
    expect(detectSegmentEntries(winBack, changes, noHistory(), MSK)[0]?.occurrence).toBe('2026-11-23');
  });

  it('ignores moves elsewhere, staying put, and every change the owner’s rules caused', () => {
    const changes = [
      move(ANNA, 'active', 'rare', '2026-11-23T10:00'),
      move(ANNA, 'leaving', 'leaving', '2026-11-23T10:00'),
      move(BORIS, 'active', 'leaving', '2026-11-23T10:00', 'rules'),
    ];
    expect(detectSegmentEntries(winBack, changes, noHistory(), MSK)).toEqual([]);
  });

  it('does not count a rules change as a firing: the guest’s own move into the segment later still fires', () => {
    const changes = [
      move(ANNA, 'active', 'leaving', '2026-11-01T10:00', 'rules'),
      move(ANNA, 'leaving', 'active', '2026-11-03T10:00'),
      move(ANNA, 'active', 'leaving', '2026-11-20T00:05'),
    ];
    expect(tags(detectSegmentEntries(winBack, changes, noHistory(), MSK))).toEqual(['anna 2026-11-20 due 2026-11-20']);
  });

  it('counts a first placement (from nowhere) as an entry', () => {
    const welcome = { ...winBack, id: 'welcome', segment: 'newcomer' };
    expect(tags(detectSegmentEntries(welcome, [move(ANNA, null, 'newcomer', '2026-11-23T12:00')], noHistory(), MSK))).toEqual([
      'anna 2026-11-23 due 2026-11-23',
    ]);
  });

  it('fires once for the same entry seen twice on one day (an import and the daily job)', () => {
    const changes = [move(ANNA, 'active', 'leaving', '2026-11-23T00:05'), move(ANNA, 'active', 'leaving', '2026-11-23T09:00')];
    expect(detectSegmentEntries({ ...winBack, cooldownDays: 0 }, changes, noHistory(), MSK)).toHaveLength(1);
  });

  it('active → leaving → active → leaving within the 60-day cooldown: one message; the next entry after it: another', () => {
    const changes = [
      move(ANNA, 'active', 'leaving', '2026-11-01T00:05'),
      move(ANNA, 'leaving', 'active', '2026-11-10T12:00'),
      move(ANNA, 'active', 'leaving', '2026-12-30T00:05'), // 59 days after 1 November
      move(ANNA, 'leaving', 'active', '2026-12-30T15:00'),
      move(ANNA, 'active', 'leaving', '2026-12-31T00:05'), // 60 days after
    ];
    expect(tags(detectSegmentEntries(winBack, changes, noHistory(), MSK))).toEqual(['anna 2026-11-01 due 2026-11-01', 'anna 2026-12-31 due 2026-12-31']);
  });

  it('applies the cooldown across runs from the last firing the caller read, and to each guest alone', () => {
    const history = (g: GuestId): EntryFacts => ({ paidSpend90Days: kopecks(0), lastFiredOn: g === ANNA ? day('2026-11-01') : null });
    const inside = [move(ANNA, 'active', 'leaving', '2026-12-30T00:05'), move(BORIS, 'active', 'leaving', '2026-12-30T00:05')];
    expect(tags(detectSegmentEntries(winBack, inside, history, MSK))).toEqual(['boris 2026-12-30 due 2026-12-30']);
    const after = [move(ANNA, 'active', 'leaving', '2026-12-31T00:05')];
    expect(tags(detectSegmentEntries(winBack, after, history, MSK))).toEqual(['anna 2026-12-31 due 2026-12-31']);
  });

  it('does not fire for an old change when the scenario has fired since', () => {
    const later = () => ({ paidSpend90Days: kopecks(0), lastFiredOn: day('2026-11-20') });
    expect(detectSegmentEntries({ ...winBack, cooldownDays: 0 }, [move(ANNA, 'active', 'leaving', '2026-11-10T10:00')], later, MSK)).toEqual([]);
  });

  it('draws the holdout per occurrence from the scenario id and the key', () => {
    const changes = Array.from({ length: 200 }, (_, i) => ({
      ...move(`0190f0aa-0000-7000-8000-${String(i).padStart(12, '0')}` as GuestId, 'active', 'leaving', '2026-11-23T00:05'),
    }));
    const out = detectSegmentEntries({ ...winBack, holdoutPercent: 20 }, changes, noHistory(), MSK);
    expect(out).toHaveLength(200);
    for (const o of out) expect(o.heldOut).toBe(isHeldOut('win-back', o.key, 20));
    expect(out.some((o) => o.heldOut) && out.some((o) => !o.heldOut)).toBe(true);
  });

  it('never returns one key twice, whatever the changes', () => {
    const change = fc.record({
      guestId: fc.constantFrom(ANNA, BORIS),
      from: fc.constantFrom(null, 'active', 'leaving', 'rare'),
      to: fc.constantFrom('active', 'leaving', 'rare'),
      at: fc.date({ min: new Date('2026-11-01T00:00Z'), max: new Date('2026-11-05T00:00Z'), noInvalidDate: true }),
      kind: fc.constantFrom('move' as const, 'rules' as const),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), fc.integer({ min: 0, max: 3 }), (changes, cooldownDays) => {
        const keys = detectSegmentEntries({ ...winBack, cooldownDays }, changes, noHistory(), MSK).map((o) => o.key);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });
});

describe('a newcomer who did not come back', () => {
  const newcomer = { ...DEFAULT_SCENARIOS.newcomer, holdoutPercent: 0 };
  const firstVisit = (local: string, purchaseCount = 1) => facts({ firstPurchaseAt: at(local, MSK), purchaseCount });

  it('fires on the 7th café day after a single visit, not the day before', () => {
    const anna = firstVisit('2026-11-16T10:00'); // a Monday
    expect(detectDue(newcomer, [anna], oneDay('2026-11-22'), MSK)).toEqual([]);
    const [o] = detectDue(newcomer, [anna], oneDay('2026-11-23'), MSK);
    expect(o).toMatchObject({ occurrence: '2026-11-16', dueOn: '2026-11-23', key: `scenario:newcomer:2026-11-16:${ANNA}`, reward: null });
    expect(detectDue(newcomer, [anna], oneDay('2026-11-24'), MSK)).toEqual([]);
  });

  it('counts from the café day of the first visit (01:30 Moscow is the previous day in UTC)', () => {
    const late = facts({ firstPurchaseAt: new Date('2026-11-16T22:30:00Z'), purchaseCount: 1 }); // 17 Nov 01:30 MSK
    expect(detectDue(newcomer, [late], oneDay('2026-11-23'), MSK)).toEqual([]);
    expect(detectDue(newcomer, [late], oneDay('2026-11-24'), MSK)).toHaveLength(1);
  });

  it('does not fire for a guest who came back, or who never bought anything', () => {
    expect(detectDue(newcomer, [firstVisit('2026-11-16T10:00', 2)], oneDay('2026-11-23'), MSK)).toEqual([]);
    expect(detectDue(newcomer, [facts({})], oneDay('2026-11-23'), MSK)).toEqual([]);
  });

  it('catches up every day of a range after the job missed some', () => {
    const guests = [firstVisit('2026-11-14T10:00'), { ...firstVisit('2026-11-16T10:00'), guestId: BORIS }];
    expect(tags(detectDue(newcomer, guests, { from: day('2026-11-20'), to: day('2026-11-23') }, MSK))).toEqual([
      'anna 2026-11-14 due 2026-11-21',
      'boris 2026-11-16 due 2026-11-23',
    ]);
    expect(detectDue(newcomer, guests, { from: day('2026-11-23'), to: day('2026-11-20') }, MSK)).toEqual([]);
  });
});

describe('birthdays', () => {
  const birthday = { ...DEFAULT_SCENARIOS.birthday, holdoutPercent: 0, reward: { kind: 'points' as const, points: 150 } };
  const born = (date: string) => facts({ birthday: day(date) });

  it('fires N days before, keyed by the year of the birthday, with the date for the text and the bonus', () => {
    const [o, ...rest] = detectDue(birthday, [born('1990-11-26')], oneDay('2026-11-23'), MSK);
    expect(rest).toEqual([]);
    expect(o).toMatchObject({ occurrence: '2026', dueOn: '2026-11-23', date: '2026-11-26', reward: { kind: 'points', points: 150 } });
    expect(detectDue(birthday, [born('1990-11-26')], oneDay('2026-11-22'), MSK)).toEqual([]);
    expect(detectDue(birthday, [born('1990-11-26')], oneDay('2026-11-24'), MSK)).toEqual([]);
  });

  it('moves 29 February to 28 February in a common year and keeps it in a leap year', () => {
    const leapling = born('2000-02-29');
    const onTheDay = { ...birthday, daysBefore: 0 };
    expect(detectDue(onTheDay, [leapling], oneDay('2027-02-28'), MSK)).toMatchObject([{ occurrence: '2027', date: '2027-02-28' }]);
    expect(detectDue(onTheDay, [leapling], oneDay('2027-03-01'), MSK)).toEqual([]);
    expect(detectDue(onTheDay, [leapling], oneDay('2028-02-28'), MSK)).toEqual([]);
    expect(detectDue(onTheDay, [leapling], oneDay('2028-02-29'), MSK)).toMatchObject([{ occurrence: '2028', date: '2028-02-29' }]);
    // Three days before: 25 February in 2027, 26 February in 2028; 2100 is not a leap year.
    expect(detectDue(birthday, [leapling], oneDay('2027-02-25'), MSK)).toMatchObject([{ occurrence: '2027' }]);
    expect(detectDue(birthday, [leapling], oneDay('2028-02-26'), MSK)).toMatchObject([{ occurrence: '2028' }]);
    expect(anniversaryIn(day('2000-02-29'), 2100)).toBe('2100-02-28');
    expect(anniversaryIn(day('2000-02-29'), 2000)).toBe('2000-02-29');
  });

  it('looks into the next year: a birthday on 2 January is due on 30 December, keyed by the new year', () => {
    expect(detectDue(birthday, [born('1985-01-02')], oneDay('2026-12-30'), MSK)).toMatchObject([
      { occurrence: '2027', dueOn: '2026-12-30', date: '2027-01-02' },
    ]);
  });

  it('fires once a year over a long range, and never in the year of birth', () => {
    const out = detectDue(birthday, [born('2025-06-10')], { from: day('2025-01-01'), to: day('2027-12-31') }, MSK);
    expect(out.map((o) => o.occurrence)).toEqual(['2026', '2027']);
  });

  it('skips guests without a birthday', () => {
    expect(detectDue(birthday, [facts({})], oneDay('2026-11-23'), MSK)).toEqual([]);
  });
});

describe('first-visit anniversaries', () => {
  const anniversary = { ...DEFAULT_SCENARIOS.anniversary, holdoutPercent: 0 };

  it('fires on the day a year after the first visit, and every year after', () => {
    const anna = facts({ firstPurchaseAt: at('2025-11-23T10:00', MSK), purchaseCount: 5 });
    expect(detectDue(anniversary, [anna], oneDay('2025-11-23'), MSK)).toEqual([]);
    expect(detectDue(anniversary, [anna], oneDay('2026-11-23'), MSK)).toMatchObject([{ occurrence: '2026', date: '2026-11-23' }]);
    expect(detectDue(anniversary, [anna], oneDay('2027-11-23'), MSK)).toMatchObject([{ occurrence: '2027' }]);
  });

  it('takes a first visit on 29 February to 28 February, and a visit at 01:30 Moscow to its café day', () => {
    const leap = facts({ firstPurchaseAt: at('2024-02-29T12:00', MSK), purchaseCount: 2 });
    expect(detectDue(anniversary, [leap], oneDay('2025-02-28'), MSK)).toMatchObject([{ occurrence: '2025' }]);
    const night = facts({ firstPurchaseAt: new Date('2025-11-22T22:30:00Z'), purchaseCount: 2 });
    expect(detectDue(anniversary, [night], oneDay('2026-11-23'), MSK)).toHaveLength(1);
  });
});

describe('points about to expire', () => {
  const expiring = { ...DEFAULT_SCENARIOS.pointsExpiring, holdoutPercent: 0 };
  const lots = (...l: [string, number][]) => facts({ expiring: l.map(([lastDay, points]) => ({ lastDay: lastDay as LocalDate, points })) });

  it('fires 7 days before the last day, summing the points that go that day', () => {
    const anna = lots(['2026-11-30', 100], ['2026-11-30', 50], ['2026-12-15', 20]);
    expect(detectDue(expiring, [anna], oneDay('2026-11-22'), MSK)).toEqual([]);
    expect(detectDue(expiring, [anna], oneDay('2026-11-23'), MSK)).toMatchObject([
      { occurrence: '2026-11-30', dueOn: '2026-11-23', date: '2026-11-30', expiringPoints: 150, key: `scenario:points-expiring:2026-11-30:${ANNA}` },
    ]);
    expect(detectDue(expiring, [anna], oneDay('2026-12-08'), MSK)).toMatchObject([{ occurrence: '2026-12-15', expiringPoints: 20 }]);
  });

  it('stays quiet about fewer points than the owner’s minimum', () => {
    const anna = lots(['2026-12-15', 20]);
    expect(detectDue({ ...expiring, minPoints: 21 }, [anna], oneDay('2026-12-08'), MSK)).toEqual([]);
    expect(detectDue({ ...expiring, minPoints: 20 }, [anna], oneDay('2026-12-08'), MSK)).toHaveLength(1);
  });

  it('applies a cooldown between expiry days when the owner sets one', () => {
    const anna = lots(['2026-11-30', 100], ['2026-12-03', 40], ['2026-12-10', 40]);
    const range = { from: day('2026-11-20'), to: day('2026-12-10') };
    expect(detectDue({ ...expiring, cooldownDays: 7 }, [anna], range, MSK).map((o) => o.occurrence)).toEqual(['2026-11-30', '2026-12-10']);
    expect(detectDue(expiring, [anna], range, MSK).map((o) => o.occurrence)).toEqual(['2026-11-30', '2026-12-03', '2026-12-10']);
  });
});

describe('checking a scenario the owner edited', () => {
  it('accepts the defaults and refuses out-of-range numbers', () => {
    for (const s of Object.values(DEFAULT_SCENARIOS)) expect(checkScenario(s)).toBeNull();
    expect(checkScenario({ ...DEFAULT_SCENARIOS.winBack, cooldownDays: -1 })).toBe('scenario-cooldown-invalid');
    expect(checkScenario({ ...DEFAULT_SCENARIOS.winBack, holdoutPercent: 60 })).toBe('scenario-holdout-invalid');
    expect(checkScenario({ ...DEFAULT_SCENARIOS.winBack, segment: '' })).toBe('scenario-segment-missing');
    expect(checkScenario({ ...DEFAULT_SCENARIOS.newcomer, afterDays: 0 })).toBe('scenario-days-invalid');
    expect(checkScenario({ ...DEFAULT_SCENARIOS.birthday, daysBefore: 31 })).toBe('scenario-days-invalid');
    expect(checkScenario({ ...DEFAULT_SCENARIOS.birthday, reward: { kind: 'promotion', promotionId: ' ' } })).toBe('scenario-reward-invalid');
    expect(checkScenario({ ...DEFAULT_SCENARIOS.pointsExpiring, minPoints: 0 })).toBe('scenario-min-points-invalid');
  });
});
