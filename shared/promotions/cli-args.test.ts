import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../segments/presets.ts';
import { parsePromotionAddArgs } from './cli-args.ts';

const parse = (...args: string[]) => parsePromotionAddArgs(args, DEFAULT_RULES);
const draftOf = (...args: string[]) => {
  const r = parse(...args);
  if (!r.ok) throw new Error(r.message);
  return r.draft;
};
const refusal = (...args: string[]) => {
  const r = parse(...args);
  return r.ok ? null : { flag: r.flag, problem: r.problem };
};

describe('promotion add: flags into a draft', () => {
  it('reads the smallest form: a name and a benefit', () => {
    expect(draftOf('--name', 'Утро', '--percent', '20')).toEqual({
      name: 'Утро',
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

  it('reads every flag', () => {
    expect(
      draftOf(
        '--name',
        '2 по цене 1',
        '--segments',
        'sleeping,leaving',
        '--gift',
        'Второй напиток в подарок',
        '--days',
        '1-5',
        '--from',
        '09:00',
        '--to',
        '12:00',
        '--starts',
        '2026-12-01',
        '--ends',
        '2026-12-14',
        '--min-check',
        '499,90',
        '--limit',
        'once',
      ),
    ).toEqual({
      name: '2 по цене 1',
      audience: ['sleeping', 'leaving'],
      weekdays: [1, 2, 3, 4, 5],
      window: { from: '09:00', to: '12:00' },
      starts: '2026-12-01',
      ends: '2026-12-14',
      benefit: { kind: 'gift', text: 'Второй напиток в подарок' },
      minCheck: 49990,
      limit: 'once',
    });
  });

  it('reads rubles as typed', () => {
    expect(draftOf('--name', 'x', '--rubles', '150').benefit).toEqual({ kind: 'rubles', amount: 15000 });
    expect(draftOf('--name', 'x', '--rubles', '99,50').benefit).toEqual({ kind: 'rubles', amount: 9950 });
    expect(draftOf('--name', 'x', '--rubles', '99.5').benefit).toEqual({ kind: 'rubles', amount: 9950 });
    expect(draftOf('--name', 'x', '--rubles', '1 000').benefit).toEqual({ kind: 'rubles', amount: 100000 });
  });

  it('reads a multiplier with a point or a comma, and a percent with its sign', () => {
    expect(draftOf('--name', 'x', '--points-x', '2').benefit).toEqual({ kind: 'points-x', multiplier: 2 });
    expect(draftOf('--name', 'x', '--points-x', '1,5').benefit).toEqual({ kind: 'points-x', multiplier: 1.5 });
    expect(draftOf('--name', 'x', '--percent', '15%').benefit).toEqual({ kind: 'percent', percent: 15 });
  });

  it('reads weekdays as a list, a range or both', () => {
    expect(draftOf('--name', 'x', '--percent', '5', '--days', '1,3,6').weekdays).toEqual([1, 3, 6]);
    expect(draftOf('--name', 'x', '--percent', '5', '--days', '6-7').weekdays).toEqual([6, 7]);
    expect(draftOf('--name', 'x', '--percent', '5', '--days', '1-3,6').weekdays).toEqual([1, 2, 3, 6]);
    expect(draftOf('--name', 'x', '--percent', '5', '--days', '5').weekdays).toEqual([5]);
  });

  it('reads --flag=value too, and flags in any order', () => {
    expect(draftOf('--percent=10', '--name=Обед', '--limit=daily')).toMatchObject({ name: 'Обед', benefit: { kind: 'percent', percent: 10 }, limit: 'daily' });
  });
});

describe('promotion add: one error naming the flag', () => {
  it.each([
    [['--percent', '10'], '--name', 'name-empty'],
    [['--name', '', '--percent', '10'], '--name', 'name-empty'],
    [['--name', 'Активные', '--percent', '10'], '--name', 'name-is-segment'],
    [['--name', 'x'], '--percent | --rubles | --points-x | --gift', 'benefit-missing'],
    [['--name', 'x', '--percent', '10', '--gift', 'Маффин'], '--percent | --rubles | --points-x | --gift', 'benefit-twice'],
    [['--name', 'x', '--percent', '0'], '--percent', 'percent-out-of-range'],
    [['--name', 'x', '--percent', '101'], '--percent', 'percent-out-of-range'],
    [['--name', 'x', '--percent', '-5'], '--percent', 'percent-out-of-range'],
    [['--name', 'x', '--percent', 'twenty'], '--percent', 'invalid'],
    [['--name', 'x', '--rubles', '0'], '--rubles', 'rubles-not-positive'],
    [['--name', 'x', '--rubles', '-150'], '--rubles', 'rubles-not-positive'],
    [['--name', 'x', '--rubles', '150 руб'], '--rubles', 'invalid'],
    [['--name', 'x', '--points-x', '1'], '--points-x', 'points-x-out-of-range'],
    [['--name', 'x', '--points-x', 'x2'], '--points-x', 'invalid'],
    [['--name', 'x', '--gift', '  '], '--gift', 'gift-empty'],
    [['--name', 'x', '--percent', '5', '--segments', 'active,vip'], '--segments', 'segment-unknown'],
    [['--name', 'x', '--percent', '5', '--segments', ''], '--segments', 'segments-empty'],
    [['--name', 'x', '--percent', '5', '--days', '0-5'], '--days', 'weekday-out-of-range'],
    [['--name', 'x', '--percent', '5', '--days', '1,8'], '--days', 'weekday-out-of-range'],
    [['--name', 'x', '--percent', '5', '--days', '5-1'], '--days', 'invalid'],
    [['--name', 'x', '--percent', '5', '--days', 'пн-пт'], '--days', 'invalid'],
    [['--name', 'x', '--percent', '5', '--from', '09:00'], '--to', 'window-incomplete'],
    [['--name', 'x', '--percent', '5', '--to', '12:00'], '--from', 'window-incomplete'],
    [['--name', 'x', '--percent', '5', '--from', '12:00', '--to', '12:00'], '--to', 'window-empty'],
    [['--name', 'x', '--percent', '5', '--from', '12:00', '--to', '09:00'], '--to', 'window-reversed'],
    [['--name', 'x', '--percent', '5', '--from', '9', '--to', '12:00'], '--from', 'time-invalid'],
    [['--name', 'x', '--percent', '5', '--starts', '2026-13-01'], '--starts', 'date-invalid'],
    [['--name', 'x', '--percent', '5', '--starts', '2026-12-10', '--ends', '2026-12-09'], '--ends', 'ends-before-starts'],
    [['--name', 'x', '--percent', '5', '--min-check', '0'], '--min-check', 'min-check-not-positive'],
    [['--name', 'x', '--percent', '5', '--min-check', 'много'], '--min-check', 'invalid'],
    [['--name', 'x', '--percent', '5', '--limit', 'weekly'], '--limit', 'invalid'],
    [['--name', 'x', '--percent', '5', '--bogus', '1'], '--bogus', 'flag-unknown'],
    [['--name', 'x', '--percent', '5', 'extra'], 'extra', 'flag-unknown'],
    [['--name', 'x', '--percent', '5', '--percent', '6'], '--percent', 'flag-repeated'],
    [['--name', 'x', '--percent'], '--percent', 'flag-value-missing'],
    [['--name', '--percent', '5'], '--name', 'flag-value-missing'],
  ])('%j → %s %s', (args, flag, problem) => {
    expect(refusal(...args)).toEqual({ flag, problem });
  });

  it('says it in one line that starts with the flag', () => {
    const r = parse('--name', 'x', '--percent', '150');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe('--percent: percent 150 is not a whole number from 1 to 100');
    expect(r.message).not.toContain('\n');
  });

  it('names the first problem only, in the order of the form', () => {
    expect(refusal('--name', '', '--percent', '0', '--from', '12:00', '--to', '09:00')).toEqual({ flag: '--name', problem: 'name-empty' });
  });
});
