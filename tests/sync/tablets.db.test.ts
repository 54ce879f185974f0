import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { CounterDb } from '../../client/data/db.ts';
import { registerGuest } from '../../client/data/guests.ts';
import { recordPurchase, voidPurchase } from '../../client/data/purchases.ts';
import { syncOnce } from '../../client/data/sync/sync-once.ts';
import type { SyncTransport } from '../../client/data/sync/transport.ts';
import { createApp } from '../../server/app.ts';
import { appTransport } from './app-transport.ts';
import { pairTablet } from '../support/sync-helpers.ts';
import { describeOnBackends } from '../support/backends.ts';
import { guestOffers } from '../../client/data/offers.ts';
import { ensureCafe } from '../../server/cafe/cafes.repo.ts';
import { newId } from '../../server/new-id.ts';
import { createPromotion } from '../../server/promotions/promotions.repo.ts';
import type { PromotionId } from '../../shared/promotions/promotion.ts';
import { ONCE } from './offers-sim.ts';

const T0 = new Date('2026-11-20T09:00:00Z');
let minute = 0;
const tick = () => new Date(T0.getTime() + ++minute * 60_000);

async function tablet(app: ReturnType<typeof createApp>, db: Parameters<typeof pairTablet>[1], name: string) {
  const token = await pairTablet(app, db, tick(), name);
  const local = new CounterDb(`${name}-${Math.random()}`);
  await local.open();
  return { db: local, transport: appTransport(() => app, token) };
}

/** What a tablet shows per phone: visits and spend. */
async function view(t: CounterDb) {
  const guests = await t.guests.toArray();
  return Object.fromEntries(
    await Promise.all(guests.map(async (g) => [g.phone, { visits: (await t.stats.get(g.id))!.purchaseCount, spend: (await t.stats.get(g.id))!.totalSpend }])),
  );
}

async function server(db: Parameters<typeof pairTablet>[1]) {
  const rows = await db.query<{ phone: string; purchase_count: number; total_spend: number }>(
    'SELECT g.phone, s.purchase_count, s.total_spend FROM guests g JOIN guest_stats s ON s.guest_id = g.id',
  );
  return Object.fromEntries(rows.map((r) => [r.phone, { visits: r.purchase_count, spend: Number(r.total_spend) }]));
}

describeOnBackends('tablets and server', ({ db }) => {
  it('two offline tablets register the same phone: after sync one guest with every purchase, everywhere', async () => {
    const app = createApp({ db: db(), now: tick });
    const [a, b] = [await tablet(app, db(), 'A'), await tablet(app, db(), 'B')];
    const ga = await registerGuest(a.db, { phone: '+7 912 000-11-22', name: 'Аня', birthday: '', consent: false }, tick());
    const gb = await registerGuest(b.db, { phone: '89120001122', name: '', birthday: '', consent: true }, tick());
    await recordPurchase(a.db, { guestId: ga.id, amount: '100', items: [] }, tick());
    await recordPurchase(b.db, { guestId: gb.id, amount: '200', items: [] }, tick());
    await recordPurchase(b.db, { guestId: gb.id, amount: '300', items: [] }, tick());
    for (const t of [b, a, b, a]) await syncOnce(t.db, t.transport, tick);
    const want = { '+79120001122': { visits: 3, spend: 60000 } };
    expect(await server(db())).toMatchObject(want);
    expect(await view(a.db)).toEqual(want);
    expect(await view(b.db)).toEqual(want);
    expect((await b.db.guests.toArray()).map((g) => g.id)).toEqual([ga.id]);
    expect(await b.db.purchases.where('guestId').equals(ga.id).count()).toBe(2);
  });

  it('never counts a purchase twice: lost response, retry, pull — in any order', async () => {
    const app = createApp({ db: db(), now: tick });
    const t = await tablet(app, db(), 'C');
    let loseNext = false;
    const lossy: SyncTransport = {
      push: async (req) => {
        const res = await t.transport.push(req);
        if (loseNext) {
          loseNext = false;
          throw new Error('response lost');
        }
        return res;
      },
      pull: (since) => t.transport.pull(since),
    };
    const g = await registerGuest(t.db, { phone: '+79120003344', name: '', birthday: '', consent: false }, tick());
    await recordPurchase(t.db, { guestId: g.id, amount: '150', items: [] }, tick());
    loseNext = true;
    await expect(syncOnce(t.db, lossy, tick)).rejects.toThrow('response lost');
    expect((await view(t.db))['+79120003344']).toEqual({ visits: 1, spend: 15000 });
    await recordPurchase(t.db, { guestId: g.id, amount: '50', items: [] }, tick());
    await syncOnce(t.db, lossy, tick);
    const p = await recordPurchase(t.db, { guestId: g.id, amount: '70', items: [] }, tick());
    await syncOnce(t.db, lossy, tick);
    await voidPurchase(t.db, p.id, 'ошибка', tick());
    expect((await view(t.db))['+79120003344']).toEqual({ visits: 2, spend: 20000 });
    await syncOnce(t.db, lossy, tick);
    expect((await view(t.db))['+79120003344']).toEqual({ visits: 2, spend: 20000 });
    expect(await server(db())).toMatchObject({ '+79120003344': { visits: 2, spend: 20000 } });
    expect(await t.db.outbox.count()).toBe(0);
  });

  it('a new tablet starts from guests and stats alone, and shows what others recorded', async () => {
    const app = createApp({ db: db(), now: tick });
    const first = await tablet(app, db(), 'D');
    const g = await registerGuest(first.db, { phone: '+79120005566', name: 'Оля', birthday: '', consent: false }, tick());
    for (const amount of ['100', '200']) await recordPurchase(first.db, { guestId: g.id, amount, items: [] }, tick());
    await syncOnce(first.db, first.transport, tick);
    const fresh = await tablet(app, db(), 'E');
    await syncOnce(fresh.db, fresh.transport, tick);
    expect((await view(fresh.db))['+79120005566']).toEqual({ visits: 2, spend: 30000 });
    expect(await fresh.db.purchases.count()).toBe(0);
    const own = await recordPurchase(fresh.db, { guestId: g.id, amount: '50', items: [] }, tick());
    expect((await view(fresh.db))['+79120005566']).toEqual({ visits: 3, spend: 35000 });
    await syncOnce(fresh.db, fresh.transport, tick);
    await syncOnce(first.db, first.transport, tick);
    expect((await view(first.db))['+79120005566']).toEqual({ visits: 3, spend: 35000 });
    expect((await fresh.db.purchases.get(own.id))!.syncState).toBe(2);
  });

  it('tablet B offers a once-only promotion no more after it pulls the use tablet A made, and again once A voids it', async () => {
    const app = createApp({ db: db(), now: tick });
    const cafe = await ensureCafe(db());
    const gift = await createPromotion(db(), cafe.id, newId<PromotionId>(), ONCE, tick());
    const [a, b] = [await tablet(app, db(), 'F'), await tablet(app, db(), 'G')];
    const g = await registerGuest(a.db, { phone: '+79120007788', name: 'Ира', birthday: '', consent: false }, tick());
    for (const t of [a, b]) await syncOnce(t.db, t.transport, tick);
    const offered = async (t: { db: CounterDb }) => (await guestOffers(t.db, g.id, tick())).map((o) => o.id).includes(gift.id);
    expect(await offered(b)).toBe(true);
    const sale = await recordPurchase(a.db, { guestId: g.id, amount: '300', items: [], promotionId: gift.id }, tick());
    for (const t of [a, b]) await syncOnce(t.db, t.transport, tick);
    expect(await offered(b)).toBe(false);
    await expect(recordPurchase(b.db, { guestId: g.id, amount: '300', items: [], promotionId: gift.id }, tick())).rejects.toMatchObject({
      code: 'offer-not-applicable',
    });
    // Tablet A pulls its own use back: still one use, still not offered.
    expect(await offered(a)).toBe(false);
    await voidPurchase(a.db, sale.id, 'ошибка', tick());
    for (const t of [a, b]) await syncOnce(t.db, t.transport, tick);
    expect([await offered(a), await offered(b)]).toEqual([true, true]);
  });
});
