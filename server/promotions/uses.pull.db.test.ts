import { expect, it } from 'vitest';
import type { PromotionDraft, PromotionId } from '../../shared/promotions/promotion.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import { type PullResponse, pullResponseSchema } from '../../shared/sync/protocol.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, pullAll, purchase, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { newId } from '../new-id.ts';
import { createPromotion, editPromotion, setPromotionStatus } from './promotions.repo.ts';

// Monday 23 November 2026, 15:00 in Moscow (UTC+3).
const NOW = new Date('2026-11-23T12:00:00Z');
const moscow = (day: string, hhmm: string) => new Date(`2026-11-${day}T${hhmm}:00+03:00`);

const GIFT: PromotionDraft = {
  name: 'Подарок',
  audience: [],
  weekdays: [],
  window: null,
  starts: null,
  ends: null,
  benefit: { kind: 'gift', text: 'Печенье' },
  minCheck: null,
  limit: 'none',
} as PromotionDraft;

const withPromotion = (m: Mutation, promotionId: string): Mutation => ({ ...m, promotionId }) as Mutation;
const voidOf = (purchaseId: string, at: Date): Mutation => ({ kind: 'purchase.void', purchaseId, reason: 'ошибка', voidedAt: at.toISOString() });
/** The uses these pages carry of the given promotions (the suite's tests share one database). */
const usesIn = (pages: readonly PullResponse[], promotions: readonly { id: string }[]) =>
  pages.flatMap((p) => p.promotionUses ?? []).filter((u) => promotions.some((p) => p.id === u.promotionId));

describeOnBackends('tablets pull promotion uses', ({ db }) => {
  async function setup() {
    const app = testApp(db(), () => NOW);
    const [a, b] = [await pairTablet(app, db(), NOW, 'Касса 1'), await pairTablet(app, db(), NOW, 'Касса 2')];
    const cafe = await ensureCafe(db());
    const promotion = (draft: Partial<PromotionDraft>) =>
      createPromotion(db(), cafe.id, newId<PromotionId>(), { ...GIFT, ...draft } as PromotionDraft, moscow('01', '00:00'));
    const guest = newId();
    expect((await push(app, a, [envelope(register(guest, `+7916${String(Math.random()).slice(2, 9)}`, moscow('01', '07:00')))], NOW)).status).toBe(200);
    const sale = async (tablet: string, promotionId: string, at: Date) => {
      const id = newId();
      expect((await push(app, tablet, [envelope(withPromotion(purchase(guest, 30_000, at, id), promotionId))], NOW)).body.acked).toHaveLength(1);
      return id;
    };
    return { app, a, b, cafe, guest, promotion, sale };
  }

  it('carries every tablet’s uses of live limited promotions with guest, time and purchase id; a void after the cursor comes marked voided', async () => {
    const { app, a, b, guest, promotion, sale } = await setup();
    const [once, daily, unlimited] = [await promotion({ limit: 'once' }), await promotion({ limit: 'daily' }), await promotion({ limit: 'none' })];
    // Today: a tablet voids only on the sale's café day (the café's default void window).
    const onceUse = await sale(a, once.id, moscow('23', '09:00'));
    const today = await sale(a, daily.id, moscow('23', '10:00'));
    // Three days ago: out of a daily limit's reach (today's café day, and a day's slack behind it).
    await sale(a, daily.id, moscow('20', '10:00'));
    await sale(a, unlimited.id, moscow('23', '11:00'));

    const first = await pullAll(app, b);
    for (const page of first) expect(pullResponseSchema.safeParse(page).success).toBe(true);
    expect(usesIn(first, [once, daily, unlimited])).toEqual([
      { purchaseId: onceUse, guestId: guest, promotionId: once.id, usedAt: moscow('23', '09:00').toISOString(), voided: false },
      { purchaseId: today, guestId: guest, promotionId: daily.id, usedAt: moscow('23', '10:00').toISOString(), voided: false },
    ]);

    // Nothing new after the cursor: nothing again.
    const cursor = first.at(-1)!.cursor;
    expect(usesIn(await pullAll(app, b, cursor), [once, daily])).toEqual([]);
    const later = await sale(b, daily.id, moscow('23', '14:00'));
    expect((await push(app, a, [envelope(voidOf(onceUse, moscow('23', '14:30')))], NOW)).body.acked).toHaveLength(1);
    const next = await pullAll(app, b, cursor);
    expect(usesIn(next, [once, daily])).toEqual([
      { purchaseId: later, guestId: guest, promotionId: daily.id, usedAt: moscow('23', '14:00').toISOString(), voided: false },
      { purchaseId: onceUse, guestId: guest, promotionId: once.id, usedAt: moscow('23', '09:00').toISOString(), voided: true },
    ]);
    // A voided use is not carried as a standing one to a tablet starting afresh.
    expect(usesIn(await pullAll(app, b), [once]).filter((u) => !u.voided)).toEqual([]);
  });

  it('carries no use of an ended promotion, and all of a promotion’s uses again when an edit makes it limited', async () => {
    const { app, a, b, cafe, promotion, sale } = await setup();
    const [ending, edited] = [await promotion({ limit: 'once' }), await promotion({ limit: 'none' })];
    await sale(a, ending.id, moscow('23', '09:00'));
    const before = await sale(a, edited.id, moscow('23', '09:30'));
    const first = await pullAll(app, b);
    expect(usesIn(first, [edited])).toEqual([]);
    expect(usesIn(first, [ending])).toHaveLength(1);

    await setPromotionStatus(db(), cafe.id, ending.id, 'ended', NOW);
    await editPromotion(db(), cafe.id, edited.id, { ...GIFT, limit: 'once' } as PromotionDraft, NOW);
    const next = await pullAll(app, b, first.at(-1)!.cursor);
    expect(usesIn(next, [ending])).toEqual([]);
    expect(usesIn(next, [edited]).map((u) => [u.purchaseId, u.voided])).toEqual([[before, false]]);
    expect(usesIn(await pullAll(app, b), [ending])).toEqual([]);
  });
});
