import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { BasisPoints } from '../../shared/loyalty/basis-points.ts';
import { DEFAULT_PROGRAM, type LoyaltyProgram } from '../../shared/loyalty/program.ts';
import { mutationSchema } from '../../shared/sync/mutations.ts';
import type { PullResponse } from '../../shared/sync/protocol.ts';
import { ACKED, IN_BASE, PENDING } from '../../shared/sync/tablet-view.ts';
import { CounterDb } from './db.ts';
import { CounterError } from './errors.ts';
import { registerGuest } from './guests.ts';
import { guestPoints } from './loyalty.ts';
import { recordPurchase, voidPurchase } from './purchases.ts';
import { giveReward } from './rewards.ts';
import { readSettings } from './settings.ts';
import { applyAck, applyPull } from './sync/apply.ts';
import { pullPage } from '../../tests/support/pull-page.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
let db: CounterDb;

beforeEach(async () => {
  db = new CounterDb(`loyalty-${Math.random()}`);
  await db.open();
});

const page = (over: Partial<PullResponse>): PullResponse => pullPage(NOW, over);
const balance = (guestId: string, points: number) => ({ guestId, balance: points, overdraft: Math.max(0, -points), oldestLot: null });

const register = (phone = '+7 912 345-67-89') => registerGuest(db, { phone, name: 'Анна', birthday: '', consent: true }, NOW);
const pointsOf = async (guestId: GuestId) => guestPoints(db, guestId, (await readSettings(db)).program);
const setProgram = (over: Partial<LoyaltyProgram>) => applyPull(db, page({ program: { ...DEFAULT_PROGRAM, ...over } }));
const everything = async () => ({
  purchases: await db.purchases.toArray(),
  stats: await db.stats.toArray(),
  outbox: await db.outbox.toArray(),
  ledger: await db.ledger.toArray(),
});

describe('the welcome bonus', () => {
  it('is credited on registration as a pending entry the registration carries', async () => {
    const g = await register();
    const [entry] = await db.ledger.toArray();
    const [outbox] = await db.outbox.toArray();
    expect(entry).toMatchObject({ guestId: g.id, kind: 'welcome', points: 100, syncState: PENDING, mutationId: outbox!.mutationId });
    expect(outbox!.mutation).toMatchObject({ kind: 'guest.register', welcomeEntryId: entry!.id });
    expect(mutationSchema.safeParse(outbox!.mutation).success).toBe(true);
    expect((await pointsOf(g.id)).balance).toBe(100);
  });

  it('is not posted when the programme gives none', async () => {
    await setProgram({ welcomeBonus: 0 });
    const g = await register();
    expect(await db.ledger.count()).toBe(0);
    expect((await db.outbox.toArray())[0]!.mutation).not.toHaveProperty('welcomeEntryId');
    expect((await pointsOf(g.id)).balance).toBe(0);
  });
});

describe('a purchase with points', () => {
  it('writes the purchase, its redemption and accrual and its outbox entry together; paid money counts', async () => {
    const g = await register();
    const p = await recordPurchase(db, { guestId: g.id, amount: '500', items: [], points: '40' }, NOW);
    // Paid 460 ₽ at 5 %: 23 points.
    expect(p).toMatchObject({ pointsRedeemed: 40, pointsAccrued: 23 });
    const outbox = await db.outbox.toArray();
    const m = outbox[1]!.mutation;
    expect(mutationSchema.safeParse(m).success).toBe(true);
    const entries = await db.ledger.where('purchaseId').equals(p.id).toArray();
    expect(entries.map((e) => [e.kind, e.points, e.mutationId]).sort()).toEqual([
      ['accrual', 23, outbox[1]!.mutationId],
      ['redemption', -40, outbox[1]!.mutationId],
    ]);
    expect(m).toMatchObject({
      kind: 'purchase.record',
      amount: 500_00,
      pointsRedeemed: 40,
      pointsAccrued: 23,
      redemptionEntryId: entries.find((e) => e.kind === 'redemption')!.id,
      accrualEntryId: entries.find((e) => e.kind === 'accrual')!.id,
    });
    expect((await pointsOf(g.id)).balance).toBe(100 - 40 + 23);
    expect((await db.stats.get(g.id))!.totalSpend).toBe(460_00);
  });

  it('spends none when the field is empty, and sends no redemption id', async () => {
    const g = await register();
    await recordPurchase(db, { guestId: g.id, amount: '199,99', items: [] }, NOW);
    const m = (await db.outbox.toArray())[1]!.mutation;
    expect(m).toMatchObject({ pointsRedeemed: 0, pointsAccrued: 9 });
    expect(m).not.toHaveProperty('redemptionEntryId');
    expect((await pointsOf(g.id)).balance).toBe(109);
  });

  it('may spend exactly the allowed maximum: 30 % of the check in whole rubles', async () => {
    const g = await register();
    // 30 % of 333,33 ₽ is 99,99 ₽: 99 points, not 100.
    await expect(recordPurchase(db, { guestId: g.id, amount: '333,33', items: [], points: '100' }, NOW)).rejects.toMatchObject({ code: 'points-over-max' });
    await recordPurchase(db, { guestId: g.id, amount: '333,33', items: [], points: '99' }, NOW);
    expect((await pointsOf(g.id)).balance).toBe(100 - 99 + 11);
  });

  it.each([
    ['101', 'points-over-balance'],
    ['-1', 'points-negative'],
    ['2,5', 'points-fractional'],
    ['много', 'points-not-number'],
  ])('refuses %s points beside the field and stores nothing', async (points, code) => {
    const g = await register();
    const before = await everything();
    const error = await recordPurchase(db, { guestId: g.id, amount: '1000', items: [], points }, NOW).catch((e) => e);
    expect(error).toBeInstanceOf(CounterError);
    expect(error).toMatchObject({ code, field: 'points' });
    expect(await everything()).toEqual(before);
  });

  it('holds to the owner’s offline cap only while offline', async () => {
    await setProgram({ offlineSpendCap: 50 });
    const g = await register();
    await recordPurchase(db, { guestId: g.id, amount: '1000', items: [], points: '30', online: false }, NOW);
    await expect(recordPurchase(db, { guestId: g.id, amount: '1000', items: [], points: '21', online: false }, NOW)).rejects.toMatchObject({
      code: 'points-over-offline-cap',
    });
    await recordPurchase(db, { guestId: g.id, amount: '1000', items: [], points: '20', online: false }, NOW);
    await recordPurchase(db, { guestId: g.id, amount: '1000', items: [], points: '21', online: true }, NOW);
  });

  it('leaves nothing at all when any part of its transaction fails', async () => {
    const g = await register();
    const before = await everything();
    db.ledger.hook('creating', () => {
      throw new Error('disk trouble');
    });
    await expect(recordPurchase(db, { guestId: g.id, amount: '500', items: [], points: '40' }, NOW)).rejects.toThrow();
    expect(await everything()).toEqual(before);
  });

  it('earns at the tier’s rate once the guest’s paid spend reaches it', async () => {
    await setProgram({ tiers: [{ id: 'silver', name: 'Серебро', minSpend: 1000_00 as never, accrualRate: 1000 as BasisPoints }] });
    const g = await register();
    const first = await recordPurchase(db, { guestId: g.id, amount: '1000', items: [] }, NOW);
    const second = await recordPurchase(db, { guestId: g.id, amount: '100', items: [] }, NOW);
    expect([first.pointsAccrued, second.pointsAccrued]).toEqual([50, 10]);
    expect((await pointsOf(g.id)).tier?.name).toBe('Серебро');
  });
});

describe('a void', () => {
  it('gives back the points spent and takes back the points earned, carried by the void', async () => {
    const g = await register();
    const p = await recordPurchase(db, { guestId: g.id, amount: '500', items: [], points: '40' }, NOW);
    await voidPurchase(db, p.id, 'ошибка', NOW);
    expect((await pointsOf(g.id)).balance).toBe(100);
    const voidEntry = (await db.outbox.toArray()).at(-1)!;
    const reversals = await db.ledger.where('mutationId').equals(voidEntry.mutationId).toArray();
    expect(reversals.map((r) => [r.kind, r.points]).sort()).toEqual([
      ['reversal', -23],
      ['reversal', 40],
    ]);
  });
});

describe('sync', () => {
  it('an ack marks the carried entries acked; a pull replaces them with the server’s balance', async () => {
    const g = await register();
    await recordPurchase(db, { guestId: g.id, amount: '500', items: [], points: '40' }, NOW);
    const [reg, buy] = await db.outbox.toArray();
    await applyAck(db, [reg!.mutationId]);
    expect((await db.ledger.toArray()).map((e) => [e.kind, e.syncState]).sort()).toEqual([
      ['accrual', PENDING],
      ['redemption', PENDING],
      ['welcome', ACKED],
    ]);
    // The server counted the welcome bonus only.
    await applyPull(db, page({ balances: [balance(g.id, 100)] }));
    expect((await db.ledger.toArray()).find((e) => e.kind === 'welcome')!.syncState).toBe(IN_BASE);
    expect((await pointsOf(g.id)).balance).toBe(83);
    await applyAck(db, [buy!.mutationId]);
    // The server credited its own figure (say 25): the tablet shows it from the pull on.
    await applyPull(db, page({ balances: [balance(g.id, 85)] }));
    expect((await pointsOf(g.id)).balance).toBe(85);
  });

  it('a pull of a guest whose entries are still pending keeps counting them on top', async () => {
    const g = await register();
    await recordPurchase(db, { guestId: g.id, amount: '500', items: [], points: '40' }, NOW);
    // Another tablet's sale gave the guest 20 more before anything of ours arrived.
    await applyPull(db, page({ balances: [balance(g.id, 20)] }));
    expect((await pointsOf(g.id)).balance).toBe(20 + 100 - 40 + 23);
  });

  it('stores the programme the server sends and uses it for the next purchase', async () => {
    const g = await register();
    await setProgram({ accrualRate: 1000 as BasisPoints, rewards: [{ id: 'dessert', name: 'Десерт', price: 150 }] });
    const p = await recordPurchase(db, { guestId: g.id, amount: '100', items: [] }, NOW);
    expect(p.pointsAccrued).toBe(10);
    expect((await pointsOf(g.id)).nearest).toEqual({ reward: { id: 'dessert', name: 'Десерт', price: 150 }, missing: 40 });
    // A later page without a programme leaves it as it was.
    await applyPull(db, page({}));
    expect((await readSettings(db)).program.accrualRate).toBe(1000);
  });

  it('a merge moves the tablet’s entries to the guest that stands; a deletion drops them', async () => {
    const a = await register('+7 912 000-00-01');
    const b = await register('+7 912 000-00-02');
    await applyPull(db, page({ merges: [{ from: a.id, into: b.id }], balances: [balance(b.id, 30)] }));
    expect((await db.ledger.toArray()).every((e) => e.guestId === b.id)).toBe(true);
    expect((await pointsOf(b.id)).balance).toBe(30 + 200);
    await applyPull(db, page({ erased: [b.id] }));
    expect(await db.ledger.count()).toBe(0);
    expect(await db.balances.count()).toBe(0);
  });

  it('shows an overdraft the server recorded as a negative balance, with nothing more to spend', async () => {
    const g = await register();
    const [reg] = await db.outbox.toArray();
    await applyAck(db, [reg!.mutationId]);
    await applyPull(db, page({ balances: [balance(g.id, -30)] }));
    expect((await pointsOf(g.id)).balance).toBe(-30);
    await expect(recordPurchase(db, { guestId: g.id, amount: '500', items: [], points: '1' }, NOW)).rejects.toMatchObject({ code: 'points-over-balance' });
  });
});

describe('a reward for points', () => {
  const dessert = { id: 'dessert', name: 'Десерт', price: 80 };

  it('debits its price with the reward entry and its outbox entry together', async () => {
    await setProgram({ rewards: [dessert] });
    const g = await register();
    const row = await giveReward(db, { guestId: g.id, rewardId: 'dessert', online: true }, NOW);
    const given = (await db.outbox.toArray()).at(-1)!;
    expect(row).toMatchObject({ kind: 'reward', points: -80, mutationId: given.mutationId, syncState: PENDING });
    expect(given.mutation).toEqual({ kind: 'loyalty.reward', entryId: row.id, guestId: g.id, rewardId: 'dessert', points: 80, givenAt: NOW.toISOString() });
    expect(mutationSchema.safeParse(given.mutation).success).toBe(true);
    expect((await pointsOf(g.id)).balance).toBe(20);
  });

  it.each([
    ['a reward the balance does not reach', { rewards: [{ ...dessert, price: 101 }] }, true, 'points-over-balance'],
    ['a reward not in the catalogue', { rewards: [] }, true, 'reward-unknown'],
    ['more than the offline cap, offline', { rewards: [dessert], offlineSpendCap: 50 }, false, 'points-over-offline-cap'],
  ] as const)('refuses %s and stores nothing', async (_, program, online, code) => {
    await setProgram(program);
    const g = await register();
    const before = await everything();
    await expect(giveReward(db, { guestId: g.id, rewardId: 'dessert', online }, NOW)).rejects.toMatchObject({ code, field: 'reward' });
    expect(await everything()).toEqual(before);
  });
});
