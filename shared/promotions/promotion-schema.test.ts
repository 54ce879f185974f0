import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOSTFEEL_RULES, DEFAULT_RULES } from '../segments/presets.ts';
import { toPromotionInput, type PromotionInput } from './promotion.ts';
import { promotionInputSchema, promotionProblems } from './promotion-schema.ts';

const schema = promotionInputSchema(DEFAULT_RULES);
const base: PromotionInput = { name: 'Капучино + маффин −20 %', percentOff: 20 };

/** The first refused field and its code, or null when the input is accepted. */
function refused(input: PromotionInput, s = schema) {
  const r = s.safeParse(input);
  if (r.success) return null;
  const [first] = promotionProblems(r.error);
  return { field: first!.field, problem: first!.problem };
}

describe('promotionInputSchema: a good input', () => {
  it('fills the defaults: everyone, every day, no window, no dates, no minimum, no limit', () => {
    expect(schema.parse(base)).toEqual({
      name: 'Капучино + маффин −20 %',
      audience: [],
      weekdays: [],
      window: null,
      starts: null,
      ends: null,
      benefit: { kind: 'percent', percent: 20 },
      minCheck: null,
      limit: 'none',
    });
  });

  it('keeps every field, trims the name, sorts and de-duplicates weekdays and audience', () => {
    const draft = schema.parse({
      name: '  Обед  ',
      audience: ['rare', 'leaving', 'rare'],
      weekdays: [5, 1, 3, 1],
      from: '12:00',
      to: '16:00',
      starts: '2026-12-01',
      ends: '2026-12-31',
      amountOff: 15000,
      minCheck: 45000,
      limit: 'daily',
    });
    expect(draft).toEqual({
      name: 'Обед',
      audience: ['rare', 'leaving'],
      weekdays: [1, 3, 5],
      window: { from: '12:00', to: '16:00' },
      starts: '2026-12-01',
      ends: '2026-12-31',
      benefit: { kind: 'rubles', amount: 15000 },
      minCheck: 45000,
      limit: 'daily',
    });
  });

  it('accepts each benefit alone, nulls counting as absent', () => {
    expect(schema.parse({ name: 'x', percentOff: null, gift: 'Маффин в подарок' }).benefit).toEqual({ kind: 'gift', text: 'Маффин в подарок' });
    expect(schema.parse({ name: 'x', pointsMultiplier: 2 }).benefit).toEqual({ kind: 'points-x', multiplier: 2 });
    expect(schema.parse({ name: 'x', pointsMultiplier: 1.5 }).benefit).toEqual({ kind: 'points-x', multiplier: 1.5 });
    expect(schema.parse({ name: 'x', amountOff: 1 }).benefit).toEqual({ kind: 'rubles', amount: 1 });
  });

  it('accepts percent 1 and 100, one-day ranges, a one-minute window and a window to 24:00', () => {
    expect(refused({ ...base, percentOff: 1 })).toBeNull();
    expect(refused({ ...base, percentOff: 100 })).toBeNull();
    expect(refused({ ...base, starts: '2026-12-01', ends: '2026-12-01' })).toBeNull();
    expect(refused({ ...base, from: '09:00', to: '09:01' })).toBeNull();
    expect(refused({ ...base, from: '18:00', to: '24:00' })).toBeNull();
    expect(refused({ ...base, from: '00:00', to: '23:59' })).toBeNull();
  });

  it('accepts the segment none, which the owner sees as "Вне сегментов"', () => {
    expect(schema.parse({ ...base, audience: ['none'] }).audience).toEqual(['none']);
  });

  it('gives back the draft it was made from (property)', () => {
    const input = fc.record({
      name: fc.constantFrom('Утро', 'Lunch', 'Десерт к кофе'),
      audience: fc.uniqueArray(fc.constantFrom('newcomer', 'active', 'leaving', 'rare', 'sleeping', 'none')),
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 })),
      window: fc.option(
        fc.tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 })).filter(([f, t]) => f < t),
        { nil: null },
      ),
      benefit: fc.oneof(
        fc.record({ percentOff: fc.integer({ min: 1, max: 100 }) }),
        fc.record({ amountOff: fc.integer({ min: 1, max: 100_000_00 }) }),
        fc.record({ pointsMultiplier: fc.integer({ min: 11, max: 100 }).map((t) => t / 10) }),
        fc.record({ gift: fc.constantFrom('Маффин', 'Сироп') }),
      ),
      limit: fc.constantFrom('none', 'once', 'daily') as fc.Arbitrary<'none' | 'once' | 'daily'>,
    });
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    fc.assert(
      fc.property(input, (i) => {
        const typed: PromotionInput = {
          name: i.name,
          audience: i.audience,
          weekdays: i.weekdays,
          from: i.window ? hhmm(i.window[0]) : null,
          to: i.window ? hhmm(i.window[1]) : null,
          ...i.benefit,
          limit: i.limit,
        };
        const draft = schema.parse(typed);
        expect(schema.parse(toPromotionInput(draft))).toEqual(draft);
      }),
    );
  });
});

describe('promotionInputSchema: bad input names its field', () => {
  it.each([
    ['an empty name', { ...base, name: '  ' }, 'name', 'name-empty'],
    ['a name too long', { ...base, name: 'я'.repeat(61) }, 'name', 'name-too-long'],
    ['a segment name as the name', { ...base, name: 'спящие' }, 'name', 'name-is-segment'],
    ['an English segment name', { ...base, name: 'Leaving' }, 'name', 'name-is-segment'],
    ['"outside segments" as the name', { ...base, name: 'Вне сегментов' }, 'name', 'name-is-segment'],
    ['a segment name behind a zero-width direction mark', { ...base, name: 'Спя\u200fщие' }, 'name', 'name-is-segment'],
    ['only direction and control characters', { ...base, name: '\u202e\u0007' }, 'name', 'name-empty'],
    ['an unknown segment id', { ...base, audience: ['active', 'vip'] }, 'audience', 'segment-unknown'],
    ['weekday 0', { ...base, weekdays: [0, 1] }, 'weekdays', 'weekday-out-of-range'],
    ['weekday 8', { ...base, weekdays: [8] }, 'weekdays', 'weekday-out-of-range'],
    ['weekday 1.5', { ...base, weekdays: [1.5] }, 'weekdays', 'weekday-out-of-range'],
    ['from without to', { ...base, from: '09:00' }, 'to', 'window-incomplete'],
    ['to without from', { ...base, to: '12:00' }, 'from', 'window-incomplete'],
    ['an empty window', { ...base, from: '12:00', to: '12:00' }, 'to', 'window-empty'],
    ['from after to', { ...base, from: '12:01', to: '12:00' }, 'to', 'window-reversed'],
    ['a window across midnight', { ...base, from: '22:00', to: '02:00' }, 'to', 'window-reversed'],
    ['a time 24:00 as from', { ...base, from: '24:00', to: '24:00' }, 'from', 'time-invalid'],
    ['a time 9:00', { ...base, from: '9:00', to: '12:00' }, 'from', 'time-invalid'],
    ['a time 12:60', { ...base, from: '09:00', to: '12:60' }, 'to', 'time-invalid'],
    ['a date that does not exist', { ...base, starts: '2026-02-30' }, 'starts', 'date-invalid'],
    ['a date in another format', { ...base, ends: '31.12.2026' }, 'ends', 'date-invalid'],
    ['an end before a start', { ...base, starts: '2026-12-02', ends: '2026-12-01' }, 'ends', 'ends-before-starts'],
    ['no benefit', { name: 'x' }, 'benefit', 'benefit-missing'],
    ['no benefit, all null', { name: 'x', percentOff: null, amountOff: null, pointsMultiplier: null, gift: null }, 'benefit', 'benefit-missing'],
    ['two benefits', { ...base, amountOff: 10000 }, 'benefit', 'benefit-twice'],
    ['percent 0', { ...base, percentOff: 0 }, 'percentOff', 'percent-out-of-range'],
    ['percent 101', { ...base, percentOff: 101 }, 'percentOff', 'percent-out-of-range'],
    ['percent 12.5', { ...base, percentOff: 12.5 }, 'percentOff', 'percent-out-of-range'],
    ['rubles 0', { name: 'x', amountOff: 0 }, 'amountOff', 'rubles-not-positive'],
    ['rubles below zero', { name: 'x', amountOff: -100 }, 'amountOff', 'rubles-not-positive'],
    ['rubles over the purchase ceiling', { name: 'x', amountOff: 1_000_000_01 }, 'amountOff', 'rubles-too-large'],
    ['a fraction of a kopeck', { name: 'x', amountOff: 10.5 }, 'amountOff', 'invalid'],
    ['points ×1', { name: 'x', pointsMultiplier: 1 }, 'pointsMultiplier', 'points-x-out-of-range'],
    ['points ×1.25', { name: 'x', pointsMultiplier: 1.25 }, 'pointsMultiplier', 'points-x-out-of-range'],
    ['points ×11', { name: 'x', pointsMultiplier: 11 }, 'pointsMultiplier', 'points-x-out-of-range'],
    ['an empty gift', { name: 'x', gift: ' ' }, 'gift', 'gift-empty'],
    ['a gift too long', { name: 'x', gift: 'я'.repeat(121) }, 'gift', 'gift-too-long'],
    ['a minimum check of zero', { ...base, minCheck: 0 }, 'minCheck', 'min-check-not-positive'],
    ['an unknown limit', { ...base, limit: 'weekly' as 'once' }, 'limit', 'invalid'],
    ['a percent as text', { ...base, percentOff: '20' as unknown as number }, 'percentOff', 'invalid'],
  ] satisfies [string, PromotionInput, string, string][])('refuses %s', (_, input, field, problem) => {
    expect(refused(input)).toEqual({ field, problem });
  });

  it('checks segment ids against the café rule set, not the default one', () => {
    const boostfeel = promotionInputSchema(BOOSTFEEL_RULES);
    expect(refused({ ...base, audience: ['vip'] }, boostfeel)).toBeNull();
    expect(refused({ ...base, audience: ['active'] }, boostfeel)).toEqual({ field: 'audience', problem: 'segment-unknown' });
  });

  it('reports every refused field, in the order of the form', () => {
    const r = schema.safeParse({ name: '', audience: ['x'], from: '10:00', to: '09:00', percentOff: 0 });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(promotionProblems(r.error).map((p) => [p.field, p.problem])).toEqual([
      ['name', 'name-empty'],
      ['audience', 'segment-unknown'],
      ['to', 'window-reversed'],
      ['percentOff', 'percent-out-of-range'],
    ]);
  });

  it('says what is wrong in words as well', () => {
    const r = schema.safeParse({ ...base, audience: ['vip'] });
    expect(r.success || promotionProblems(r.error)[0]!.message).toMatch(/segment "vip" is not in the café's rule set/);
  });
});
