/**
 * Personal promotions: a promotion marked `personal` is offered only to the guests it was
 * granted to — the recipients of a mailing or a scenario's message that attached it, never
 * their held-out comparison group. A grant may carry the guest's own benefit, sized by what
 * they paid in the last 90 days (the win-back), instead of the promotion's.
 *
 * The tablet and the server judge a grant by the same rule (eligibility.ts) from the grants
 * each holds, so an offer the counter showed offline is the one the server accepts, and one
 * applied for a guest who was never granted it is flagged.
 */
import type { Kopecks } from '../domain/money.ts';
import { kopecks } from '../domain/money.ts';
import type { Benefit, Promotion, PromotionId } from './promotion.ts';

/** A guest's grants: the promotion, and the benefit sized for them (null: the promotion's own). */
export type Grants = ReadonlyMap<PromotionId, Benefit | null>;

/** Rows by paid spend, ascending from 0: a guest's benefit is the base times the last row their spend reaches. */
export type SpendTiers = readonly { fromSpend: Kopecks; times: number }[];

/**
 * The win-back's sizing: an occasional guest gets the promotion as the owner set it, one the
 * café would miss more gets up to 2.5 times as much (the same spend rows as the point
 * win-back, shared/mailings/scenarios.ts DEFAULT_WIN_BACK_REWARDS).
 */
export const DEFAULT_SPEND_TIERS: SpendTiers = [
  { fromSpend: kopecks(0), times: 1 },
  { fromSpend: kopecks(1_500_00), times: 1.5 },
  { fromSpend: kopecks(5_000_00), times: 2 },
  { fromSpend: kopecks(10_000_00), times: 2.5 },
];

/** The factor of the last row `spend` reaches (spend exactly at a row's start is in that row). */
export function spendFactor(tiers: SpendTiers, spend: Kopecks): number {
  let times = 1;
  for (const row of tiers) if (spend >= row.fromSpend) times = row.times;
  return times;
}

/**
 * The base benefit sized for a guest who paid `spend` in the last 90 days: percent off and
 * rubles off grow with the factor (rounded down: a whole percent, whole rubles, and never more
 * than 100 %); an accrual multiplier or a gift is the same for everyone.
 */
export function sizeBenefit(base: Benefit, spend: Kopecks, tiers: SpendTiers = DEFAULT_SPEND_TIERS): Benefit {
  const times = spendFactor(tiers, spend);
  if (times === 1) return base;
  switch (base.kind) {
    case 'percent':
      return { kind: 'percent', percent: Math.min(100, Math.floor(base.percent * times)) };
    case 'rubles':
      return { kind: 'rubles', amount: kopecks(Math.max(base.amount, Math.floor((base.amount * times) / 100) * 100)) };
    case 'points-x':
    case 'gift':
      return base;
  }
}

/** Whether the guest holding `grants` may be offered `p` at all (a promotion for everyone: yes). */
export function isGranted(p: Pick<Promotion, 'id' | 'personal'>, grants: Grants | undefined): boolean {
  return !p.personal || (grants?.has(p.id) ?? false);
}

/** The promotion as this guest gets it: with their sized benefit when their grant carries one. */
export function forGuest<P extends Promotion>(p: P, grants: Grants | undefined): P {
  const own = p.personal ? grants?.get(p.id) : null;
  return own ? { ...p, benefit: own } : p;
}

/** The offer as a message names it for `{reward}`: "Возвращайтесь: скидка 15 %". */
export function offerTitle(name: string, benefit: Benefit): string {
  switch (benefit.kind) {
    case 'percent':
      return `${name}: скидка ${benefit.percent} %`;
    case 'rubles':
      return `${name}: скидка ${(benefit.amount / 100).toLocaleString('ru-RU', { maximumFractionDigits: 2 })} ₽`;
    case 'points-x':
      return `${name}: баллы ×${benefit.multiplier.toLocaleString('ru-RU')}`;
    case 'gift':
      return `${name}: ${benefit.text} в подарок`;
  }
}
