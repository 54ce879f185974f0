import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LocalDate } from '../../shared/domain/calendar.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { Promotion, PromotionId } from '../../shared/promotions/promotion.ts';
import { mutationSchema } from '../../shared/sync/mutations.ts';
import type { PulledUse, PullResponse } from '../../shared/sync/protocol.ts';
import { CounterDb } from './db.ts';
import { registerGuest } from './guests.ts';
import { guestOffers, knownUses } from './offers.ts';
import { recordPurchase, voidPurchase } from './purchases.ts';
import { applyPull } from './sync/apply.ts';
import { pullPage } from '../../tests/support/pull-page.ts';

// Europe/Moscow is UTC+3 all year: 09:00 in the café is 06:00Z.
const at = (moscow: string) => new Date(`${moscow}+03:00`);
const NOW = at('2026-11-23T10:00:00'); // a Monday
let db: CounterDb;

beforeEach(async () => {
  db = new CounterDb(`offers-${Math.random()}`);
  await db.open();
});

const page = (over: Partial<PullResponse>): PullResponse => pullPage(NOW, over);

const promotion = (over: Partial<Promotion> = {}): Promotion => ({
  id: crypto.randomUUID() as PromotionId,
  status: 'active',
  name: 'Утро',
  audience: [],
  weekdays: [],
  window: null,
  starts: null,
  ends: null,
  benefit: { kind: 'percent', percent: 20 },
  minCheck: null,
  limit: 'none',
  ...over,
});
const pull = (...promotions: Promotion[]) => applyPull(db, page({ promotions }));
const register = () => registerGuest(db, { phone: '+7 912 345-67-89', name: 'Анна', birthday: '', consent: true }, at('2026-11-20T10:00:00'));
const names = async (guestId: Parameters<typeof guestOffers>[1], now: Date, amount?: number) =>
  (await guestOffers(db, guestId, now, amount as Kopecks | undefined)).map((o) => o.name);

describe('the offers for a guest now', () => {
  it('lists the promotions aimed at the segment the guest is in at that moment, with no segment name', async () => {
    const g = await register();
    const welcome = promotion({ name: 'Добро пожаловать', audience: ['newcomer'] });
    await pull(welcome, promotion({ name: 'Для своих', audience: ['active'] }), promotion({ name: 'Всем', benefit: { kind: 'gift', text: 'Маффин' } }));
    const offers = await guestOffers(db, g.id, NOW);
    expect(offers.map((o) => o.name).sort()).toEqual(['Всем', 'Добро пожаловать']);
    const first = offers.find((o) => o.id === welcome.id)!;
    expect(Object.keys(first).sort()).toEqual(['benefit', 'id', 'name', 'needsMinCheck']);
    expect(JSON.stringify(offers)).not.toContain('newcomer');
    // 15 café days after registration with no purchase the guest is no longer a newcomer.
    expect(await names(g.id, at('2026-12-05T10:00:00'))).toEqual(['Всем']);
  });

  it('follows a segment that changes at café midnight with no purchase and no sync: day 14 a newcomer, day 15 not', async () => {
    const g = await register(); // 20 November, 10:00 in Moscow
    await pull(promotion({ name: 'Добро пожаловать', audience: ['newcomer'] }));
    expect(await names(g.id, at('2026-12-04T23:59:59'))).toEqual(['Добро пожаловать']);
    expect(await names(g.id, at('2026-12-05T00:00:00'))).toEqual([]);
  });

  it('holds the window in the café zone: its first minute is in, its last minute is in, its end is out', async () => {
    const g = await register();
    await pull(promotion({ name: 'Утро', window: { from: '09:00', to: '12:00' } }));
    expect(await names(g.id, at('2026-11-23T08:59:59'))).toEqual([]);
    expect(await names(g.id, at('2026-11-23T09:00:00'))).toEqual(['Утро']);
    expect(await names(g.id, at('2026-11-23T11:59:59'))).toEqual(['Утро']);
    expect(await names(g.id, at('2026-11-23T12:00:00'))).toEqual([]);
  });

  it('stops offering a promotion a later pull brings paused or ended', async () => {
    const g = await register();
    const p = promotion();
    await pull(p);
    expect(await names(g.id, NOW)).toEqual(['Утро']);
    await pull({ ...p, status: 'paused' });
    expect(await names(g.id, NOW)).toEqual([]);
    expect(await db.promotions.count()).toBe(1);
  });

  it('sees promotions another tab stored since this one last listed offers (each tab keeps its own prepared copy)', async () => {
    const g = await register();
    const p = promotion();
    await pull(p);
    expect(await names(g.id, NOW)).toEqual(['Утро']);
    const otherTab = new CounterDb(db.name);
    await otherTab.open();
    await applyPull(otherTab, page({ promotions: [{ ...p, status: 'ended' }, promotion({ name: 'Вечер' })] }));
    otherTab.close();
    expect(await names(g.id, NOW)).toEqual(['Вечер']);
  });

  it('keeps nothing from a database deleted and created again under the same name', async () => {
    const g = await register();
    await pull(promotion());
    expect(await names(g.id, NOW)).toEqual(['Утро']);
    await db.delete();
    await db.open();
    const again = await register();
    expect(await names(again.id, NOW)).toEqual([]);
  });

  it('lists one with a minimum check with that condition until the amount is known, then only if the check reaches it', async () => {
    const g = await register();
    await pull(promotion({ minCheck: 500_00 as Kopecks }));
    expect((await guestOffers(db, g.id, NOW))[0]!.needsMinCheck).toBe(500_00);
    expect(await names(g.id, NOW, 499_99)).toEqual([]);
    expect(await guestOffers(db, g.id, NOW, 500_00 as Kopecks)).toMatchObject([{ name: 'Утро', needsMinCheck: null }]);
  });
});

describe('a purchase with an offer', () => {
  it('records the promotion and its discount with the purchase and its outbox entry, and accrues on what was paid', async () => {
    const g = await register();
    const p = promotion({ benefit: { kind: 'percent', percent: 20 } });
    await pull(p);
    const purchase = await recordPurchase(db, { guestId: g.id, amount: '350', items: [], promotionId: p.id }, NOW);
    expect(purchase).toMatchObject({ promotionId: p.id, discount: 70_00, pointsAccrued: 14 }); // 5 % of 280 ₽
    const entry = (await db.outbox.toArray()).find((o) => o.mutation.kind === 'purchase.record')!;
    expect(entry.mutation).toMatchObject({ promotionId: p.id, discount: 70_00, pointsAccrued: 14 });
    expect(mutationSchema.safeParse(entry.mutation).success).toBe(true);
    expect((await db.stats.get(g.id))!.totalSpend).toBe(280_00);
  });

  it('takes rubles off, never more than the check, and bounds the points by what is left', async () => {
    const g = await register();
    const p = promotion({ benefit: { kind: 'rubles', amount: 150_00 as Kopecks } });
    await pull(p);
    // The owner's 30 % share counts on the 50 ₽ left after the discount.
    await expect(recordPurchase(db, { guestId: g.id, amount: '200', items: [], points: '16', promotionId: p.id }, NOW)).rejects.toMatchObject({
      code: 'points-over-max',
    });
    const purchase = await recordPurchase(db, { guestId: g.id, amount: '200', items: [], points: '15', promotionId: p.id }, NOW);
    expect(purchase).toMatchObject({ discount: 150_00, pointsRedeemed: 15, pointsAccrued: 1 }); // 5 % of 35 ₽
    expect(await recordPurchase(db, { guestId: g.id, amount: '99,50', items: [], promotionId: p.id }, NOW)).toMatchObject({
      discount: 99_50,
      pointsAccrued: 0,
    });
  });

  it('multiplies the accrual as the server does, and a gift takes nothing off', async () => {
    const g = await register();
    const twice = promotion({ benefit: { kind: 'points-x', multiplier: 1.5 } });
    const gift = promotion({ benefit: { kind: 'gift', text: 'Маффин' } });
    await pull(twice, gift);
    expect(await recordPurchase(db, { guestId: g.id, amount: '290', items: [], promotionId: twice.id }, NOW)).toMatchObject({
      discount: 0,
      pointsAccrued: 21, // floor(14.5 × 1.5) would be 21; floor(290 × 5 % × 1.5) = floor(21.75)
    });
    expect(await recordPurchase(db, { guestId: g.id, amount: '290', items: [], promotionId: gift.id }, NOW)).toMatchObject({
      discount: 0,
      pointsAccrued: 14,
      promotionId: gift.id,
    });
  });

  it('keeps a once-only offer to one use on this tablet, and gives it back when that purchase is voided', async () => {
    const g = await register();
    const p = promotion({ limit: 'once' });
    await pull(p);
    const first = await recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: p.id }, NOW);
    const later = new Date(NOW.getTime() + 60_000);
    expect(await names(g.id, later)).toEqual([]);
    const before = await db.purchases.count();
    await expect(recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: p.id }, later)).rejects.toMatchObject({
      code: 'offer-not-applicable',
      field: 'promotion',
    });
    expect(await db.purchases.count()).toBe(before);
    await voidPurchase(db, first.id, 'ошибка', later);
    expect(await names(g.id, later)).toEqual(['Утро']);
  });

  it('keeps a daily offer to one use a café day: again from the café midnight', async () => {
    const g = await register();
    const p = promotion({ limit: 'daily' });
    await pull(p);
    await recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: p.id }, at('2026-11-23T23:00:00'));
    expect(await names(g.id, at('2026-11-23T23:59:59'))).toEqual([]);
    expect(await names(g.id, at('2026-11-24T00:00:00'))).toEqual(['Утро']);
  });

  it('refuses an offer that no longer applies or a check below its minimum, storing nothing', async () => {
    const g = await register();
    const morning = promotion({ window: { from: '09:00', to: '12:00' } });
    const big = promotion({ minCheck: 500_00 as Kopecks });
    await pull(morning, big);
    const outbox = await db.outbox.count();
    await expect(recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: morning.id }, at('2026-11-23T12:00:00'))).rejects.toMatchObject({
      code: 'offer-not-applicable',
    });
    await expect(recordPurchase(db, { guestId: g.id, amount: '499,99', items: [], promotionId: big.id }, NOW)).rejects.toMatchObject({
      code: 'offer-below-min-check',
    });
    await expect(recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: crypto.randomUUID() as PromotionId }, NOW)).rejects.toMatchObject({
      code: 'offer-not-applicable',
    });
    expect(await db.purchases.count()).toBe(0);
    expect(await db.outbox.count()).toBe(outbox);
    expect(await recordPurchase(db, { guestId: g.id, amount: '500', items: [], promotionId: big.id }, NOW)).toMatchObject({ discount: 100_00 });
  });

  it('without an offer takes nothing off and names no promotion', async () => {
    const g = await register();
    await pull(promotion({ starts: '2026-11-24' as LocalDate }));
    expect(await names(g.id, NOW)).toEqual([]);
    const purchase = await recordPurchase(db, { guestId: g.id, amount: '100', items: [] }, NOW);
    expect(purchase).toMatchObject({ discount: 0, promotionId: null });
    expect((await db.outbox.toArray()).at(-1)!.mutation).not.toHaveProperty('promotionId');
  });
});

describe('a personal promotion', () => {
  it('is offered, offline, only to a guest a pull granted it to, with the benefit sized for them, and a purchase takes that much off', async () => {
    const granted = await register();
    const other = await registerGuest(db, { phone: '+7 912 345-67-90', name: 'Борис', birthday: '', consent: true }, at('2026-11-20T10:00:00'));
    const back = promotion({ name: 'Возвращайтесь', personal: true, benefit: { kind: 'percent', percent: 10 } });
    await pull(back);
    expect([await names(granted.id, NOW), await names(other.id, NOW)]).toEqual([[], []]);

    await applyPull(db, page({ promotionGrants: [{ promotionId: back.id, guestId: granted.id, benefit: { kind: 'percent', percent: 15 } }] }));
    const offers = await guestOffers(db, granted.id, NOW);
    expect(offers.map((o) => [o.name, o.benefit])).toEqual([['Возвращайтесь', { kind: 'percent', percent: 15 }]]);
    expect(await names(other.id, NOW)).toEqual([]);

    expect(await recordPurchase(db, { guestId: granted.id, amount: '200', items: [], promotionId: back.id }, NOW)).toMatchObject({ discount: 30_00 });
    await expect(recordPurchase(db, { guestId: other.id, amount: '200', items: [], promotionId: back.id }, NOW)).rejects.toMatchObject({
      code: 'offer-not-applicable',
    });
  });
});

describe('uses of a limited promotion on other tablets', () => {
  const use = (guestId: string, p: Promotion, at: Date, over: Partial<PulledUse> = {}): PulledUse => ({
    purchaseId: crypto.randomUUID(),
    guestId,
    promotionId: p.id,
    usedAt: at.toISOString(),
    voided: false,
    ...over,
  });
  const pullUses = (...promotionUses: PulledUse[]) => applyPull(db, page({ promotionUses }));

  it('tablet B offers a once-only promotion no more after it pulls tablet A’s use, refuses it at the till, and offers it again when that use comes voided', async () => {
    const g = await register();
    const p = promotion({ limit: 'once' });
    await pull(p);
    expect(await names(g.id, NOW)).toEqual(['Утро']);
    const onA = use(g.id, p, at('2026-11-22T10:00:00'));
    await pullUses(onA);
    expect(await names(g.id, NOW)).toEqual([]);
    await expect(recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: p.id }, NOW)).rejects.toMatchObject({
      code: 'offer-not-applicable',
    });
    await pullUses({ ...onA, voided: true });
    expect(await db.uses.count()).toBe(0);
    expect(await names(g.id, NOW)).toEqual(['Утро']);
  });

  it('a daily one: a use pulled from earlier today blocks it until the café midnight; one from yesterday does not', async () => {
    const g = await register();
    const p = promotion({ limit: 'daily' });
    await pull(p);
    await pullUses(use(g.id, p, at('2026-11-22T23:59:59')));
    expect(await names(g.id, NOW)).toEqual(['Утро']);
    await pullUses(use(g.id, p, at('2026-11-23T00:00:00')));
    expect(await names(g.id, at('2026-11-23T23:59:59'))).toEqual([]);
    expect(await names(g.id, at('2026-11-24T00:00:00'))).toEqual(['Утро']);
  });

  it('counts its own use pulled back once, and its own void not yet uploaded gives the use back though the pull still carries it', async () => {
    const g = await register();
    const p = promotion({ limit: 'once' });
    await pull(p);
    const mine = await recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: p.id }, NOW);
    const later = new Date(NOW.getTime() + 60_000);
    await pullUses(use(g.id, p, NOW, { purchaseId: mine.id }));
    const [uses] = [...knownUses(await db.purchases.toArray(), await db.uses.toArray()).values()];
    expect(uses!.map((u) => u.purchaseId)).toEqual([mine.id]);
    await voidPurchase(db, mine.id, 'ошибка', later);
    expect(await names(g.id, later)).toEqual(['Утро']);
  });

  it('moves a use with a merged guest, drops it with a guest deleted on request and with a promotion that comes ended', async () => {
    const g = await register();
    const p = promotion({ limit: 'once' });
    const other = promotion({ name: 'Вечер', limit: 'once' });
    await pull(p, other);
    const merged = crypto.randomUUID();
    await pullUses(use(merged, p, at('2026-11-22T10:00:00')));
    await applyPull(db, page({ guests: [], merges: [{ from: merged, into: g.id }] }));
    // The merged guest was never held here: its use still moves to the survivor.
    expect((await db.uses.toArray()).map((u) => u.guestId)).toEqual([g.id]);
    expect(await names(g.id, NOW)).toEqual(['Вечер']);
    await pullUses(use(g.id, other, at('2026-11-22T11:00:00')));
    await applyPull(db, page({ promotions: [{ ...p, status: 'ended' }] }));
    expect((await db.uses.toArray()).map((u) => u.promotionId)).toEqual([other.id]);
    await applyPull(db, page({ erased: [g.id] }));
    expect(await db.uses.count()).toBe(0);
  });

  it('forgets a pulled use of a daily promotion three days on, and keeps a once-only one', async () => {
    const g = await register();
    const daily = promotion({ limit: 'daily' });
    const once = promotion({ limit: 'once' });
    await pull(daily, once);
    await pullUses(use(g.id, daily, at('2026-11-20T09:59:59')), use(g.id, daily, at('2026-11-20T10:00:01')), use(g.id, once, at('2026-11-01T10:00:00')));
    // NOW is 23 November 10:00: three days back is 20 November 10:00.
    expect((await db.uses.toArray()).map((u) => new Date(u.usedAt).toISOString()).sort()).toEqual([
      at('2026-11-01T10:00:00').toISOString(),
      at('2026-11-20T10:00:01').toISOString(),
    ]);
  });
});
