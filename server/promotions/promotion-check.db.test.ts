import { expect, it } from 'vitest';
import type { PromotionDraft, PromotionId } from '../../shared/promotions/promotion.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, purchase, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import type { Db } from '../db/db.ts';
import { newId } from '../new-id.ts';
import { createPromotion, setPromotionStatus } from './promotions.repo.ts';

// Monday 23 November 2026, 15:00 in Moscow (the café's default zone, UTC+3).
const NOW = new Date('2026-11-23T12:00:00Z');
const moscow = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00+03:00`);

const EVERYONE: PromotionDraft = {
  name: 'Капучино -10 %',
  audience: [],
  weekdays: [],
  window: null,
  starts: null,
  ends: null,
  benefit: { kind: 'percent', percent: 10 },
  minCheck: null,
  limit: 'none',
} as PromotionDraft;

const withPromotion = (m: Mutation, promotionId: string, discount: number): Mutation => ({ ...m, promotionId, discount }) as Mutation;

/** The flags on these purchases (the suite's tests share one database). */
async function flags(db: Db, purchases: readonly { id: string }[]) {
  return db.query<{ purchase_id: string; reason: string }>(
    'SELECT purchase_id, reason FROM promotion_flags WHERE purchase_id = ANY($1::uuid[]) ORDER BY purchase_id',
    [purchases.map((p) => p.id)],
  );
}

describeOnBackends('the server re-checks every applied promotion', ({ db }) => {
  async function setup(draft: Partial<PromotionDraft>) {
    const app = testApp(db(), () => NOW);
    const [a, b] = [await pairTablet(app, db(), NOW, 'Касса 1'), await pairTablet(app, db(), NOW, 'Касса 2')];
    const cafe = await ensureCafe(db());
    const promotion = await createPromotion(db(), cafe.id, newId<PromotionId>(), { ...EVERYONE, ...draft } as PromotionDraft, new Date('2026-11-01T00:00:00Z'));
    const guest = newId();
    const reg = await push(app, a, [envelope(register(guest, `+7916${String(Math.random()).slice(2, 9)}`, moscow('07:00')))], NOW);
    expect(reg.status).toBe(200);
    const sale = (at: string, amount = 30000, discount = 3000, id = newId()) => ({
      id,
      env: envelope(withPromotion(purchase(guest, amount, moscow(at), id), promotion.id, discount)),
    });
    return { app, a, b, cafe, promotion, guest, sale };
  }

  it('two offline tablets each apply a `once` promotion for one guest: both purchases are kept, the second is flagged', async () => {
    const { app, a, b, sale } = await setup({ limit: 'once' });
    const first = sale('09:00');
    const second = sale('09:30');
    expect((await push(app, a, [first.env], NOW)).status).toBe(200);
    expect((await push(app, b, [second.env], NOW)).status).toBe(200);
    expect(await flags(db(), [first, second])).toEqual([{ purchase_id: second.id, reason: 'used-once' }]);
    const kept = await db().query<{ id: string; discount: number }>('SELECT id, discount FROM purchases WHERE id = ANY($1::uuid[]) ORDER BY purchased_at', [
      [first.id, second.id],
    ]);
    expect(kept).toEqual([
      { id: first.id, discount: 3000 },
      { id: second.id, discount: 3000 },
    ]);
  });

  it('the later use is the one flagged even when its tablet uploads first, and a retried push adds nothing', async () => {
    const { app, a, b, sale } = await setup({ limit: 'once' });
    const earlier = sale('09:00');
    const later = sale('09:30');
    await push(app, b, [later.env], NOW);
    expect(await flags(db(), [earlier, later])).toEqual([]);
    await push(app, a, [earlier.env], NOW);
    expect(await flags(db(), [earlier, later])).toEqual([{ purchase_id: later.id, reason: 'used-once' }]);
    await push(app, a, [earlier.env], NOW);
    await push(app, b, [later.env], NOW);
    expect(await flags(db(), [earlier, later])).toEqual([{ purchase_id: later.id, reason: 'used-once' }]);
  });

  it('a `daily` limit: a second use the same café day is flagged, one the next day is not', async () => {
    const { app, a, b, guest, promotion } = await setup({ limit: 'daily' });
    const at = (iso: string) => {
      const id = newId();
      return { id, env: envelope(withPromotion(purchase(guest, 30000, new Date(iso), id), promotion.id, 3000)) };
    };
    // 23:50 and 23:55 on the 22nd in Moscow, then 00:05 on the 23rd.
    const p1 = at('2026-11-22T20:50:00Z');
    const p2 = at('2026-11-22T20:55:00Z');
    const p3 = at('2026-11-22T21:05:00Z');
    await push(app, a, [p1.env, p3.env], NOW);
    await push(app, b, [p2.env], NOW);
    expect(await flags(db(), [p1, p2, p3])).toEqual([{ purchase_id: p2.id, reason: 'used-today' }]);
  });

  it('flags a purchase outside the window, outside the audience, or with more discount than the benefit gives; keeps an eligible one unflagged', async () => {
    const { app, a, sale } = await setup({ window: { from: '08:00', to: '12:00' } });
    const inside = sale('11:59');
    const atEnd = sale('12:00');
    const tooMuch = sale('10:00', 30000, 3001);
    await push(app, a, [inside.env, atEnd.env, tooMuch.env], NOW);
    expect(await flags(db(), [inside, atEnd, tooMuch])).toEqual(
      [
        { purchase_id: atEnd.id, reason: 'window' },
        { purchase_id: tooMuch.id, reason: 'discount-too-large' },
      ].sort((x, y) => x.purchase_id.localeCompare(y.purchase_id)),
    );

    // A newcomer (registered today) under a promotion for leaving guests only.
    const leaving = await setup({ audience: ['leaving'] });
    const wrong = leaving.sale('10:00');
    await push(leaving.app, leaving.a, [wrong.env], NOW);
    expect(await flags(db(), [wrong])).toEqual([{ purchase_id: wrong.id, reason: 'segment' }]);
  });

  it('judges a promotion as it stood at the purchase: a pause after an offline sale flags nothing, a sale after it is flagged; an unknown promotion is kept and flagged', async () => {
    const { app, a, cafe, promotion, sale, guest } = await setup({});
    await setPromotionStatus(db(), cafe.id, promotion.id, 'paused', moscow('10:00'));
    const before = sale('09:59');
    const after = sale('10:01');
    const unknownId = newId();
    const unknown = envelope(withPromotion(purchase(guest, 30000, moscow('11:00'), unknownId), '01890000-0000-7000-8000-000000000000', 0));
    expect((await push(app, a, [before.env, after.env, unknown], NOW)).status).toBe(200);
    expect(await flags(db(), [before, after, { id: unknownId }])).toEqual(
      [
        { purchase_id: after.id, reason: 'paused' },
        { purchase_id: unknownId, reason: 'unknown-promotion' },
      ].sort((x, y) => x.purchase_id.localeCompare(y.purchase_id)),
    );
    expect((await db().query('SELECT 1 FROM purchases WHERE id = $1', [unknownId])).length).toBe(1);
  });

  it('credits the accrual its multiplier promises: ×2 on a 300-ruble check earns 30 points, not 15', async () => {
    const { app, a, guest, sale } = await setup({ benefit: { kind: 'points-x', multiplier: 2 } });
    const doubled = sale('10:00', 30000, 0);
    const plain = { id: newId() };
    await push(app, a, [doubled.env, envelope(purchase(guest, 30000, moscow('10:30'), plain.id))], NOW);
    const accruals = await db().query<{ purchase_id: string; points: number }>(
      "SELECT purchase_id, points FROM loyalty_entries WHERE kind = 'accrual' AND purchase_id = ANY($1::uuid[])",
      [[doubled.id, plain.id]],
    );
    expect(new Map(accruals.map((r) => [r.purchase_id, r.points]))).toEqual(
      new Map([
        [doubled.id, 30],
        [plain.id, 15],
      ]),
    );
    expect(await flags(db(), [doubled])).toEqual([]);
  });
});
