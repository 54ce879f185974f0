import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../shared/domain/calendar.ts';
import { DEFAULT_RULES, PRESETS } from '../../../shared/segments/presets.ts';
import type { PromotionDraft } from '../../../shared/promotions/promotion.ts';
import { PROMOTION_PRESETS, presetDraft } from '../../../shared/promotions/presets.ts';
import { promotionInputSchema } from '../../../shared/promotions/promotion-schema.ts';
import { emptyForm, formFromPreset, formFromPromotion, type PromotionFormState, presetsFor, readPromotionForm } from './promotion-form.ts';

const form = (over: Partial<PromotionFormState>): PromotionFormState => ({ ...emptyForm(), name: 'Капучино', value: '10', ...over });
const problems = (over: Partial<PromotionFormState>) => {
  const r = readPromotionForm(form(over), DEFAULT_RULES);
  return r.ok ? {} : r.problems;
};

describe('the promotion form', () => {
  it('sends the flat input the API takes: rubles as kopecks, blanks as not given', () => {
    expect(readPromotionForm(form({ kind: 'rubles', value: '99,50', minCheck: '300', audience: ['leaving'], weekdays: [1, 2] }), DEFAULT_RULES)).toEqual({
      ok: true,
      input: {
        name: 'Капучино',
        audience: ['leaving'],
        weekdays: [1, 2],
        from: null,
        to: null,
        starts: null,
        ends: null,
        limit: 'none',
        amountOff: 9950,
        minCheck: 30000,
      },
    });
  });

  it('puts each problem in the slot the owner typed it in', () => {
    expect(problems({ value: '' })).toEqual({ value: 'benefit-missing' });
    expect(problems({ value: '0' })).toEqual({ value: 'percent-out-of-range' });
    expect(problems({ value: '101' })).toEqual({ value: 'percent-out-of-range' });
    expect(problems({ value: 'десять' })).toEqual({ value: 'invalid' });
    expect(problems({ kind: 'rubles', value: '0' })).toEqual({ value: 'rubles-not-positive' });
    expect(problems({ kind: 'rubles', value: '-5' })).toEqual({ value: 'rubles-not-positive' });
    expect(problems({ kind: 'points-x', value: '1' })).toEqual({ value: 'points-x-out-of-range' });
    expect(problems({ kind: 'gift', gift: '  ' })).toEqual({ value: 'gift-empty' });
    expect(problems({ from: '10:00', to: '10:00' })).toEqual({ to: 'window-empty' });
    expect(problems({ from: '10:00' })).toEqual({ to: 'window-incomplete' });
    expect(problems({ starts: '2026-12-10', ends: '2026-12-09' })).toEqual({ ends: 'ends-before-starts' });
    expect(problems({ minCheck: '-1' })).toEqual({ minCheck: 'min-check-not-positive' });
    expect(problems({ name: ' ', minCheck: 'abc' })).toEqual({ name: 'name-empty', minCheck: 'invalid' });
  });

  it('accepts the edges: 1 % and 100 %, a window to 24:00, a one-day range', () => {
    for (const over of [{ value: '1' }, { value: '100' }, { from: '00:00', to: '24:00' }, { starts: '2026-12-01', ends: '2026-12-01' }]) {
      expect([over, readPromotionForm(form(over), DEFAULT_RULES).ok]).toEqual([over, true]);
    }
  });

  it('fills the form from a promotion so that saving it unchanged gives the same promotion back', () => {
    const drafts = [
      {
        benefit: { kind: 'rubles', amount: 9950 },
        minCheck: 30000,
        window: { from: '08:00', to: '12:00' },
        audience: ['leaving'],
        weekdays: [1, 5],
        limit: 'daily',
      },
      { benefit: { kind: 'points-x', multiplier: 1.5 }, starts: '2026-12-01', ends: '2026-12-31' },
      { benefit: { kind: 'gift', text: 'Макарон' } },
      { benefit: { kind: 'percent', percent: 20 } },
    ].map(
      (over) =>
        ({ name: 'Акция', audience: [], weekdays: [], window: null, starts: null, ends: null, minCheck: null, limit: 'none', ...over }) as PromotionDraft,
    );
    for (const draft of drafts) {
      const read = readPromotionForm(formFromPromotion(draft), DEFAULT_RULES);
      expect(read.ok).toBe(true);
      if (read.ok) expect(promotionInputSchema(DEFAULT_RULES).parse(read.input)).toEqual(draft);
    }
  });

  describe('presets', () => {
    const TODAY = '2026-12-06' as LocalDate;
    const preset = (id: string) => PROMOTION_PRESETS.find((p) => p.id === id)!;

    it('offers every seed mechanic under the default rules', () => {
      expect(presetsFor(DEFAULT_RULES).map((p) => p.id)).toEqual([
        'cappuccino-muffin-morning',
        'morning-sandwich',
        'lunch-combo',
        'evening-dessert-set',
        'vip-premium-syrup',
        'vip-double-points',
        'win-back-two-for-one',
        'welcome-newcomer',
      ]);
    });

    it('leaves out a preset aimed at a segment the café’s rule set does not have, never widening it to everyone', () => {
      const boostfeel = PRESETS.find((r) => r.id === 'boostfeel')!;
      const offered = presetsFor(boostfeel);
      expect(offered.map((p) => p.id)).toEqual(['morning-sandwich', 'lunch-combo', 'evening-dessert-set']);
      expect(offered.every((p) => p.audience.length === 0)).toBe(true);
    });

    it('fills the form so that saving it unchanged gives the preset’s promotion, in Russian and in English', () => {
      for (const p of PROMOTION_PRESETS) {
        for (const locale of ['ru', 'en'] as const) {
          const read = readPromotionForm(formFromPreset(p, locale, TODAY), DEFAULT_RULES);
          expect([p.id, locale, read.ok]).toEqual([p.id, locale, true]);
          if (read.ok) expect(promotionInputSchema(DEFAULT_RULES).parse(read.input)).toEqual(presetDraft(p, locale, TODAY));
        }
      }
    });

    it('fills each field as the owner would type it: the morning combo, a sandwich in rubles, a two-week win-back from today', () => {
      expect(formFromPreset(preset('cappuccino-muffin-morning'), 'ru', TODAY)).toEqual({
        ...emptyForm(['active', 'rare']),
        name: 'Капучино + маффин −20 % до 12:00',
        value: '20',
        from: '00:00',
        to: '12:00',
        limit: 'daily',
      });
      expect(formFromPreset(preset('morning-sandwich'), 'en', TODAY)).toMatchObject({
        name: 'Sandwich with morning coffee −100 ₽',
        kind: 'rubles',
        value: '100',
        minCheck: '300',
      });
      expect(formFromPreset(preset('win-back-two-for-one'), 'ru', TODAY)).toMatchObject({
        audience: ['sleeping', 'leaving'],
        kind: 'gift',
        gift: 'Второй такой же напиток в подарок',
        starts: '2026-12-06',
        ends: '2026-12-19',
        limit: 'once',
      });
    });
  });
});
