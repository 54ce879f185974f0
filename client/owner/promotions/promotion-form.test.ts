import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/segments/presets.ts';
import type { PromotionDraft } from '../../../shared/promotions/promotion.ts';
import { promotionInputSchema } from '../../../shared/promotions/promotion-schema.ts';
import { emptyForm, formFromPromotion, type PromotionFormState, readPromotionForm } from './promotion-form.ts';

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
});
