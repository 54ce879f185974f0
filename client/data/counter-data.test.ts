import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import { mutationSchema } from '../../shared/sync/mutations.ts';
import { CounterDb } from './db.ts';
import { CounterError } from './errors.ts';
import { guestSegment } from './guest-segment.ts';
import { searchGuests } from './guest-search.ts';
import { FormError, registerGuest, updateGuest } from './guests.ts';
import { recordPurchase, shiftPurchases, voidPurchase } from './purchases.ts';

const NOW = new Date('2026-11-22T09:00:00Z'); // 12:00 in Moscow
const minutesLater = (m: number) => new Date(NOW.getTime() + m * 60_000);
const daysBefore = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
let db: CounterDb;

beforeEach(async () => {
  db = new CounterDb(`test-${Math.random()}`);
  await db.open();
});

const register = (phone = '+7 912 345-67-89', when = NOW) => registerGuest(db, { phone, name: ' Анна ', birthday: '1990-05-01', consent: false }, when);

async function everything() {
  return { guests: await db.guests.toArray(), purchases: await db.purchases.toArray(), stats: await db.stats.toArray(), outbox: await db.outbox.toArray() };
}

describe('registering a guest', () => {
  it('stores the guest, their stats and an outbox entry; consent is off and stamped', async () => {
    const g = await register();
    expect(g).toMatchObject({
      phone: '+79123456789',
      digits: '9123456789',
      last4: '6789',
      name: 'Анна',
      birthday: '1990-05-01',
      consent: { granted: false, at: NOW.toISOString() },
    });
    expect(await db.stats.get(g.id)).toMatchObject({ purchaseCount: 0 });
    expect(await guestSegment(db, g.id, NOW)).toBe('newcomer');
    const outbox = await db.outbox.toArray();
    expect(outbox.map((o) => o.mutation.kind)).toEqual(['guest.register']);
    expect(mutationSchema.safeParse(outbox[0]!.mutation).success).toBe(true);
  });

  it.each([
    [{ phone: '12345' }, { phone: 'phone-invalid' }],
    [{ phone: '+7 495 123-45-67' }, { phone: 'phone-invalid' }],
    [{ birthday: '2030-01-01' }, { birthday: 'birthday-in-future' }],
    [{ birthday: '2026-02-30' }, { birthday: 'birthday-invalid' }],
    [{ name: 'x'.repeat(121) }, { name: 'name-too-long' }],
  ])('refuses %j beside the field and stores nothing', async (bad, fields) => {
    const before = await everything();
    const error = await registerGuest(db, { phone: '+79120000000', name: '', birthday: '', consent: true, ...bad }, NOW).catch((e) => e);
    expect(error).toBeInstanceOf(FormError);
    expect(error.fields).toEqual(fields);
    expect(await everything()).toEqual(before);
  });

  it('refuses a phone already registered, in any format', async () => {
    await register('89123456789');
    const error = await register('+7 (912) 345 67 89').catch((e) => e);
    expect(error.fields).toEqual({ phone: 'phone-taken' });
    expect(await db.guests.count()).toBe(1);
  });
});

describe('recording a purchase', () => {
  it('writes the purchase, the stats and the outbox entry together; the segment follows as of each purchase', async () => {
    const g = await registerGuest(db, { phone: '+79120000001', name: '', birthday: '', consent: false }, daysBefore(40));
    // Registered 40 days ago; the segment is computed as of each purchase.
    const segments: string[] = [];
    for (const [i, amount] of ['300', '250,50', '410'].entries()) {
      await recordPurchase(db, { guestId: g.id, amount, items: [] }, daysBefore(30 - i));
      segments.push(await guestSegment(db, g.id, daysBefore(30 - i)));
    }
    expect(segments).toEqual(['newcomer', 'newcomer', 'none']);
    const p = await recordPurchase(db, { guestId: g.id, amount: '180', items: [{ name: 'Латте', qty: 2 }] }, NOW);
    expect(p).toMatchObject({ amount: 18000, items: [{ name: 'Латте', qty: 2 }], voided: null, purchasedAt: NOW.getTime() });
    expect(await db.stats.get(g.id)).toStrictEqual({
      guestId: g.id,
      purchaseCount: 4,
      firstPurchaseAt: daysBefore(30).getTime(),
      lastPurchaseAt: NOW.getTime(),
      totalSpend: 30000 + 25050 + 41000 + 18000,
      base: null,
    });
    expect(await guestSegment(db, g.id, NOW)).toBe('active');
    const outbox = await db.outbox.toArray();
    expect(outbox.map((o) => o.mutation.kind)).toEqual(['guest.register', 'purchase.record', 'purchase.record', 'purchase.record', 'purchase.record']);
    expect(outbox.every((o) => mutationSchema.safeParse(o.mutation).success)).toBe(true);
  });

  it.each([
    ['0', 'amount-zero'],
    ['-50', 'amount-not-number'],
    ['abc', 'amount-not-number'],
    ['', 'amount-empty'],
    ['50000,01', 'amount-over-ceiling'],
  ])('refuses the amount %j (%s) and stores nothing', async (amount, code) => {
    const g = await register();
    const before = await everything();
    const error = await recordPurchase(db, { guestId: g.id, amount, items: [] }, NOW).catch((e) => e);
    expect(error).toBeInstanceOf(CounterError);
    expect(error.code).toBe(code);
    expect(await everything()).toEqual(before);
  });

  it('leaves nothing half-written when the disk is full, and says so', async () => {
    const g = await register();
    const before = await everything();
    db.outbox.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const error = await recordPurchase(db, { guestId: g.id, amount: '300', items: [] }, NOW).catch((e) => e);
    expect(error).toBeInstanceOf(CounterError);
    expect(error.code).toBe('storage-full');
    expect(await everything()).toEqual(before);
  });

  it('keeps what was committed across a reopen (a reload)', async () => {
    const g = await register();
    await recordPurchase(db, { guestId: g.id, amount: '300', items: [] }, NOW);
    db.close();
    const again = new CounterDb(db.name);
    expect(await again.purchases.count()).toBe(1);
    expect((await again.stats.get(g.id))!.purchaseCount).toBe(1);
    expect(await again.outbox.count()).toBe(2);
  });
});

describe('voiding a purchase', () => {
  it('marks it void with the reason, recomputes the stats and queues the void', async () => {
    const g = await register();
    const a = await recordPurchase(db, { guestId: g.id, amount: '300', items: [] }, minutesLater(1));
    const b = await recordPurchase(db, { guestId: g.id, amount: '500', items: [] }, minutesLater(2));
    const v = await voidPurchase(db, b.id, 'не та сумма', minutesLater(3));
    expect(v.voided).toEqual({ at: minutesLater(3).getTime(), reason: 'не та сумма' });
    expect(await db.stats.get(g.id)).toMatchObject({ purchaseCount: 1, totalSpend: 30000, lastPurchaseAt: a.purchasedAt });
    expect((await db.outbox.toArray()).at(-1)!.mutation).toEqual({
      kind: 'purchase.void',
      purchaseId: b.id,
      reason: 'не та сумма',
      voidedAt: minutesLater(3).toISOString(),
    });
  });

  it('refuses an empty reason, a second void and an unknown purchase', async () => {
    const g = await register();
    const p = await recordPurchase(db, { guestId: g.id, amount: '300', items: [] }, NOW);
    await expect(voidPurchase(db, p.id, '  ', NOW)).rejects.toMatchObject({ code: 'void-reason-empty' });
    await voidPurchase(db, p.id, 'ошибка', NOW);
    await expect(voidPurchase(db, p.id, 'ещё раз', NOW)).rejects.toMatchObject({ code: 'already-voided' });
    await expect(voidPurchase(db, 'nope' as PurchaseId, 'x', NOW)).rejects.toMatchObject({ code: 'purchase-not-found' });
    expect((await db.outbox.toArray()).filter((o) => o.mutation.kind === 'purchase.void')).toHaveLength(1);
  });

  it("voids to the last minute of the sale's café day, not from café midnight on, unless the owner allows more days", async () => {
    const g = await register();
    const lastMinute = new Date('2026-11-22T20:59:00Z'); // 23:59 in Moscow
    const midnight = new Date('2026-11-22T21:00:00Z');
    const [a, b] = [
      await recordPurchase(db, { guestId: g.id, amount: '300', items: [] }, NOW),
      await recordPurchase(db, { guestId: g.id, amount: '200', items: [] }, NOW),
    ];
    await expect(voidPurchase(db, a.id, 'ошибка', midnight)).rejects.toMatchObject({ code: 'void-window-closed' });
    expect((await db.purchases.get(a.id))!.voided).toBeNull();
    expect((await db.outbox.toArray()).filter((o) => o.mutation.kind === 'purchase.void')).toHaveLength(0);
    await voidPurchase(db, a.id, 'ошибка', lastMinute);
    await db.settings.put({ key: 'voidWindowDays', value: 1 });
    await voidPurchase(db, b.id, 'ошибка', midnight);
    expect((await db.outbox.toArray()).filter((o) => o.mutation.kind === 'purchase.void')).toHaveLength(2);
  });
});

describe('finding and editing guests', () => {
  beforeEach(async () => {
    for (const p of ['+79123456789', '+79123450000', '+79261116789', '+79031112233']) await register(p);
  });

  it.each([
    ['912', ['+79123456789', '+79123450000']],
    ['8 (912) 345-67', ['+79123456789']],
    ['+7 926', ['+79261116789']],
    ['6789', ['+79123456789', '+79261116789']],
    ['2233', ['+79031112233']],
    ['345', ['+79123456789', '+79123450000']],
    ['111', ['+79261116789', '+79031112233']],
    ['55', []],
  ])('%j finds %j', async (typed, phones) => {
    expect((await searchGuests(db, typed)).guests.map((g) => g.phone).sort()).toEqual([...phones].sort());
  });

  it('ranks the whole number, then its beginning, then its last digits, then digits inside', async () => {
    for (const p of ['+79991234567', '+79124567000']) await register(p);
    const found = await searchGuests(db, '4567');
    // No number starts with 4567; 999 123-45-67 ends with it; 912 345-67-89 and 912 456-70-00 hold it inside, in number order.
    expect(found.guests.map((g) => g.phone)).toEqual(['+79991234567', '+79123456789', '+79124567000']);
    expect(found.exact).toBe(null);
    const exact = await searchGuests(db, '8 912 345-67-89');
    expect(exact.exact?.phone).toBe('+79123456789');
    expect(exact.guests.map((g) => g.phone)).toEqual(['+79123456789']);
  });

  it('shows 20 and counts the rest; a guest registered since is found at once', async () => {
    for (let i = 0; i < 30; i++) await register(`+7977000${String(i).padStart(4, '0')}`);
    const found = await searchGuests(db, '977');
    expect(found.guests).toHaveLength(20);
    expect(found.total).toBe(30);
    // In number order within a rank: the first 20 of 977 000-00-00 … 977 000-00-29.
    expect(found.guests.at(-1)!.phone).toBe('+79770000019');
    await register('+79770009999');
    expect((await searchGuests(db, '977')).total).toBe(31);
    expect((await searchGuests(db, '9999')).guests.map((g) => g.phone)).toEqual(['+79770009999']);
  });

  it('saves only what changed; unsubscribing is stamped with its time', async () => {
    const {
      guests: [g],
    } = await searchGuests(db, '9031112233');
    await updateGuest(db, g!.id, { name: 'Анна', birthday: '1990-05-01', consent: true }, minutesLater(5));
    const after = await updateGuest(db, g!.id, { consent: false }, minutesLater(9));
    expect(after.consent).toEqual({ granted: false, at: minutesLater(9).toISOString() });
    const updates = (await db.outbox.toArray()).filter((o) => o.mutation.kind === 'guest.update').map((o) => o.mutation);
    expect(updates).toEqual([
      { kind: 'guest.update', guestId: g!.id, consent: { granted: true, at: minutesLater(5).toISOString() } },
      { kind: 'guest.update', guestId: g!.id, consent: { granted: false, at: minutesLater(9).toISOString() } },
    ]);
    await expect(updateGuest(db, g!.id, { birthday: '2099-01-01' }, NOW)).rejects.toBeInstanceOf(FormError);
    await expect(updateGuest(db, 'x' as GuestId, { name: 'a' }, NOW)).rejects.toMatchObject({ code: 'guest-not-found' });
  });
});

describe('the shift', () => {
  it("lists today's purchases in the café zone, newest first, with the guest", async () => {
    const g = await register();
    await recordPurchase(db, { guestId: g.id, amount: '100', items: [] }, new Date('2026-11-21T20:59:00Z')); // 23:59 yesterday, Moscow
    await recordPurchase(db, { guestId: g.id, amount: '200', items: [] }, new Date('2026-11-21T21:01:00Z')); // 00:01 today
    await recordPurchase(db, { guestId: g.id, amount: '300', items: [] }, NOW);
    const shift = await shiftPurchases(db, NOW);
    expect(shift.map((p) => p.amount)).toEqual([30000, 20000]);
    expect(shift[0]!.guest?.phone).toBe('+79123456789');
  });
});
