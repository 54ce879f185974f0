import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { CounterDb, SCHEMAS } from './db.ts';
import { guestSegment } from './guest-segment.ts';
import { searchGuests } from './guest-search.ts';
import { DEFAULT_PROGRAM } from '../../shared/loyalty/program.ts';
import { guestPoints } from './loyalty.ts';
import { recordPurchase } from './purchases.ts';

/** Opens a database exactly as the tablet had it at `version`. */
function databaseAt(name: string, version: number): Dexie {
  const old = new Dexie(name);
  for (const s of SCHEMAS.filter((x) => x.version <= version)) old.version(s.version).stores(s.stores);
  return old;
}

describe('upgrading the tablet database', () => {
  it('from version 1: keeps every record and indexes guests by their last four digits', async () => {
    const name = `upgrade-${Math.random()}`;
    const v1 = databaseAt(name, 1);
    await v1.table('guests').bulkAdd([
      {
        id: 'g1',
        phone: '+79123456789',
        digits: '9123456789',
        name: 'Анна',
        birthday: null,
        consent: { granted: false, at: '2026-01-01T00:00:00.000Z' },
        registeredAt: 1,
      },
      {
        id: 'g2',
        phone: '+79261116789',
        digits: '9261116789',
        name: null,
        birthday: null,
        consent: { granted: true, at: '2026-01-01T00:00:00.000Z' },
        registeredAt: 2,
      },
    ]);
    await v1.table('purchases').add({ id: 'p1', guestId: 'g1', purchasedAt: 10, amount: 100, items: [], voided: null });
    await v1.table('outbox').add({ mutationId: 'm1', mutation: { kind: 'guest.register' }, createdAt: 1 });
    v1.close();

    const db = new CounterDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMAS.at(-1)!.version);
    expect((await db.guests.get('g1' as never))!.last4).toBe('6789');
    expect((await searchGuests(db, '6789')).guests.map((g) => g.id).sort()).toEqual(['g1', 'g2']);
    expect(await db.purchases.where('[guestId+purchasedAt]').between(['g1', 0], ['g1', Infinity]).count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('from version 2: every purchase and void becomes pending upload, outbox entries get clock stamps', async () => {
    const name = `upgrade-${Math.random()}`;
    const v2 = databaseAt(name, 2);
    await v2.table('guests').add({
      id: 'g1',
      phone: '+79123456789',
      digits: '9123456789',
      last4: '6789',
      name: null,
      birthday: null,
      consent: { granted: false, at: '2026-01-01T00:00:00.000Z' },
      registeredAt: 1,
    });
    await v2.table('purchases').bulkAdd([
      { id: 'p1', guestId: 'g1', purchasedAt: 10, amount: 100, items: [], voided: null },
      { id: 'p2', guestId: 'g1', purchasedAt: 20, amount: 200, items: [], voided: { at: 30, reason: 'x' } },
    ]);
    await v2.table('stats').add({ guestId: 'g1', purchaseCount: 1, firstPurchaseAt: 10, lastPurchaseAt: 10, totalSpend: 100, segment: 'newcomer' });
    await v2.table('outbox').bulkAdd([
      { mutationId: 'm1', mutation: { kind: 'guest.register' }, createdAt: 5 },
      { mutationId: 'm2', mutation: { kind: 'purchase.record' }, createdAt: 5 },
    ]);
    v2.close();

    const db = new CounterDb(name);
    await db.open();
    expect((await db.purchases.toArray()).map((p) => [p.id, p.syncState, p.voidState])).toEqual([
      ['p1', 0, null],
      ['p2', 0, 0],
    ]);
    expect((await db.stats.get('g1' as never))!.base).toBeNull();
    const stamps = (await db.outbox.orderBy('seq').toArray()).map((o) => o.hlc);
    expect(stamps[0]! < stamps[1]!).toBe(true);
    expect(await db.purchases.where('syncState').equals(0).count()).toBe(2);
  });

  it('from version 3: drops the stored segment, keeps the stats; the segment is computed as of now', async () => {
    const name = `upgrade-${Math.random()}`;
    const v3 = databaseAt(name, 3);
    await v3.table('guests').add({
      id: 'g1',
      phone: '+79123456789',
      digits: '9123456789',
      last4: '6789',
      name: null,
      birthday: null,
      consent: { granted: false, at: '2026-01-01T00:00:00.000Z' },
      registeredAt: Date.parse('2026-01-01T09:00:00Z'),
    });
    // Written on 2 February, when the guest was active (4 purchases, the last that day).
    const stats = {
      guestId: 'g1',
      purchaseCount: 4,
      firstPurchaseAt: Date.parse('2026-01-10T09:00:00Z'),
      lastPurchaseAt: Date.parse('2026-02-02T09:00:00Z'),
      totalSpend: 120000,
      base: null,
    };
    await v3.table('stats').add({ ...stats, segment: 'active' });
    v3.close();

    const db = new CounterDb(name);
    await db.open();
    expect(await db.stats.get('g1' as never)).toStrictEqual(stats);
    // 2 February + 17 café days (Moscow): 15–60 days since the last purchase is leaving.
    expect(await guestSegment(db, 'g1' as never, new Date('2026-02-19T09:00:00Z'))).toBe('leaving');
  });

  it('from version 4: every purchase spent no points, no bonus entry is held, balances come with the next pull', async () => {
    const name = `upgrade-${Math.random()}`;
    const v4 = databaseAt(name, 4);
    await v4.table('guests').add({
      id: 'g1',
      phone: '+79123456789',
      digits: '9123456789',
      last4: '6789',
      name: null,
      birthday: null,
      consent: { granted: false, at: '2026-01-01T00:00:00.000Z' },
      registeredAt: 1,
    });
    await v4.table('purchases').bulkAdd([
      { id: 'p1', guestId: 'g1', purchasedAt: 10, amount: 100_00, items: [], voided: null, syncState: 2, voidState: null },
      { id: 'p2', guestId: 'g1', purchasedAt: 20, amount: 200_00, items: [], voided: null, syncState: 0, voidState: null },
    ]);
    const base = { purchaseCount: 1, firstPurchaseAt: 10, lastPurchaseAt: 10, totalSpend: 100_00 };
    await v4.table('stats').add({ guestId: 'g1', purchaseCount: 2, firstPurchaseAt: 10, lastPurchaseAt: 20, totalSpend: 300_00, base });
    await v4.table('outbox').add({ mutationId: 'm1', mutation: { kind: 'purchase.record' }, createdAt: 20, hlc: 'h' });
    v4.close();

    const db = new CounterDb(name);
    await db.open();
    expect((await db.purchases.toArray()).map((p) => [p.id, p.pointsRedeemed, p.syncState])).toEqual([
      ['p1', 0, 2],
      ['p2', 0, 0],
    ]);
    expect(await db.stats.get('g1' as never)).toMatchObject({ totalSpend: 300_00, base });
    expect(await db.outbox.count()).toBe(1);
    expect(await db.ledger.count()).toBe(0);
    expect(await db.balances.count()).toBe(0);
    const points = await guestPoints(db, 'g1' as never, DEFAULT_PROGRAM);
    expect(points.balance).toBe(0);
    // Until the server's balance arrives there is nothing to spend, but earning works.
    await expect(recordPurchase(db, { guestId: 'g1' as never, amount: '100', items: [], points: '1' }, new Date(30))).rejects.toMatchObject({
      code: 'points-over-balance',
    });
    expect((await recordPurchase(db, { guestId: 'g1' as never, amount: '100', items: [] }, new Date(30))).pointsAccrued).toBe(5);
  });

  it('from version 5: every purchase carried no promotion and had nothing off; promotions come with the next pull', async () => {
    const name = `upgrade-${Math.random()}`;
    const v5 = databaseAt(name, 5);
    await v5.table('purchases').bulkAdd([
      { id: 'p1', guestId: 'g1', purchasedAt: 10, amount: 100_00, items: [], pointsRedeemed: 0, voided: null, syncState: 2, voidState: null },
      { id: 'p2', guestId: 'g1', purchasedAt: 20, amount: 200_00, items: [], pointsRedeemed: 5, voided: null, syncState: 0, voidState: null },
    ]);
    v5.close();

    const db = new CounterDb(name);
    await db.open();
    expect((await db.purchases.toArray()).map((p) => [p.id, p.promotionId, p.discount, p.pointsRedeemed, p.syncState])).toEqual([
      ['p1', null, 0, 0, 2],
      ['p2', null, 0, 5, 0],
    ]);
    expect(await db.promotions.count()).toBe(0);
    // No purchase carried a promotion, so the index of uses is empty.
    expect(await db.purchases.where('[guestId+promotionId]').between(['g1', Dexie.minKey], ['g1', Dexie.maxKey]).count()).toBe(0);
  });

  it('from version 6: keeps promotions and purchases; no personal promotion is granted until the next pull', async () => {
    const name = `upgrade-${Math.random()}`;
    const v6 = databaseAt(name, 6);
    await v6.table('promotions').add({ id: 'pr1', name: 'Кофе', status: 'active' });
    v6.close();

    const db = new CounterDb(name);
    await db.open();
    expect(await db.promotions.count()).toBe(1);
    expect(await db.grants.count()).toBe(0);
    await db.grants.put({ promotionId: 'pr1' as never, guestId: 'g1' as never, benefit: null });
    expect(await db.grants.where('guestId').equals('g1').count()).toBe(1);
  });

  it('from version 7: keeps the outbox as it was and starts with no acked write kept', async () => {
    const name = `upgrade-${Math.random()}`;
    const v7 = databaseAt(name, 7);
    await v7.table('outbox').add({ mutationId: 'm1', mutation: { kind: 'guest.update' }, createdAt: 10, hlc: 'h' });
    v7.close();

    const db = new CounterDb(name);
    await db.open();
    expect((await db.outbox.toArray()).map((o) => o.mutationId)).toEqual(['m1']);
    expect(await db.sent.count()).toBe(0);
  });

  it('from version 8: keeps what it held, holds no other tablet’s use yet and pulls again from the start to get them', async () => {
    const name = `upgrade-${Math.random()}`;
    const v8 = databaseAt(name, 8);
    await v8.table('settings').bulkAdd([
      { key: 'cursor', value: '4711' },
      { key: 'deviceId', value: 'd1' },
    ]);
    await v8.table('purchases').add({ id: 'p1', guestId: 'g1', purchasedAt: 1, promotionId: 'pr1', syncState: 2, voidState: null });
    v8.close();

    const db = new CounterDb(name);
    await db.open();
    expect(await db.settings.get('cursor')).toEqual({ key: 'cursor', value: '0' });
    expect(await db.settings.get('deviceId')).toEqual({ key: 'deviceId', value: 'd1' });
    expect(await db.purchases.count()).toBe(1);
    expect(await db.uses.count()).toBe(0);
    await db.uses.put({ purchaseId: 'p2' as never, guestId: 'g1' as never, promotionId: 'pr1' as never, usedAt: 2 });
    expect(await db.uses.where('[guestId+promotionId]').equals(['g1', 'pr1']).count()).toBe(1);
  });

  it('has an upgrade case for every schema version but the newest', () => {
    // When a version is added, add a case above that upgrades from the previous one.
    expect(SCHEMAS.map((s) => s.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
