import { describe, expect, it } from 'vitest';
import { BOOSTFEEL_RULES, DEFAULT_RULES } from '../../shared/segments/presets.ts';
import type { RuleSet } from '../../shared/segments/rules.ts';
import { ranges, ruleWords } from './rule-words.ts';

describe("a segment's rule in one plain line", () => {
  it('says each of the default segments as the owner would', () => {
    const words = (locale: 'ru' | 'en') => ['newcomer', 'active', 'leaving', 'rare', 'sleeping', 'none'].map((id) => ruleWords(DEFAULT_RULES, id, locale));
    expect(words('ru')).toEqual([
      'зарегистрированы в последние 14 дней, до 2 покупок',
      'были в последние 14 дней, 4+ покупки',
      'были 15–60 дней назад, 4+ покупки',
      'были 15–60 дней назад, до 3 покупок',
      'не были больше 60 дней',
      'не подошли ни под одно правило',
    ]);
    expect(words('en')).toEqual([
      'joined in the last 14 days, up to 2 purchases',
      'came in the last 14 days, 4+ purchases',
      'came 15–60 days ago, 4+ purchases',
      'came 15–60 days ago, up to 3 purchases',
      'away over 60 days',
      'matched no rule',
    ]);
  });

  it('folds conditions on one metric into a range: whole numbers close open ends, others keep them', () => {
    expect(
      ranges([
        { metric: 'daysSinceLastPurchase', op: 'gt', value: 60 },
        { metric: 'daysSinceLastPurchase', op: 'lt', value: 91 },
      ]),
    ).toEqual(new Map([['daysSinceLastPurchase', { lo: 61, hi: 90, loOpen: false, hiOpen: false }]]));
    // The tighter bound wins.
    expect(
      ranges([
        { metric: 'purchases', op: 'gte', value: 2 },
        { metric: 'purchases', op: 'gte', value: 5 },
      ]).get('purchases'),
    ).toMatchObject({ lo: 5, hi: null });
    expect(ranges([{ metric: 'averageCheck', op: 'gt', value: 20000 }]).get('averageCheck')).toEqual({ lo: 20000, hi: null, loOpen: true, hiOpen: false });
  });

  it('says money in rubles and agrees in number', () => {
    expect(ruleWords(BOOSTFEEL_RULES, 'lost', 'ru')).toBe('не были больше 39 дней, средний чек от 400 ₽');
    expect(ruleWords(BOOSTFEEL_RULES, 'vip', 'ru')).toBe('были в последние 19 дней, от 25 визитов в месяц, средний чек от 400 ₽');
    const one: RuleSet = {
      ...DEFAULT_RULES,
      segments: [
        {
          id: 'x',
          name: { ru: 'X', en: 'X' },
          when: [
            { metric: 'purchases', op: 'gte', value: 1 },
            { metric: 'purchases', op: 'lte', value: 1 },
          ],
        },
      ],
    };
    expect(ruleWords(one, 'x', 'ru')).toBe('1 покупка');
    expect(ruleWords(DEFAULT_RULES, 'unknown', 'ru')).toBe('');
  });
});
