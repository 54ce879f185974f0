import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { Promotion, PromotionId } from '../../shared/promotions/promotion.ts';
import type { PullResponse } from '../../shared/sync/protocol.ts';
import { pullPage } from '../../tests/support/pull-page.ts';
import { CounterDb } from './db.ts';
import { registerGuest } from './guests.ts';
import { guestOffers } from './offers.ts';
import { keptFor, onKeptDropped } from './offers-cache.ts';
import { recordPurchase } from './purchases.ts';
import { applyPull } from './sync/apply.ts';

const NOW = new Date('2026-11-23T10:00:00+03:00');
let db: CounterDb;

beforeEach(async () => {
  db = new CounterDb(`offers-cache-${Math.random()}`);
  await db.open();
});

const page = (over: Partial<PullResponse>): PullResponse => pullPage(NOW, over);
const promotion = (over: Partial<Promotion> = {}): Promotion => ({
  id: crypto.randomUUID() as PromotionId,
  status: 'active',
  name: 'Подарок',
  audience: [],
  weekdays: [],
  window: null,
  starts: null,
  ends: null,
  benefit: { kind: 'gift', text: 'Печенье' },
  minCheck: null,
  limit: 'once',
  ...over,
});
const register = () => registerGuest(db, { phone: '+7 912 345-67-89', name: 'Анна', birthday: '', consent: true }, new Date('2026-11-20T10:00:00+03:00'));
// A minute after the sales and uses below: a use counts only before the moment judged.
const LATER = new Date(NOW.getTime() + 60_000);
const names = async (guestId: Parameters<typeof guestOffers>[1]) => (await guestOffers(db, guestId, LATER)).map((o) => o.name);

/** Writes that bypass Dexie, so no tab hears of them: what another tab's write is here until its message arrives. */
async function unheard(rows: Record<string, unknown>): Promise<void> {
  const tx = db.backendDB().transaction(Object.keys(rows), 'readwrite');
  for (const [store, row] of Object.entries(rows)) tx.objectStore(store).put(row);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}
/** Another tab storing a promotion as storePromotions does: the row and a new stamp for the set. */
const storedElsewhere = (p: Promotion) => ({ promotions: p, settings: { key: 'promotionsStamp', value: crypto.randomUUID() } });

describe('the offers kept between reads', () => {
  it('reads a guest’s rows once: the next list is judged from what was kept, with no transaction', async () => {
    const g = await register();
    await applyPull(db, page({ promotions: [promotion()] }));
    expect(await names(g.id)).toEqual(['Подарок']);
    expect(keptFor(db)!.guests.has(g.id)).toBe(true);
    const transaction = vi.spyOn(db, 'transaction');
    expect(await names(g.id)).toEqual(['Подарок']);
    expect(transaction).not.toHaveBeenCalled();
    transaction.mockRestore();
  });

  it('a purchase on this tablet drops what was kept: its once-only offer is gone from the very next list', async () => {
    const g = await register();
    const p = promotion();
    await applyPull(db, page({ promotions: [p] }));
    expect(await names(g.id)).toEqual(['Подарок']);
    await recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: p.id }, NOW);
    expect(await names(g.id)).toEqual([]);
  });

  it('a screen told of a local write reads the offers again from inside the notice, and gets the new list', async () => {
    const g = await register();
    const p = promotion();
    await applyPull(db, page({ promotions: [p] }));
    expect(await names(g.id)).toEqual(['Подарок']);
    const lists: string[][] = [];
    const stop = onKeptDropped(db, () => {
      guestOffers(db, g.id, LATER).then(
        (offers) => lists.push(offers.map((o) => o.name)),
        (e: unknown) => lists.push([String(e)]),
      );
    });
    await recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: p.id }, NOW);
    await vi.waitFor(() => expect(lists.at(-1)).toEqual([]));
    stop();
  });

  it('a pull drops it: a promotion it ends, or another tablet’s use it brings, is offered no more', async () => {
    const g = await register();
    const [ending, once] = [promotion({ name: 'Осень' }), promotion()];
    await applyPull(db, page({ promotions: [ending, once] }));
    expect((await names(g.id)).sort()).toEqual(['Осень', 'Подарок']);
    await applyPull(db, page({ promotions: [{ ...ending, status: 'ended' }] }));
    expect(await names(g.id)).toEqual(['Подарок']);
    await applyPull(
      db,
      page({ promotionUses: [{ purchaseId: crypto.randomUUID(), guestId: g.id, promotionId: once.id, usedAt: NOW.toISOString(), voided: false }] }),
    );
    expect(await names(g.id)).toEqual([]);
  });

  it('another tab’s write drops it when that tab’s message arrives (Dexie’s BroadcastChannel), and the screens are told', async () => {
    const g = await register();
    const p = promotion();
    await applyPull(db, page({ promotions: [p] }));
    expect(await names(g.id)).toEqual(['Подарок']);
    let told = 0;
    const stop = onKeptDropped(db, () => told++);
    await unheard(storedElsewhere({ ...p, status: 'ended' }));
    new BroadcastChannel('x-storagemutated-1').postMessage({ [`idb://${db.name}/promotions/`]: {} });
    await vi.waitFor(async () => expect(await names(g.id)).toEqual([]));
    expect(told).toBeGreaterThan(0);
    stop();
  });

  it('another tab on this page (a second connection) drops it at once', async () => {
    const g = await register();
    const p = promotion();
    await applyPull(db, page({ promotions: [p] }));
    expect(await names(g.id)).toEqual(['Подарок']);
    const otherTab = new CounterDb(db.name);
    await otherTab.open();
    await applyPull(otherTab, page({ promotions: [{ ...p, status: 'paused' }] }));
    otherTab.close();
    expect(await names(g.id)).toEqual([]);
  });

  it('a purchase never trusts it: an offer ended unheard is refused at the till, and points not held are not spent', async () => {
    const g = await register();
    const p = promotion({ limit: 'none' });
    await applyPull(db, page({ promotions: [p], balances: [{ guestId: g.id, balance: 300, overdraft: 0, oldestLot: null }] }));
    expect(await names(g.id)).toEqual(['Подарок']);
    await unheard({ ...storedElsewhere({ ...p, status: 'ended' }), balances: { guestId: g.id, balance: 0, overdraft: 0, oldestLot: null } });
    // Until the other tab's message arrives the list may still show it; the till re-reads.
    expect(await names(g.id)).toEqual(['Подарок']);
    await expect(recordPurchase(db, { guestId: g.id, amount: '300', items: [], promotionId: p.id }, NOW)).rejects.toMatchObject({
      code: 'offer-not-applicable',
    });
    // 250 points were within the 30 % of 1000 ₽ and the 300 held; the welcome bonus's 100 are all that is left.
    await expect(recordPurchase(db, { guestId: g.id, amount: '1000', items: [], points: '250' }, NOW)).rejects.toMatchObject({ field: 'points' });
    expect(await db.purchases.count()).toBe(0);
  });

  it('a purchase reads the uses and grants the promotion it reads needs, whatever the kept copy said', async () => {
    const g = await register();
    const p = promotion({ limit: 'none' });
    await applyPull(db, page({ promotions: [p] }));
    await recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: p.id }, NOW);
    expect(await names(g.id)).toEqual(['Подарок']); // kept: a promotion with no limit
    await unheard(storedElsewhere({ ...p, limit: 'once' }));
    await expect(recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: p.id }, LATER)).rejects.toMatchObject({
      code: 'offer-not-applicable',
    });
    const q = promotion({ name: 'Лично', limit: 'none' });
    await applyPull(db, page({ promotions: [q] }));
    expect(await names(g.id)).toContain('Лично'); // kept: not personal
    await unheard(storedElsewhere({ ...q, personal: true }));
    await expect(recordPurchase(db, { guestId: g.id, amount: '100', items: [], promotionId: q.id }, LATER)).rejects.toMatchObject({
      code: 'offer-not-applicable',
    });
    expect(await db.purchases.count()).toBe(1);
  });

  it('keeps nothing for a database not open yet, nor across its deletion', async () => {
    const closed = new CounterDb(`offers-cache-closed-${Math.random()}`);
    expect(keptFor(closed)).toBeNull();
    const g = await register();
    await applyPull(db, page({ promotions: [promotion({ minCheck: 100_00 as Kopecks })] }));
    expect(await names(g.id)).toEqual(['Подарок']);
    await db.delete();
    await db.open();
    expect(keptFor(db)!.guests.size).toBe(0);
  });
});
