/**
 * Ready-made promotions for the mechanics of seed 000 (БезКарт), which the owner picks and
 * then adjusts. Audiences are segment ids of the default rule set (an empty audience is
 * every guest); a café on another rule set can use a preset only if `presetFits`, since
 * silently dropping unknown ids would turn a targeted offer into one for everyone. Names
 * and gift texts come in Russian and English; the barista sees the one in the café's
 * language, and none of them is a segment's name.
 */
import { addCalendarDays, type LocalDate, type Weekday } from '../domain/calendar.ts';
import { kopecks, type Kopecks } from '../domain/money.ts';
import { segmentIds, type LocalizedName, type RuleSet, type SegmentId } from '../segments/rules.ts';
import type { Benefit, PromotionDraft, TimeWindow, UseLimit } from './promotion.ts';

/** A benefit whose gift text is in both languages. */
export type PresetBenefit = Exclude<Benefit, { kind: 'gift' }> | { kind: 'gift'; text: LocalizedName };

export interface PromotionPreset {
  id: string;
  name: LocalizedName;
  /** The seed mechanic it follows and why it targets whom it targets. */
  source: string;
  /** Default rule set ids; empty = every guest. */
  audience: SegmentId[];
  weekdays: Weekday[];
  window: TimeWindow | null;
  /** Café days it runs from the day it is created, that day included; null = until ended. */
  durationDays: number | null;
  benefit: PresetBenefit;
  minCheck: Kopecks | null;
  limit: UseLimit;
}

const RUB = 100;
const WORKDAYS: Weekday[] = [1, 2, 3, 4, 5];

export const PROMOTION_PRESETS: readonly PromotionPreset[] = [
  {
    id: 'cappuccino-muffin-morning',
    name: { ru: 'Капучино + маффин −20 % до 12:00', en: 'Cappuccino + muffin −20% until 12:00' },
    source: 'seed 000, mechanic 2 (trigger upsell): coffee regulars get a dessert at a special price; combos also suit rare guests (segment 4)',
    audience: ['active', 'rare'],
    weekdays: [],
    window: { from: '00:00', to: '12:00' },
    durationDays: null,
    benefit: { kind: 'percent', percent: 20 },
    minCheck: null,
    limit: 'daily',
  },
  {
    id: 'morning-sandwich',
    name: { ru: 'Сэндвич к утреннему кофе −100 ₽', en: 'Sandwich with morning coffee −100 ₽' },
    source: 'seed 000, mechanic 4 (timing): in the morning, a sandwich with the coffee; an offer of the hour, for every guest',
    audience: [],
    weekdays: [],
    window: { from: '07:00', to: '11:00' },
    durationDays: null,
    benefit: { kind: 'rubles', amount: kopecks(100 * RUB) },
    minCheck: kopecks(300 * RUB),
    limit: 'daily',
  },
  {
    id: 'lunch-combo',
    name: { ru: 'Комбо «обед + напиток» −15 %', en: 'Lunch + drink combo −15%' },
    source: 'seed 000, mechanic 4 (timing): in the afternoon, a "lunch + drink" combo on workdays, for every guest',
    audience: [],
    weekdays: WORKDAYS,
    window: { from: '12:00', to: '16:00' },
    durationDays: null,
    benefit: { kind: 'percent', percent: 15 },
    minCheck: kopecks(450 * RUB),
    limit: 'daily',
  },
  {
    id: 'evening-dessert-set',
    name: { ru: 'Десертный сет вечером: экономия 150 ₽', en: 'Evening dessert set: save 150 ₽' },
    source: 'seed 000, mechanics 4 and 10: a dessert set in the evening, framed as a saving in rubles, for every guest',
    audience: [],
    weekdays: [],
    window: { from: '17:00', to: '22:00' },
    durationDays: null,
    benefit: { kind: 'rubles', amount: kopecks(150 * RUB) },
    minCheck: kopecks(500 * RUB),
    limit: 'daily',
  },
  {
    id: 'vip-premium-syrup',
    name: { ru: 'Премиум-сироп для постоянных гостей', en: 'Premium syrup for regulars' },
    source: 'seed 000, mechanic 5 (VIP-only options): premium syrups for the loyal core — the active segment in the default rules',
    audience: ['active'],
    weekdays: [],
    window: null,
    durationDays: null,
    benefit: { kind: 'gift', text: { ru: 'Премиум-сироп в напиток бесплатно', en: 'A premium syrup in the drink, free' } },
    minCheck: null,
    limit: 'daily',
  },
  {
    id: 'vip-double-points',
    name: { ru: 'Двойные баллы', en: 'Double points' },
    source: 'seed 000, segment 2 and mechanic 5: raised bonuses for the active core',
    audience: ['active'],
    weekdays: [],
    window: null,
    durationDays: null,
    benefit: { kind: 'points-x', multiplier: 2 },
    minCheck: null,
    limit: 'none',
  },
  {
    id: 'win-back-two-for-one',
    name: { ru: '2 по цене 1', en: '2 for the price of 1' },
    source: 'seed 000, mechanic 7: a time-limited "2 for 1" on favourite items to bring sleeping and leaving guests back; two weeks, once',
    audience: ['sleeping', 'leaving'],
    weekdays: [],
    window: null,
    durationDays: 14,
    benefit: { kind: 'gift', text: { ru: 'Второй такой же напиток в подарок', en: 'A second drink of the same kind, free' } },
    minCheck: null,
    limit: 'once',
  },
  {
    id: 'welcome-newcomer',
    name: { ru: 'Приветственная скидка −10 %', en: 'Welcome discount −10%' },
    source: 'seed 000, segment 1: a discount on an early order to welcome newcomers (the welcome points are credited anyway); once',
    audience: ['newcomer'],
    weekdays: [],
    window: null,
    durationDays: null,
    benefit: { kind: 'percent', percent: 10 },
    minCheck: null,
    limit: 'once',
  },
];

/** Whether every segment the preset aims at exists in `rules`. */
export function presetFits(preset: PromotionPreset, rules: RuleSet): boolean {
  const known = new Set(segmentIds(rules));
  return preset.audience.every((id) => known.has(id));
}

/** The preset as a promotion made on café day `today`, in the café's language. */
export function presetDraft(preset: PromotionPreset, locale: 'ru' | 'en', today: LocalDate): PromotionDraft {
  const b = preset.benefit;
  return {
    name: preset.name[locale],
    audience: [...preset.audience],
    weekdays: [...preset.weekdays],
    window: preset.window && { ...preset.window },
    starts: preset.durationDays === null ? null : today,
    ends: preset.durationDays === null ? null : addCalendarDays(today, preset.durationDays - 1),
    benefit: b.kind === 'gift' ? { kind: 'gift', text: b.text[locale] } : { ...b },
    minCheck: preset.minCheck,
    limit: preset.limit,
  };
}
