/**
 * The rule sets a café can switch between. The default is the seed's five segments exactly
 * (DESIGN.md); the others follow the other seeds, each documented with the lines it follows
 * and how it treats the guests its source leaves out. Money thresholds are kopecks.
 */
import type { Condition, RuleSet } from './rules.ts';

const RUB = 100;
const c = (metric: Condition['metric'], op: Condition['op'], value: number): Condition => ({ metric, op, value });

/**
 * Seed 000 (БезКарт), lines 1–21. "≤ 2 недель" is ≤ 14 days; the seed's "14–60 дней" for
 * leaving/rare is 15–60 so that a day-14 guest is not both active and leaving. Its gaps
 * (3 purchases with a recent visit; a newcomer with 3 purchases) fall to `none`.
 */
export const DEFAULT_RULES: RuleSet = {
  id: 'bezkart',
  name: { ru: 'Пять сегментов (по умолчанию)', en: 'Five segments (default)' },
  source: 'seed 000 lines 1–21; gaps → none',
  segments: [
    {
      id: 'newcomer',
      name: { ru: 'Новички', en: 'Newcomers' },
      when: [c('daysSinceRegistration', 'lte', 14), c('purchases', 'lt', 3)],
    },
    {
      id: 'active',
      name: { ru: 'Активные', en: 'Active' },
      when: [c('daysSinceLastPurchase', 'lte', 14), c('purchases', 'gte', 4)],
    },
    {
      id: 'leaving',
      name: { ru: 'Уходящие', en: 'Leaving' },
      when: [c('daysSinceLastPurchase', 'gte', 15), c('daysSinceLastPurchase', 'lte', 60), c('purchases', 'gte', 4)],
    },
    {
      id: 'rare',
      name: { ru: 'Редкие гости', en: 'Rare guests' },
      when: [c('daysSinceLastPurchase', 'gte', 15), c('daysSinceLastPurchase', 'lte', 60), c('purchases', 'lt', 4)],
    },
    {
      id: 'sleeping',
      name: { ru: 'Спящие', en: 'Sleeping' },
      when: [c('daysSinceLastPurchase', 'gt', 60)],
    },
  ],
};

/**
 * Seed 001 (Boostfeel), lines 11–15: VIP ≥ 25 visits a month and a 400 ₽ check; loyal ≥ 10
 * visits and 200 ₽; potentially loyal: one visit and no return within a week; at risk: 20
 * days since the last purchase with a 200 ₽ check; lost: 40 days with 400 ₽. Lost and at
 * risk are checked first, so a former VIP who stopped coming is seen as at risk, not VIP.
 * "Visits a month" is purchases per 30 days of membership (at least one month). Gaps → none:
 * cheap checks (under 200 ₽) gone quiet, and recent guests with 2–9 visits a month.
 */
export const BOOSTFEEL_RULES: RuleSet = {
  id: 'boostfeel',
  name: { ru: 'Boostfeel: от VIP до потерянных', en: 'Boostfeel: VIP to lost' },
  source: 'seed 001 lines 11–15; gaps → none',
  segments: [
    {
      id: 'lost',
      name: { ru: 'Потерянные', en: 'Lost' },
      when: [c('daysSinceLastPurchase', 'gte', 40), c('averageCheck', 'gte', 400 * RUB)],
    },
    {
      id: 'at_risk',
      name: { ru: 'Риск потерять', en: 'At risk' },
      when: [c('daysSinceLastPurchase', 'gte', 20), c('averageCheck', 'gte', 200 * RUB)],
    },
    {
      id: 'vip',
      name: { ru: 'VIP-клиенты', en: 'VIP' },
      when: [c('daysSinceLastPurchase', 'lt', 20), c('visitsPerMonth', 'gte', 25), c('averageCheck', 'gte', 400 * RUB)],
    },
    {
      id: 'loyal',
      name: { ru: 'Лояльные', en: 'Loyal' },
      when: [c('daysSinceLastPurchase', 'lt', 20), c('visitsPerMonth', 'gte', 10), c('averageCheck', 'gte', 200 * RUB)],
    },
    {
      id: 'potentially_loyal',
      name: { ru: 'Потенциально лояльные', en: 'Potentially loyal' },
      when: [c('purchases', 'gte', 1), c('visitsPerMonth', 'lte', 1), c('daysSinceLastPurchase', 'gte', 7)],
    },
  ],
};

/**
 * Seed 002 (Wahelp.Cards), lines 16–19: new 1–2 visits, regular 3–8 visits a month,
 * permanent more than 8, sleeping no visit for more than 30 days. Sleeping is checked
 * first. Gaps → none: guests with no purchase, and guests with 3+ purchases averaging under
 * three visits a month.
 */
export const WAHELP_RULES: RuleSet = {
  id: 'wahelp',
  name: { ru: 'Wahelp: уровни активности', en: 'Wahelp: activity levels' },
  source: 'seed 002 lines 16–19; gaps → none',
  segments: [
    { id: 'sleeping', name: { ru: 'Спящие', en: 'Sleeping' }, when: [c('purchases', 'gte', 1), c('daysSinceLastPurchase', 'gt', 30)] },
    { id: 'new', name: { ru: 'Новые', en: 'New' }, when: [c('purchases', 'gte', 1), c('purchases', 'lte', 2)] },
    { id: 'permanent', name: { ru: 'Постоянные', en: 'Permanent' }, when: [c('purchases', 'gte', 3), c('visitsPerMonth', 'gt', 8)] },
    {
      id: 'regular',
      name: { ru: 'Регулярные', en: 'Regular' },
      when: [c('purchases', 'gte', 3), c('visitsPerMonth', 'gte', 3), c('visitsPerMonth', 'lte', 8)],
    },
  ],
};

const RECENCY = [
  { id: 'recent', ru: 'Недавно', en: 'Recently', when: [c('daysSinceLastPurchase', 'lte', 30)] },
  { id: 'long_ago', ru: 'Давно', en: 'Long ago', when: [c('daysSinceLastPurchase', 'gt', 30)] },
];
const FREQUENCY = [
  { id: 'often', ru: 'часто', en: 'often', when: [c('purchases', 'gte', 6)] },
  { id: 'sometimes', ru: 'иногда', en: 'sometimes', when: [c('purchases', 'gte', 1), c('purchases', 'lt', 6)] },
];
const MONETARY = [
  { id: 'small', ru: 'маленькая сумма', en: 'small spend', when: [c('totalSpend', 'lt', 2_000 * RUB)] },
  { id: 'medium', ru: 'средняя сумма', en: 'medium spend', when: [c('totalSpend', 'gte', 2_000 * RUB), c('totalSpend', 'lt', 10_000 * RUB)] },
  { id: 'large', ru: 'большая сумма', en: 'large spend', when: [c('totalSpend', 'gte', 10_000 * RUB)] },
];

/**
 * Seeds 001 (line 59: R, F, M) and 003 (its segment names: "покупал давно, часто, маленькая
 * сумма покупок"…): recency (last 30 days or earlier) × frequency (6+ purchases or 1–5) ×
 * spend (under 2 000 ₽, up to 10 000 ₽, more): twelve cells named as the playbook names them.
 * Gaps → none: guests with no purchase at all.
 */
export const RFM_RULES: RuleSet = {
  id: 'rfm',
  name: { ru: 'RFM-сетка', en: 'RFM grid' },
  source: 'seed 001 line 59, seed 003 segment names; gaps → none',
  segments: RECENCY.flatMap((r) =>
    FREQUENCY.flatMap((f) =>
      MONETARY.map((m) => ({
        id: `${r.id}_${f.id}_${m.id}`,
        name: { ru: `${r.ru}, ${f.ru}, ${m.ru}`, en: `${r.en}, ${f.en}, ${m.en}` },
        when: [...r.when, ...f.when, ...m.when],
      })),
    ),
  ),
};

export const PRESETS: readonly RuleSet[] = [DEFAULT_RULES, BOOSTFEEL_RULES, WAHELP_RULES, RFM_RULES];

export function presetById(id: string): RuleSet | undefined {
  return PRESETS.find((p) => p.id === id);
}
