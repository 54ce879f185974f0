import { describe, expect, it } from 'vitest';
import type { LocalDate, TimeZone } from '../domain/calendar.ts';
import { BOOSTFEEL_RULES, DEFAULT_RULES } from '../segments/presets.ts';
import { segmentIds } from '../segments/rules.ts';
import { at } from '../segments/test-helpers.ts';
import { eligibility } from './eligibility.ts';
import { toPromotionInput, type Promotion, type PromotionId } from './promotion.ts';
import { promotionInputSchema } from './promotion-schema.ts';
import { PROMOTION_PRESETS, presetDraft, presetFits } from './presets.ts';

const TODAY = '2026-11-23' as LocalDate; // a Monday
const MSK = 'Europe/Moscow' as TimeZone;
const preset = (id: string) => PROMOTION_PRESETS.find((p) => p.id === id)!;
const live = (id: string, locale: 'ru' | 'en' = 'ru'): Promotion => ({
  ...presetDraft(preset(id), locale, TODAY),
  id: id as PromotionId,
  status: 'active',
});
const verdict = (p: Promotion, segment: string, local: string) => {
  const r = eligibility(p, { segment, zone: MSK, uses: [] }, at(local, MSK));
  return r.eligible ? 'ok' : r.reason;
};

describe('promotion presets', () => {
  it('covers the seed mechanics, each with a distinct id', () => {
    expect(PROMOTION_PRESETS.map((p) => p.id)).toEqual([
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

  it.each(PROMOTION_PRESETS.map((p) => [p.id]))('%s is a valid promotion of the default rules in both languages', (id) => {
    const schema = promotionInputSchema(DEFAULT_RULES);
    for (const locale of ['ru', 'en'] as const) {
      const draft = presetDraft(preset(id), locale, TODAY);
      expect(schema.parse(toPromotionInput(draft))).toEqual(draft);
    }
  });

  it('aims at the segments the seed names for each mechanic', () => {
    const audiences = Object.fromEntries(PROMOTION_PRESETS.map((p) => [p.id, p.audience]));
    expect(audiences).toEqual({
      'cappuccino-muffin-morning': ['active', 'rare'],
      'morning-sandwich': [],
      'lunch-combo': [],
      'evening-dessert-set': [],
      'vip-premium-syrup': ['active'],
      'vip-double-points': ['active'],
      'win-back-two-for-one': ['sleeping', 'leaving'],
      'welcome-newcomer': ['newcomer'],
    });
    for (const p of PROMOTION_PRESETS) expect(segmentIds(DEFAULT_RULES)).toEqual(expect.arrayContaining(p.audience));
  });

  it('gives names in the chosen language, gift texts too', () => {
    expect(live('win-back-two-for-one', 'ru')).toMatchObject({ name: '2 по цене 1', benefit: { kind: 'gift', text: 'Второй такой же напиток в подарок' } });
    expect(live('win-back-two-for-one', 'en')).toMatchObject({
      name: '2 for the price of 1',
      benefit: { kind: 'gift', text: 'A second drink of the same kind, free' },
    });
  });

  it('runs a time-limited preset from the day it is made for its number of café days', () => {
    expect(live('win-back-two-for-one')).toMatchObject({ starts: '2026-11-23', ends: '2026-12-06' }); // 14 days
    expect(live('welcome-newcomer')).toMatchObject({ starts: null, ends: null });
  });

  it('fits another rule set only when every segment it names exists there', () => {
    expect(PROMOTION_PRESETS.filter((p) => presetFits(p, DEFAULT_RULES))).toHaveLength(PROMOTION_PRESETS.length);
    expect(PROMOTION_PRESETS.filter((p) => presetFits(p, BOOSTFEEL_RULES)).map((p) => p.id)).toEqual([
      'morning-sandwich',
      'lunch-combo',
      'evening-dessert-set',
    ]);
  });

  it('"cappuccino + muffin −20 % until 12:00" applies until 11:59 and not at 12:00', () => {
    const p = live('cappuccino-muffin-morning');
    expect(verdict(p, 'active', '2026-11-23T11:59')).toBe('ok');
    expect(verdict(p, 'active', '2026-11-23T12:00')).toBe('window');
    expect(verdict(p, 'sleeping', '2026-11-23T10:00')).toBe('segment');
  });

  it('the win-back applies to sleeping and leaving guests, within its two weeks', () => {
    const p = live('win-back-two-for-one');
    expect(verdict(p, 'sleeping', '2026-11-23T10:00')).toBe('ok');
    expect(verdict(p, 'leaving', '2026-12-06T21:00')).toBe('ok');
    expect(verdict(p, 'leaving', '2026-12-07T09:00')).toBe('expired');
    expect(verdict(p, 'active', '2026-11-23T10:00')).toBe('segment');
  });

  it('the lunch combo is a workday offer: not on Saturday', () => {
    const p = live('lunch-combo');
    expect(verdict(p, 'rare', '2026-11-27T12:00')).toBe('ok'); // Friday
    expect(verdict(p, 'rare', '2026-11-28T12:00')).toBe('weekday'); // Saturday
  });
});
