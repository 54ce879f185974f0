import { expect, it } from 'vitest';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import { DEFAULT_PROGRAM } from '../../shared/loyalty/program.ts';
import type { MutationOf } from '../../shared/sync/mutations.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import type { Db } from '../db/db.ts';
import { insertGuests } from '../guests/guests.repo.ts';
import { newId } from '../new-id.ts';
import { recordPurchases } from '../purchases/purchases.repo.ts';
import { idFor } from './ledger.repo.ts';
import { expirePoints, moveTierWindowToToday, runLoyaltyJob } from './loyalty.job.ts';
import { creditOpeningBalances } from './opening.ts';
import { saveProgram } from './program.repo.ts';

const NOW = new Date('2026-11-22T09:00:00Z');

const entriesOf = (db: Db, guestId: string) =>
  db.query<{ id: string; kind: string; points: number; at: Date }>('SELECT id, kind, points, at FROM loyalty_entries WHERE guest_id = $1 ORDER BY seq', [
    guestId,
  ]);
const balanceOf = async (db: Db, guestId: string) =>
  (await db.query<{ balance: number; oldest_lot_at: Date | null }>('SELECT balance, oldest_lot_at FROM loyalty_balances WHERE guest_id = $1', [guestId]))[0];

describeOnBackends('points expire by a job that posts each expiry once', ({ db }) => {
  it('expires what spending left of a lot on its expiry day, and posts nothing more when run again or twice at once', async () => {
    const cafe = await ensureCafe(db());
    await saveProgram(db(), cafe.id, { ...DEFAULT_PROGRAM, expiryMonths: 6 }, NOW);
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const g = newId();
    const welcome = newId();
    // Welcome 100 on 10 March (expires 10 September); 40 of it spent on 1 July, which earns 18 (expires 1 January).
    const registered = new Date('2026-03-10T09:00:00Z');
    const july = new Date('2026-07-01T09:00:00Z');
    const reg = { ...register(g, '+79180000001', registered), welcomeEntryId: welcome } as MutationOf<'guest.register'>;
    const buy: MutationOf<'purchase.record'> = {
      kind: 'purchase.record',
      purchaseId: newId(),
      guestId: g,
      purchasedAt: july.toISOString(),
      amount: 40000,
      items: [],
      discount: 0,
      pointsRedeemed: 40,
      redemptionEntryId: newId(),
    };
    expect((await push(app, token, [envelope(reg), envelope(buy)])).status).toBe(200);
    expect(await balanceOf(db(), g)).toEqual({ balance: 78, oldest_lot_at: registered });

    // The day before the welcome's expiry day (Moscow): nothing yet.
    expect(await expirePoints(db(), cafe.id, new Date('2026-09-09T20:59:59Z'))).toBe(0);
    expect(await expirePoints(db(), cafe.id, NOW)).toBe(1);
    const [first, second] = await Promise.all([runLoyaltyJob(db(), cafe.id, NOW), runLoyaltyJob(db(), cafe.id, NOW)]);
    expect([first.expiries, second.expiries]).toEqual([0, 0]);
    expect((await entriesOf(db(), g)).map((e) => [e.kind, e.points])).toEqual([
      ['welcome', 100],
      ['redemption', -40],
      ['accrual', 18],
      ['expiry', -60],
    ]);
    const expiry = (await entriesOf(db(), g)).at(-1)!;
    expect(expiry.id).toBe(idFor(`expiry:${welcome}:0`));
    expect(expiry.at).toEqual(new Date('2026-09-09T21:00:00Z'));
    expect(await balanceOf(db(), g)).toEqual({ balance: 18, oldest_lot_at: july });
    const [{ points }] = (await db().query<{ points: number }>("SELECT sum(points)::int AS points FROM loyalty_totals WHERE kind = 'expiry'")) as [
      { points: number },
    ];
    expect(points).toBe(-60);
    await saveProgram(db(), cafe.id, DEFAULT_PROGRAM, NOW);
  });

  it('expires nothing while the programme has no expiry', async () => {
    const cafe = await ensureCafe(db());
    await saveProgram(db(), cafe.id, DEFAULT_PROGRAM, NOW);
    expect(await expirePoints(db(), cafe.id, new Date('2036-01-01T00:00:00Z'))).toBe(0);
  });

  it('credits imported guests their opening balance once, gives them no welcome, and imported purchases accrue nothing', async () => {
    const cafe = await ensureCafe(db());
    const [a, b] = [newId<GuestId>(), newId<GuestId>()];
    await insertGuests(db(), cafe.id, [
      { id: a, phone: '+79180000002' as E164Phone, name: null, registeredAt: new Date('2025-01-01T00:00:00Z'), via: 'import' },
      { id: b, phone: '+79180000003' as E164Phone, name: null, registeredAt: new Date('2025-01-01T00:00:00Z'), via: 'import' },
    ]);
    await recordPurchases(db(), cafe.id, [
      { id: newId<PurchaseId>(), guestId: a, purchasedAt: new Date('2025-06-01T00:00:00Z'), amount: 100000 as Kopecks, source: 'import' },
    ]);
    const credit = () =>
      db().transaction((tx) =>
        creditOpeningBalances(
          tx,
          cafe.id,
          [
            { guestId: a, points: 250 },
            { guestId: b, points: 0 },
          ],
          NOW,
        ),
      );
    expect(await credit()).toBe(1);
    expect(await credit()).toBe(0);
    expect((await entriesOf(db(), a)).map((e) => [e.kind, e.points])).toEqual([['opening', 250]]);
    expect(await entriesOf(db(), b)).toEqual([]);
    expect(await balanceOf(db(), a)).toEqual({ balance: 250, oldest_lot_at: NOW });
    await expect(db().transaction((tx) => creditOpeningBalances(tx, cafe.id, [{ guestId: b, points: 1.5 }], NOW))).rejects.toThrow(RangeError);
  });
});

describeOnBackends('the tier window follows the last 365 café days', ({ db }) => {
  it('keeps paid spend of the last 365 café days, moving incrementally day by day, and re-versions only the guests it changes', async () => {
    const cafe = await ensureCafe(db());
    const g = newId<GuestId>();
    await insertGuests(db(), cafe.id, [
      { id: g, phone: '+79180000010' as E164Phone, name: null, registeredAt: new Date('2024-01-01T00:00:00Z'), via: 'import' },
    ]);
    const purchase = (iso: string, rubles: number) => ({
      id: newId<PurchaseId>(),
      guestId: g,
      purchasedAt: new Date(iso),
      amount: (rubles * 100) as Kopecks,
      source: 'import',
    });
    // 365 café days ending 22 November 2026 (Moscow) start at 23 November 2025 00:00 = 22 November 21:00Z.
    await recordPurchases(db(), cafe.id, [purchase('2025-11-22T20:59:59Z', 100), purchase('2025-11-22T21:00:00Z', 200), purchase('2026-11-01T10:00:00Z', 300)]);
    const spend = async () => Number((await db().query<{ tier_spend: number }>('SELECT tier_spend FROM guest_stats WHERE guest_id = $1', [g]))[0]!.tier_spend);
    const version = async () => Number((await db().query<{ version: number }>('SELECT version FROM guests WHERE id = $1', [g]))[0]!.version);
    expect(await spend()).toBe(60000);
    expect(await moveTierWindowToToday(db(), cafe.id, NOW)).toBe(1);
    expect(await spend()).toBe(50000);
    const v = await version();
    expect(await moveTierWindowToToday(db(), cafe.id, NOW)).toBe(0);
    expect(await version()).toBe(v);
    // A day later the 200 ₽ purchase has left too.
    expect(await moveTierWindowToToday(db(), cafe.id, new Date('2026-11-23T09:00:00Z'))).toBe(1);
    expect(await spend()).toBe(30000);
    expect(await version()).toBeGreaterThan(v);
    // A purchase in the window adds to it at once.
    await recordPurchases(db(), cafe.id, [purchase('2026-11-23T08:00:00Z', 50)]);
    expect(await spend()).toBe(35000);
  });
});
