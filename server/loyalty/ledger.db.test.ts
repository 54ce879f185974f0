import { expect, it } from 'vitest';
import type { MutationOf } from '../../shared/sync/mutations.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, pullAll, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { newId } from '../new-id.ts';
import { DEFAULT_PROGRAM, type LoyaltyProgram } from '../../shared/loyalty/program.ts';
import { saveProgram } from './program.repo.ts';
import type { Db } from '../db/db.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
let n = 0;
const phone = () => `+7917${String(++n).padStart(7, '0')}`;

/** A purchase of `rubles` with the bonus fields a tablet sends. */
function buy(guestId: string, rubles: number, when: Date, extra: Partial<MutationOf<'purchase.record'>> = {}): MutationOf<'purchase.record'> {
  return {
    kind: 'purchase.record',
    purchaseId: newId(),
    guestId,
    purchasedAt: when.toISOString(),
    amount: rubles * 100,
    items: [],
    discount: 0,
    pointsRedeemed: 0,
    accrualEntryId: newId(),
    ...extra,
  };
}
const spend = (points: number) => ({ pointsRedeemed: points, redemptionEntryId: newId() });
const voidOf = (purchaseId: string, when: Date) => ({ kind: 'purchase.void' as const, purchaseId, reason: 'ошибка', voidedAt: when.toISOString() });

async function balanceOf(db: Db, guestId: string) {
  const [row] = await db.query<{ balance: number; overdraft: number }>('SELECT balance, overdraft FROM loyalty_balances WHERE guest_id = $1', [guestId]);
  const [sum] = await db.query<{ points: number | null }>('SELECT sum(points)::int AS points FROM loyalty_entries WHERE guest_id = $1', [guestId]);
  // The kept row is always what the ledger sums to.
  expect(Number(row?.balance ?? 0)).toBe(sum?.points ?? 0);
  return { balance: Number(row?.balance ?? 0), overdraft: Number(row?.overdraft ?? 0) };
}
const entriesOf = (db: Db, guestId: string) =>
  db.query<{ id: string; kind: string; points: number; reverses: string | null; device_points: number | null }>(
    'SELECT id, kind, points, reverses, device_points FROM loyalty_entries WHERE guest_id = $1 ORDER BY seq',
    [guestId],
  );

describeOnBackends('bonus ledger through push', ({ db }) => {
  const app = () => testApp(db(), () => NOW);

  async function guestWithWelcome(token: string, welcomeEntryId = newId()) {
    const g = newId();
    const res = await push(app(), token, [envelope({ ...register(g, phone(), at(-60)), welcomeEntryId } as MutationOf<'guest.register'>)]);
    expect(res.status).toBe(200);
    return g;
  }

  it('credits the welcome bonus at a counter registration under the tablet’s id, once however often it is pushed', async () => {
    const token = await pairTablet(app(), db(), NOW);
    const welcomeId = newId();
    const g = newId();
    const reg = { ...register(g, phone(), at(-60)), welcomeEntryId: welcomeId } as MutationOf<'guest.register'>;
    expect((await push(app(), token, [envelope(reg)])).status).toBe(200);
    // The same registration in a new envelope (a tablet that lost its outbox ack and re-queued it): nothing more.
    expect((await push(app(), token, [envelope(reg)])).status).toBe(200);
    expect(await entriesOf(db(), g)).toEqual([{ id: welcomeId, kind: 'welcome', points: 100, reverses: null, device_points: null }]);
    expect(await balanceOf(db(), g)).toEqual({ balance: 100, overdraft: 0 });
  });

  it('credits its own accrual figure under the tablet’s entry id, and keeps the tablet’s beside it', async () => {
    const token = await pairTablet(app(), db(), NOW);
    const g = await guestWithWelcome(token);
    const p = buy(g, 350, at(-30), { pointsAccrued: 99 });
    const env = envelope(p);
    expect((await push(app(), token, [env])).status).toBe(200);
    expect((await push(app(), token, [env])).status).toBe(200);
    // 5 % of 350 ₽ is 17.5: floor → 17 points, whatever the tablet said.
    expect((await entriesOf(db(), g)).slice(1)).toEqual([{ id: p.accrualEntryId, kind: 'accrual', points: 17, reverses: null, device_points: 99 }]);
    expect(await balanceOf(db(), g)).toEqual({ balance: 117, overdraft: 0 });
  });

  it('spends points before accruing on what was paid, and counts paid money in the guest’s stats', async () => {
    const token = await pairTablet(app(), db(), NOW);
    const g = await guestWithWelcome(token);
    const p = buy(g, 1000, at(-20), { discount: 10000, ...spend(50) });
    expect((await push(app(), token, [envelope(p)])).status).toBe(200);
    // Paid = 1000 − 100 − 50 = 850 ₽; 5 % → 42 points.
    expect((await entriesOf(db(), g)).slice(1).map((e) => [e.kind, e.points])).toEqual([
      ['redemption', -50],
      ['accrual', 42],
    ]);
    expect(await balanceOf(db(), g)).toEqual({ balance: 92, overdraft: 0 });
    const [stats] = await db().query<{ total_spend: number; tier_spend: number }>('SELECT total_spend, tier_spend FROM guest_stats WHERE guest_id = $1', [g]);
    expect(stats).toEqual({ total_spend: 85000, tier_spend: 85000 });
    expect(await db().query('SELECT amount, discount, points_redeemed, paid FROM purchases WHERE id = $1', [p.purchaseId])).toEqual([
      { amount: 100000, discount: 10000, points_redeemed: 50, paid: 85000 },
    ]);
  });

  it('a void takes back the accrual and gives back the redemption exactly once, whichever tablet voids and however often', async () => {
    const a = await pairTablet(app(), db(), NOW, 'A');
    const b = await pairTablet(app(), db(), NOW, 'B');
    const g = await guestWithWelcome(a);
    const p = buy(g, 400, at(-20), spend(100));
    expect((await push(app(), a, [envelope(p)])).status).toBe(200);
    expect(await balanceOf(db(), g)).toEqual({ balance: 15, overdraft: 0 });
    expect((await push(app(), a, [envelope(voidOf(p.purchaseId, at(-10)))])).status).toBe(200);
    expect((await push(app(), b, [envelope(voidOf(p.purchaseId, at(-5))), envelope(voidOf(p.purchaseId, at(-4)))])).status).toBe(200);
    const entries = await entriesOf(db(), g);
    expect(entries.map((e) => [e.kind, e.points])).toEqual([
      ['welcome', 100],
      ['redemption', -100],
      ['accrual', 15],
      ['reversal', -15],
      ['reversal', 100],
    ]);
    expect(entries[3]!.reverses).toBe(p.accrualEntryId);
    expect(entries[4]!.reverses).toBe(p.redemptionEntryId);
    expect(await balanceOf(db(), g)).toEqual({ balance: 100, overdraft: 0 });
  });

  it('keeps both sales when two offline tablets spend one balance, records the overdraft with both tablets, and later accruals repay it', async () => {
    const a = await pairTablet(app(), db(), NOW, 'A');
    const b = await pairTablet(app(), db(), NOW, 'B');
    const g = await guestWithWelcome(a);
    // Both tablets saw 100 points and spent them on a 400 ₽ check (30 % of it is 120).
    const onA = buy(g, 400, at(-20), spend(100));
    const onB = buy(g, 400, at(-19), spend(100));
    expect((await push(app(), a, [envelope(onA)])).status).toBe(200);
    expect((await push(app(), b, [envelope(onB)])).status).toBe(200);
    expect(await db().query('SELECT count(*)::int AS n FROM purchases WHERE guest_id = $1', [g])).toEqual([{ n: 2 }]);
    // A: 100 − 100 + 15 = 15. B spends 100 of 15: overdrawn by 85, then its own 15 repay → −70.
    expect(await balanceOf(db(), g)).toEqual({ balance: -70, overdraft: 70 });
    const overdrafts = await db().query<{ entry_id: string; points: number; device_ids: string[] }>(
      'SELECT entry_id, points, device_ids FROM loyalty_overdrafts WHERE guest_id = $1',
      [g],
    );
    const deviceOf = async (entryId: string | undefined) =>
      (await db().query<{ device_id: string }>('SELECT device_id FROM loyalty_entries WHERE id = $1', [entryId]))[0]!.device_id;
    // The overdrawing tablet first, then the one whose spending got there first.
    expect(overdrafts).toEqual([
      { entry_id: onB.redemptionEntryId, points: 85, device_ids: [await deviceOf(onB.redemptionEntryId), await deviceOf(onA.redemptionEntryId)] },
    ]);
    expect(overdrafts[0]!.device_ids[0]).not.toBe(overdrafts[0]!.device_ids[1]);
    // A later purchase of 2 000 ₽ earns 100: 70 repay the overdraft, 30 form the balance.
    expect((await push(app(), a, [envelope(buy(g, 2000, at(-5)))])).status).toBe(200);
    expect(await balanceOf(db(), g)).toEqual({ balance: 30, overdraft: 0 });
  });

  it('refuses a purchase whose points are beyond the programme’s share or the check, and stores nothing of it', async () => {
    const token = await pairTablet(app(), db(), NOW);
    const g = await guestWithWelcome(token);
    const before = await balanceOf(db(), g);
    // 30 % of 100 ₽ is 30 points.
    const over = await push(app(), token, [envelope(buy(g, 100, at(-5), spend(31)))]);
    expect([over.status, over.body.refused[0]?.code]).toEqual([200, 'points-over-max']);
    const discounted = await push(app(), token, [envelope(buy(g, 100, at(-5), { discount: 10001 }))]);
    expect([discounted.status, discounted.body.refused[0]?.code]).toEqual([200, 'discount-over-amount']);
    expect(await db().query('SELECT count(*)::int AS n FROM purchases WHERE guest_id = $1', [g])).toEqual([{ n: 0 }]);
    expect(await balanceOf(db(), g)).toEqual(before);
    // Exactly 30 points of 100 ₽ is allowed.
    expect((await push(app(), token, [envelope(buy(g, 100, at(-4), spend(30)))])).status).toBe(200);
  });

  it('merges two registrations of one phone keeping one welcome bonus, the earliest', async () => {
    const a = await pairTablet(app(), db(), NOW, 'A');
    const b = await pairTablet(app(), db(), NOW, 'B');
    const number = phone();
    const [early, late] = [newId(), newId()];
    const [earlyWelcome, lateWelcome] = [newId(), newId()];
    // The later registration arrives first and spends 30 points of its welcome; the earlier one wins the merge.
    expect((await push(app(), b, [envelope({ ...register(late, number, at(-50)), welcomeEntryId: lateWelcome } as MutationOf<'guest.register'>)])).status).toBe(
      200,
    );
    expect((await push(app(), b, [envelope(buy(late, 100, at(-45), spend(30)))])).status).toBe(200);
    const reg = envelope({ ...register(early, number, at(-55)), welcomeEntryId: earlyWelcome } as MutationOf<'guest.register'>);
    expect((await push(app(), a, [reg])).status).toBe(200);
    expect((await push(app(), a, [envelope(reg.mutation)])).status).toBe(200);
    const entries = await entriesOf(db(), early);
    expect(entries.filter((e) => e.kind === 'welcome').map((e) => e.id)).toEqual([lateWelcome, earlyWelcome]);
    expect(entries.filter((e) => e.kind === 'reversal').map((e) => [e.reverses, e.points])).toEqual([[lateWelcome, -100]]);
    expect(await entriesOf(db(), late)).toEqual([]);
    expect(await db().query('SELECT 1 FROM loyalty_balances WHERE guest_id = $1', [late])).toEqual([]);
    // 100 (kept welcome) − 30 spent + 3 accrued (5 % of 70 ₽).
    expect(await balanceOf(db(), early)).toEqual({ balance: 73, overdraft: 0 });
  });

  it('gives a reward at the catalogue’s price and refuses one the catalogue does not have', async () => {
    const cafe = await ensureCafe(db());
    await saveProgram(db(), cafe.id, { ...DEFAULT_PROGRAM, rewards: [{ id: 'dessert', name: 'Десерт', price: 80 }] }, NOW);
    const token = await pairTablet(app(), db(), NOW);
    const g = await guestWithWelcome(token);
    const reward = (rewardId: string, points: number) =>
      ({ kind: 'loyalty.reward', entryId: newId(), guestId: g, rewardId, points, givenAt: at(-1).toISOString() }) as const;
    expect((await push(app(), token, [envelope(reward('dessert', 70))])).status).toBe(200);
    expect((await entriesOf(db(), g)).at(-1)).toMatchObject({ kind: 'reward', points: -80, device_points: -70 });
    const unknown = await push(app(), token, [envelope(reward('cake', 50))]);
    expect([unknown.status, unknown.body.refused[0]?.code]).toEqual([200, 'reward-unknown']);
    expect(await balanceOf(db(), g)).toEqual({ balance: 20, overdraft: 0 });
    await saveProgram(db(), cafe.id, DEFAULT_PROGRAM, NOW);
  });

  it('accrues at the tier the server’s own paid spend over 365 days reaches, before the purchase', async () => {
    const cafe = await ensureCafe(db());
    const program: LoyaltyProgram = {
      ...DEFAULT_PROGRAM,
      tiers: [{ id: 'silver', name: 'Серебро', minSpend: 100000 as never, accrualRate: 1000 as never }],
    };
    await saveProgram(db(), cafe.id, program, NOW);
    const token = await pairTablet(app(), db(), NOW);
    const g = await guestWithWelcome(token);
    // 999 ₽ then 1 ₽ at 5 % (spend before each is below 1 000 ₽), then 200 ₽ at 10 %: the tablet thought 5 %.
    const [p1, p2, p3] = [buy(g, 999, at(-30)), buy(g, 1, at(-29)), buy(g, 200, at(-28), { pointsAccrued: 10 })];
    expect((await push(app(), token, [envelope(p1), envelope(p2), envelope(p3)])).status).toBe(200);
    expect((await entriesOf(db(), g)).slice(1).map((e) => [e.kind, e.points, e.device_points])).toEqual([
      ['accrual', 49, null],
      ['accrual', 20, 10],
    ]);
    await saveProgram(db(), cafe.id, DEFAULT_PROGRAM, NOW);
  });

  it('serves balances and the programme to tablets by change number, then nothing new', async () => {
    const cafe = await ensureCafe(db());
    await saveProgram(db(), cafe.id, DEFAULT_PROGRAM, NOW);
    const token = await pairTablet(app(), db(), NOW);
    const g = await guestWithWelcome(token);
    await push(app(), token, [envelope(buy(g, 400, at(-10), spend(100)))]);
    const pages = await pullAll(app(), token);
    expect(pages.flatMap((p) => p.balances).find((b) => b.guestId === g)).toEqual({
      guestId: g,
      balance: 15,
      overdraft: 0,
      oldestLot: { earnedAt: at(-10).toISOString(), points: 15 },
    });
    expect(pages.map((p) => p.program).find((p) => p)).toEqual(DEFAULT_PROGRAM);
    const again = await pullAll(app(), token, pages.at(-1)!.cursor);
    expect(again).toEqual([expect.objectContaining({ balances: [], program: null })]);
    await saveProgram(db(), cafe.id, { ...DEFAULT_PROGRAM, welcomeBonus: 50 }, NOW);
    const changed = await pullAll(app(), token, pages.at(-1)!.cursor);
    expect(changed[0]!.program?.welcomeBonus).toBe(50);
    await saveProgram(db(), cafe.id, DEFAULT_PROGRAM, NOW);
  });
});
