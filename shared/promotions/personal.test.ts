import { describe, expect, it } from 'vitest';
import type { TimeZone } from '../domain/calendar.ts';
import type { Kopecks } from '../domain/money.ts';
import { eligibility, offersFor } from './eligibility.ts';
import { DEFAULT_SPEND_TIERS, forGuest, offerTitle, sizeBenefit, spendFactor } from './personal.ts';
import type { Benefit, Promotion, PromotionId } from './promotion.ts';

const rub = (r: number) => (r * 100) as Kopecks;
const MSK = 'Europe/Moscow' as TimeZone;
const NOW = new Date('2026-11-23T12:00:00Z');
const P = 'p1' as PromotionId;

const personal: Promotion = {
  id: P,
  status: 'active',
  name: 'Возвращайтесь',
  audience: [],
  weekdays: [],
  window: null,
  starts: null,
  ends: null,
  benefit: { kind: 'percent', percent: 10 },
  minCheck: null,
  limit: 'once',
  personal: true,
};

describe('sizing by paid spend over 90 days', () => {
  it.each([
    [0, 1],
    [1_499.99, 1],
    [1_500, 1.5],
    [4_999.99, 1.5],
    [5_000, 2],
    [9_999.99, 2],
    [10_000, 2.5],
    [1_000_000, 2.5],
  ])('%s ₽ → ×%s (a spend exactly at a row is in it)', (spend, times) => {
    expect(spendFactor(DEFAULT_SPEND_TIERS, Math.round(spend * 100) as Kopecks)).toBe(times);
  });

  it('percent grows by whole percent, rounded down, never past 100 %', () => {
    const base: Benefit = { kind: 'percent', percent: 15 };
    expect(sizeBenefit(base, rub(1_499.99))).toEqual({ kind: 'percent', percent: 15 });
    expect(sizeBenefit(base, rub(1_500))).toEqual({ kind: 'percent', percent: 22 });
    expect(sizeBenefit(base, rub(10_000))).toEqual({ kind: 'percent', percent: 37 });
    expect(sizeBenefit({ kind: 'percent', percent: 60 }, rub(5_000))).toEqual({ kind: 'percent', percent: 100 });
  });

  it('rubles grow to whole rubles, never below the base', () => {
    expect(sizeBenefit({ kind: 'rubles', amount: rub(150) }, rub(0))).toEqual({ kind: 'rubles', amount: rub(150) });
    expect(sizeBenefit({ kind: 'rubles', amount: rub(150) }, rub(1_500))).toEqual({ kind: 'rubles', amount: rub(225) });
    expect(sizeBenefit({ kind: 'rubles', amount: 15_055 as Kopecks }, rub(1_500))).toEqual({ kind: 'rubles', amount: rub(225) });
    expect(sizeBenefit({ kind: 'rubles', amount: 50 as Kopecks }, rub(1_500))).toEqual({ kind: 'rubles', amount: 50 });
  });

  it('a multiplier or a gift is the same for everyone', () => {
    const gift: Benefit = { kind: 'gift', text: 'Круассан' };
    const x2: Benefit = { kind: 'points-x', multiplier: 2 };
    expect(sizeBenefit(gift, rub(10_000))).toBe(gift);
    expect(sizeBenefit(x2, rub(10_000))).toBe(x2);
  });
});

describe('personal promotions in eligibility', () => {
  const guest = { segment: 'leaving' as const, zone: MSK, uses: [] as Date[] };

  it('applies only to a guest granted it, before the audience is judged', () => {
    expect(eligibility(personal, guest, NOW)).toEqual({ eligible: false, reason: 'not-granted' });
    expect(eligibility({ ...personal, audience: ['active'] }, guest, NOW)).toEqual({ eligible: false, reason: 'not-granted' });
    expect(eligibility(personal, { ...guest, grants: new Map([[P, null]]) }, NOW)).toEqual({ eligible: true });
    expect(eligibility(personal, { ...guest, grants: new Map([['other' as PromotionId, null]]) }, NOW)).toEqual({ eligible: false, reason: 'not-granted' });
    // A promotion for everyone needs no grant.
    expect(eligibility({ ...personal, personal: false }, guest, NOW)).toEqual({ eligible: true });
  });

  it('an offer carries the benefit sized for the guest, or the promotion’s own', () => {
    const sized: Benefit = { kind: 'percent', percent: 20 };
    const offers = (grants: Map<PromotionId, Benefit | null>) =>
      offersFor([personal], { ...guest, uses: new Map(), grants }, NOW).map((o) => o.promotion.benefit);
    expect(offers(new Map([[P, sized]]))).toEqual([sized]);
    expect(offers(new Map([[P, null]]))).toEqual([personal.benefit]);
    expect(offers(new Map())).toEqual([]);
    expect(forGuest({ ...personal, personal: false }, new Map([[P, sized]])).benefit).toEqual(personal.benefit);
  });

  it('names the offer for a message', () => {
    expect(offerTitle('Возвращайтесь', { kind: 'percent', percent: 15 })).toBe('Возвращайтесь: скидка 15 %');
    expect(offerTitle('Возвращайтесь', { kind: 'rubles', amount: rub(225) })).toBe('Возвращайтесь: скидка 225 ₽');
    expect(offerTitle('Десерт', { kind: 'gift', text: 'Макарон' })).toBe('Десерт: Макарон в подарок');
  });
});
