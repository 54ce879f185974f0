import { expect, it } from 'vitest';
import type { PromotionDraft, PromotionId } from '../../shared/promotions/promotion.ts';
import { pullResponseSchema } from '../../shared/sync/protocol.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { pairTablet, pullAll, testApp } from '../../tests/support/sync-helpers.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { newId } from '../new-id.ts';
import { createPromotion, editPromotion, setPromotionStatus } from './promotions.repo.ts';

const NOW = new Date('2026-11-22T09:00:00Z');

const MORNING: PromotionDraft = {
  name: 'Утренний кофе',
  audience: ['leaving'],
  weekdays: [1, 2, 3, 4, 5],
  window: { from: '08:00', to: '12:00' },
  starts: null,
  ends: null,
  benefit: { kind: 'percent', percent: 20 },
  minCheck: null,
  limit: 'daily',
} as PromotionDraft;

describeOnBackends('promotions sync to tablets', ({ db }) => {
  it('a tablet pulls every promotion on its first pull, then only the ones changed after its cursor, with their status', async () => {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const cafe = await ensureCafe(db());
    const a = await createPromotion(db(), cafe.id, newId<PromotionId>(), MORNING, NOW);
    const b = await createPromotion(db(), cafe.id, newId<PromotionId>(), { ...MORNING, name: 'Десерт', benefit: { kind: 'gift', text: 'Макарон' } }, NOW);

    const first = await pullAll(app, token);
    expect(first.flatMap((p) => p.promotions ?? [])).toEqual([
      { ...MORNING, id: a.id, status: 'active' },
      { ...MORNING, name: 'Десерт', benefit: { kind: 'gift', text: 'Макарон' }, id: b.id, status: 'active' },
    ]);
    // What the server sends is what a tablet's parser accepts.
    for (const page of first) expect(pullResponseSchema.safeParse(page).success).toBe(true);
    const cursor = first.at(-1)!.cursor;
    expect((await pullAll(app, token, cursor)).flatMap((p) => p.promotions ?? [])).toEqual([]);

    await setPromotionStatus(db(), cafe.id, a.id, 'paused', NOW);
    await editPromotion(db(), cafe.id, b.id, { ...MORNING, name: 'Десерт', benefit: { kind: 'rubles', amount: 5000 } } as PromotionDraft, NOW);
    const next = await pullAll(app, token, cursor);
    expect(next.flatMap((p) => p.promotions ?? []).map((p) => [p.id, p.status, p.benefit])).toEqual([
      [a.id, 'paused', { kind: 'percent', percent: 20 }],
      [b.id, 'active', { kind: 'rubles', amount: 5000 }],
    ]);

    await setPromotionStatus(db(), cafe.id, a.id, 'ended', NOW);
    const last = await pullAll(app, token, next.at(-1)!.cursor);
    expect(last.flatMap((p) => p.promotions ?? []).map((p) => [p.id, p.status])).toEqual([[a.id, 'ended']]);
  });

  it('a page from a server without promotions still parses (older servers send no such field)', () => {
    const page = {
      protocol: 1,
      cursor: '0',
      more: false,
      serverTime: NOW.toISOString(),
      maxHlc: null,
      guests: [],
      merges: [],
      voids: [],
      settings: null,
      balances: [],
      program: null,
    };
    const parsed = pullResponseSchema.parse(page);
    expect(parsed.promotions ?? []).toEqual([]);
  });
});
