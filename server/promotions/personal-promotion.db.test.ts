import { expect, it } from 'vitest';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { PromotionDraft, PromotionId } from '../../shared/promotions/promotion.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { daysBefore, phones, seedGuests } from '../../tests/support/mailing-cafe.ts';
import { envelope, pairTablet, pullAll, purchase, push, testApp } from '../../tests/support/sync-helpers.ts';
import type { Db } from '../db/db.ts';
import { previewMailing, queueMailing } from '../mailings/mailings.ts';
import { NO_POINTS } from '../mailings/points.ts';
import { fireSegmentEntries, loadScenarios, saveScenario } from '../mailings/scenarios.repo.ts';
import { newId } from '../new-id.ts';
import { createPromotion } from './promotions.repo.ts';

const NOW = new Date('2026-11-20T09:00:00Z');
const deps = (db: Db) => ({ db, ledger: NO_POINTS, env: { MESSAGES_LOG: '/dev/null' } });

const PERSONAL: PromotionDraft = {
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
} as PromotionDraft;

const withPromotion = (m: Mutation, promotionId: string, discount: number): Mutation => ({ ...m, promotionId, discount }) as Mutation;

describeOnBackends('a personal promotion sent with a mailing or the win-back', ({ db }) => {
  /** The flag reason of each purchase, or 'ok'. */
  async function verdicts(purchaseIds: readonly string[]) {
    const rows = await db().query<{ purchase_id: string; reason: string }>(
      'SELECT purchase_id, reason FROM promotion_flags WHERE purchase_id = ANY($1::uuid[])',
      [purchaseIds],
    );
    return purchaseIds.map((id) => rows.find((r) => r.purchase_id === id)?.reason ?? 'ok');
  }

  /** Each guest's purchase of 300 ₽ carrying the promotion with `discount` kopecks off, pushed now. */
  async function buyWithOffer(guests: readonly GuestId[], promotionId: string, discount: number) {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const ids = guests.map(() => newId());
    const sent = guests.map((g, i) => envelope(withPromotion(purchase(g, 300_00, daysBefore(NOW, 0, 1), ids[i]), promotionId, discount)));
    expect((await push(app, token, sent, NOW)).status).toBe(200);
    return verdicts(ids);
  }

  async function pulledGrants(promotionId: string) {
    const app = testApp(db(), () => NOW);
    const pages = await pullAll(app, await pairTablet(app, db(), NOW));
    return {
      promotion: pages.flatMap((p) => p.promotions ?? []).find((p) => p.id === promotionId),
      grants: pages.flatMap((p) => p.promotionGrants ?? []).filter((g) => g.promotionId === promotionId),
    };
  }

  it('a mailing grants it to the guests it is queued for: they get the offer on pull and the server accepts it; held-out and other guests do not', async () => {
    const consenting = phones(4, 1000).map((phone) => ({ phone, registeredAt: daysBefore(NOW, 1) }));
    const { cafe, ids } = await seedGuests(db(), [...consenting, { phone: phones(1, 1100)[0]!, registeredAt: daysBefore(NOW, 1), consent: false }], NOW);
    const promotion = await createPromotion(db(), cafe.id, newId<PromotionId>(), PERSONAL, NOW);
    const draft = { segments: ['newcomer'], text: '{name}, для вас {reward}', holdoutPercent: 50, promotionId: promotion.id };

    // `{reward}` names the offer, even with no bonus points in the product.
    const preview = await previewMailing(deps(db()), cafe.id, draft, NOW);
    expect(preview.previews[0]!.text).toContain('Возвращайтесь: скидка 10 %');

    const mailing = await queueMailing(deps(db()), cafe.id, draft, NOW);
    const rows = await db().query<{ guest_id: GuestId; status: string; reward: unknown }>(
      'SELECT guest_id, status, reward FROM message_queue WHERE mailing_id = $1 ORDER BY guest_id',
      [mailing.id],
    );
    const queued = rows.filter((r) => r.status === 'queued').map((r) => r.guest_id);
    const heldOut = rows.filter((r) => r.status === 'held-out').map((r) => r.guest_id);
    expect([queued.length, heldOut.length]).toEqual([2, 2]);
    expect(rows.find((r) => r.status === 'queued')?.reward).toEqual({ kind: 'promotion', promotionId: promotion.id, benefit: null });

    const { promotion: pulled, grants } = await pulledGrants(promotion.id);
    expect(pulled?.personal).toBe(true);
    expect(grants.map((g) => g.guestId).sort()).toEqual([...queued].sort());
    expect(grants.every((g) => g.benefit === null)).toBe(true);

    const noConsent = ids[4]!;
    expect(await buyWithOffer([...queued, ...heldOut, noConsent], promotion.id, 30_00)).toEqual(['ok', 'ok', 'not-granted', 'not-granted', 'not-granted']);
  });

  it('refuses to attach a promotion for everyone, or one that does not exist', async () => {
    const { cafe } = await seedGuests(db(), [{ phone: phones(1, 1200)[0]!, registeredAt: daysBefore(NOW, 1) }], NOW);
    const everyone = await createPromotion(db(), cafe.id, newId<PromotionId>(), { ...PERSONAL, personal: false } as PromotionDraft, NOW);
    const draft = { segments: ['newcomer'], text: 'Привет, {name}', holdoutPercent: 0 };
    await expect(queueMailing(deps(db()), cafe.id, { ...draft, promotionId: everyone.id }, NOW)).rejects.toMatchObject({
      code: 'invalid',
      field: 'promotionId',
    });
    await expect(queueMailing(deps(db()), cafe.id, { ...draft, promotionId: newId() }, NOW)).rejects.toMatchObject({ code: 'not-found', field: 'promotionId' });
    // Without an offer, `{reward}` needs bonus points.
    await expect(queueMailing(deps(db()), cafe.id, { ...draft, text: '{reward}' }, NOW)).rejects.toMatchObject({ field: 'text' });
  });

  it('the win-back grants it sized by paid spend over 90 days; the server checks the discount against the guest’s own size', async () => {
    const visits = (rubles: number) => [20, 21, 22, 23].map((d) => ({ at: daysBefore(NOW, d), amount: rubles * 100 }));
    const { cafe, ids } = await seedGuests(
      db(),
      [
        { phone: phones(1, 1300)[0]!, registeredAt: daysBefore(NOW, 30), purchases: visits(400) }, // 1 600 ₽: ×1.5
        { phone: phones(1, 1301)[0]!, registeredAt: daysBefore(NOW, 30), purchases: visits(100) }, // 400 ₽: as set
      ],
      NOW,
    );
    const [big, small] = [ids[0]!, ids[1]!];
    const promotion = await createPromotion(db(), cafe.id, newId<PromotionId>(), PERSONAL, NOW);
    const winBack = (await loadScenarios(db(), cafe.id)).find((s) => s.id === 'win-back')!;
    await saveScenario(
      db(),
      cafe,
      'win-back',
      { ...winBack, enabled: true, holdoutPercent: 0, offer: 'promotion', promotionId: promotion.id, text: '{name}, {reward}' },
      NO_POINTS,
      NOW,
    );
    await db().transaction((tx) =>
      fireSegmentEntries(
        tx,
        cafe.id,
        [big, small].map((guestId) => ({ guestId, from: 'active' as const, to: 'leaving' as const })),
        NOW,
        NO_POINTS,
      ),
    );

    const { grants } = await pulledGrants(promotion.id);
    const benefitOf = (g: GuestId) => grants.find((x) => x.guestId === g)?.benefit;
    expect([benefitOf(big), benefitOf(small)]).toEqual([
      { kind: 'percent', percent: 15 },
      { kind: 'percent', percent: 10 },
    ]);
    // 15 % of 300 ₽ is 45 ₽: the big spender's own size, too much for the other.
    expect(await buyWithOffer([big, small], promotion.id, 45_00)).toEqual(['ok', 'discount-too-large']);
  });
});
