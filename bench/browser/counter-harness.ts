/**
 * Runs inside Chromium: the real counter data layer (client/data) on real IndexedDB, with a
 * café of 20,000 guests and 100,000 purchases already stored, timed from the page itself.
 */
import { nationalDigits } from '../../shared/domain/phone-search.ts';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import { CounterDb, type GuestRow, type PurchaseRow, type StatsRow } from '../../client/data/db.ts';
import { searchGuests } from '../../client/data/guest-search.ts';
import { recordPurchase } from '../../client/data/purchases.ts';
import { guestOffers, storePromotions } from '../../client/data/offers.ts';
import type { Benefit, Promotion, PromotionId, UseLimit } from '../../shared/promotions/promotion.ts';
import { DEFAULT_RULES } from '../../shared/segments/presets.ts';

const db = new CounterDb('bench');
const phones: string[] = [];
const ids: GuestId[] = [];

function rand(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function seed(guests: number, purchases: number): Promise<void> {
  await db.delete();
  await db.open();
  const r = rand(7);
  const now = Date.now();
  const guestRows: GuestRow[] = [];
  const stats: StatsRow[] = [];
  for (let i = 0; i < guests; i++) {
    const phone = `+79${String(100_000_000 + ((i * 7_368_787) % 900_000_000)).padStart(9, '0')}` as E164Phone;
    const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}` as GuestId;
    phones.push(phone);
    ids.push(id);
    guestRows.push({
      id,
      phone,
      digits: nationalDigits(phone),
      last4: phone.slice(-4),
      name: null,
      birthday: null,
      consent: { granted: false, at: new Date(now).toISOString() },
      registeredAt: now - 400 * 86_400_000,
    });
    stats.push({
      guestId: id,
      purchaseCount: 5,
      firstPurchaseAt: now - 300 * 86_400_000,
      lastPurchaseAt: now - 86_400_000,
      totalSpend: 150_000 as Kopecks,
      base: null,
    });
  }
  await db.guests.bulkAdd(guestRows);
  await db.stats.bulkAdd(stats);
  for (let start = 0; start < purchases; start += 10_000) {
    const rows: PurchaseRow[] = [];
    for (let i = start; i < Math.min(purchases, start + 10_000); i++) {
      rows.push({
        id: `00000000-0000-7000-9000-${String(i).padStart(12, '0')}` as PurchaseId,
        guestId: ids[Math.floor(r() * guests)]!,
        purchasedAt: now - Math.floor(r() * 300) * 86_400_000,
        amount: 30_000 as Kopecks,
        items: [],
        voided: null,
        syncState: 2,
        voidState: null,
      });
    }
    await db.purchases.bulkAdd(rows);
  }
}

async function commitLatencies(n: number): Promise<number[]> {
  const r = rand(11);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const guestId = ids[Math.floor(r() * ids.length)]!;
    const t = performance.now();
    await recordPurchase(db, { guestId, amount: '350', items: [{ name: 'Латте', qty: 1 }] }, new Date());
    out.push(performance.now() - t);
  }
  return out;
}

/** Types each of `n` guests' numbers digit by digit (as `8 912 …`), timing every look-up. */
async function lookupLatencies(n: number): Promise<number[]> {
  const r = rand(13);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const phone = phones[Math.floor(r() * phones.length)]!;
    const typed = `8${phone.slice(2)}`;
    for (let k = 4; k <= typed.length; k++) {
      const t = performance.now();
      const found = await searchGuests(db, typed.slice(0, k));
      out.push(performance.now() - t);
      if (k === typed.length && !found.guests.some((g) => g.phone === phone)) throw new Error(`lookup missed ${phone}`);
    }
  }
  return out;
}

/** Gives every guest a pulled balance, so a purchase may spend points. */
async function seedBalances(points: number): Promise<void> {
  await db.balances.bulkPut(ids.map((guestId) => ({ guestId, balance: points, overdraft: 0, oldestLot: null })));
}

/** The rows a purchase with points writes: purchase, stats, outbox entry, clock, redemption, accrual. */
const ROWS_PER_POINTS_COMMIT = 6;

/**
 * The same number of rows into the same stores in one bare IndexedDB transaction: no reads,
 * no rules, no Dexie — what the counter's commit is measured against.
 */
let bareSeq = 0;
function bareCommit(guestId: GuestId): Promise<void> {
  const i = bareSeq++;
  const idb = db.backendDB();
  const tx = idb.transaction(['purchases', 'stats', 'outbox', 'settings', 'ledger'], 'readwrite');
  const at = Date.now();
  const id = `00000000-0000-7000-a000-${String(i).padStart(12, '0')}`;
  tx.objectStore('purchases').put({ id, guestId, purchasedAt: at, amount: 35_000, items: [], pointsRedeemed: 50, voided: null, syncState: 0, voidState: null });
  tx.objectStore('stats').put({ guestId, purchaseCount: 6, firstPurchaseAt: at, lastPurchaseAt: at, totalSpend: 150_000, base: null });
  tx.objectStore('outbox').add({ mutationId: id, mutation: { kind: 'purchase.record', purchaseId: id }, createdAt: at, hlc: String(at) });
  tx.objectStore('settings').put({ key: 'hlc', value: String(at) });
  for (const kind of ['redemption', 'accrual']) {
    tx.objectStore('ledger').put({ id: `${id}-${kind}`, guestId, kind, points: 1, at, purchaseId: id, reverses: null, mutationId: id, syncState: 0 });
  }
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

/**
 * A purchase spending points (recordPurchase: balance view, redemption rules, accrual, six
 * rows in one transaction) and a bare transaction of as many rows, alternated so both meet
 * the same database and the same machine load.
 */
async function pointsCommitLatencies(n: number): Promise<{ counter: number[]; bare: number[]; rows: number }> {
  const r = rand(17);
  const counter: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < n; i++) {
    const guestId = ids[Math.floor(r() * ids.length)]!;
    let t = performance.now();
    await recordPurchase(db, { guestId, amount: '350', items: [{ name: 'Латте', qty: 1 }], points: '50', online: false }, new Date());
    counter.push(performance.now() - t);
    t = performance.now();
    await bareCommit(guestId);
    bare.push(performance.now() - t);
  }
  return { counter, bare, rows: ROWS_PER_POINTS_COMMIT };
}

/**
 * `n` live promotions of every kind the owner makes: aimed at each segment or at everyone,
 * with and without weekdays, a window, a date range, a minimum check and a per-guest limit.
 */
async function seedPromotions(n: number): Promise<void> {
  const segments = [...DEFAULT_RULES.segments.map((x) => x.id), null];
  const benefits: Benefit[] = [
    { kind: 'percent', percent: 20 },
    { kind: 'rubles', amount: 150_00 as Kopecks },
    { kind: 'points-x', multiplier: 2 },
    { kind: 'gift', text: 'Маффин' },
  ];
  const limits: UseLimit[] = ['none', 'once', 'daily'];
  const rows: Promotion[] = [];
  for (let i = 0; i < n; i++) {
    const segment = segments[i % segments.length]!;
    rows.push({
      id: `00000000-0000-7000-b000-${String(i).padStart(12, '0')}` as PromotionId,
      status: 'active',
      name: `Акция ${i + 1}`,
      audience: segment ? [segment] : [],
      weekdays: i % 3 === 0 ? [1, 2, 3, 4, 5] : [],
      window: i % 2 === 0 ? { from: '00:00', to: '24:00' } : null,
      starts: i % 4 === 0 ? ('2026-01-01' as Promotion['starts']) : null,
      ends: i % 4 === 0 ? ('2099-12-31' as Promotion['ends']) : null,
      benefit: benefits[i % benefits.length]!,
      minCheck: i % 5 === 0 ? (300_00 as Kopecks) : null,
      limit: limits[i % limits.length]!,
    });
  }
  await db.promotions.clear();
  await storePromotions(db, rows);
}

/**
 * The offers for each of `n` guests now (guestOffers: segment as of now, eligibility of every
 * promotion): first as each guest's card opens (the guest's rows read), then, in a second pass
 * over the same guests, as the purchase screen lists them again for the check keyed in (from the
 * rows the card read, kept: nothing was written in between).
 */
async function offersLatencies(n: number): Promise<{ latencies: number[]; kept: number[]; offers: number }> {
  const r = rand(19);
  const guests = Array.from({ length: n }, () => ids[Math.floor(r() * ids.length)]!);
  const latencies: number[] = [];
  const kept: number[] = [];
  let offers = 0;
  for (const guestId of guests) {
    const t = performance.now();
    offers += (await guestOffers(db, guestId, new Date())).length;
    latencies.push(performance.now() - t);
  }
  for (const guestId of guests) {
    const t = performance.now();
    await guestOffers(db, guestId, new Date(), 350_00 as Kopecks);
    kept.push(performance.now() - t);
  }
  return { latencies, kept, offers: offers / n };
}

/**
 * A purchase with an offer the guest card listed and points spent (recordPurchase: the offer
 * re-checked as of now over the guest's uses, its discount, the balance view, redemption
 * rules, the accrual; the same six rows as with points alone), alternated with a bare
 * transaction of as many rows. The card's list is read before the clock starts, as the
 * barista sees it before tapping.
 */
async function offerCommitLatencies(n: number): Promise<{ counter: number[]; bare: number[]; rows: number; kinds: Record<string, number> }> {
  const r = rand(23);
  const counter: number[] = [];
  const bare: number[] = [];
  const kinds: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const guestId = ids[Math.floor(r() * ids.length)]!;
    const offers = await guestOffers(db, guestId, new Date(), 350_00 as Kopecks);
    const offer = offers[Math.floor(r() * offers.length)];
    if (!offer) throw new Error('a bench guest with no offer');
    kinds[offer.benefit.kind] = (kinds[offer.benefit.kind] ?? 0) + 1;
    let t = performance.now();
    await recordPurchase(db, { guestId, amount: '350', items: [{ name: 'Латте', qty: 1 }], points: '50', online: false, promotionId: offer.id }, new Date());
    counter.push(performance.now() - t);
    t = performance.now();
    await bareCommit(guestId);
    bare.push(performance.now() - t);
  }
  return { counter, bare, rows: ROWS_PER_POINTS_COMMIT, kinds };
}

const counterBench = {
  seed,
  commitLatencies,
  lookupLatencies,
  seedBalances,
  pointsCommitLatencies,
  seedPromotions,
  offersLatencies,
  offerCommitLatencies,
};
/** What the benchmark finds on the page's global object. */
export type CounterBenchWindow = { counterBench: typeof counterBench };
Object.assign(globalThis, { counterBench });
