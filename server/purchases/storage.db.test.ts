import { expect, it } from 'vitest';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import { newId } from '../new-id.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import { DEFAULT_RULES } from '../../shared/segments/presets.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { migrate } from '../db/migrate.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { guestsByPhone, insertGuests, moveRegistrationEarlier } from '../guests/guests.repo.ts';
import { recordPurchases, UnknownGuestError, voidPurchase } from './purchases.repo.ts';

const phone = (n: number) => `+7912${String(n).padStart(7, '0')}` as E164Phone;
const T = (iso: string) => new Date(iso);

describeOnBackends('storage', ({ db }) => {
  it('applies migrations once and creates the café with the default rules in Moscow', async () => {
    expect(await migrate(db())).toEqual([]);
    const cafe = await ensureCafe(db());
    expect(cafe.timeZone).toBe('Europe/Moscow');
    expect(cafe.rules).toEqual(DEFAULT_RULES);
    expect((await ensureCafe(db())).id).toBe(cafe.id);
  });

  it('keeps one guest per phone and creates their stats with them', async () => {
    const cafe = await ensureCafe(db());
    const g = { id: newId<GuestId>(), phone: phone(1), name: 'Анна', registeredAt: T('2026-01-10T09:00:00Z'), via: 'counter' as const };
    expect(await insertGuests(db(), cafe.id, [g])).toHaveLength(1);
    expect(await insertGuests(db(), cafe.id, [{ ...g, id: newId<GuestId>(), name: 'Другая' }])).toHaveLength(0);
    const stored = await guestsByPhone(db(), cafe.id, [phone(1)]);
    expect(stored.map((s) => s.id)).toEqual([g.id]);
    const stats = await db().query<{ purchase_count: number; registered_at: Date }>(
      'SELECT purchase_count, registered_at FROM guest_stats WHERE guest_id = $1',
      [g.id],
    );
    expect(stats).toEqual([{ purchase_count: 0, registered_at: g.registeredAt }]);
  });

  it('refuses a phone that is not E.164 Russian mobile at the database too', async () => {
    const cafe = await ensureCafe(db());
    await expect(
      insertGuests(db(), cafe.id, [{ id: newId(), phone: '89120000000' as E164Phone, name: null, registeredAt: new Date(), via: 'counter' }]),
    ).rejects.toThrow();
  });

  it('adds purchases to the stats in the same statement, once per purchase id', async () => {
    const cafe = await ensureCafe(db());
    const [g] = await insertGuests(db(), cafe.id, [{ id: newId(), phone: phone(2), name: null, registeredAt: T('2026-01-01T00:00:00Z'), via: 'counter' }]);
    const purchases = [
      { id: newId<PurchaseId>(), guestId: g!.id, purchasedAt: T('2026-02-01T10:00:00Z'), amount: 35000 as Kopecks, source: 'test' },
      { id: newId<PurchaseId>(), guestId: g!.id, purchasedAt: T('2026-01-15T10:00:00Z'), amount: 15050 as Kopecks, source: 'test' },
    ];
    expect(await recordPurchases(db(), cafe.id, purchases)).toBe(2);
    expect(await recordPurchases(db(), cafe.id, purchases)).toBe(0);
    const stats = await db().query('SELECT purchase_count, first_purchase_at, last_purchase_at, total_spend FROM guest_stats WHERE guest_id = $1', [g!.id]);
    expect(stats).toEqual([
      { purchase_count: 2, first_purchase_at: T('2026-01-15T10:00:00Z'), last_purchase_at: T('2026-02-01T10:00:00Z'), total_spend: 50050 },
    ]);

    expect(await db().transaction((tx) => voidPurchase(tx, purchases[0]!.id, T('2026-02-01T10:05:00Z'), 'ошибка'))).toBe(true);
    expect(await db().transaction((tx) => voidPurchase(tx, purchases[0]!.id, T('2026-02-01T10:06:00Z'), 'again'))).toBe(true);
    const after = await db().query('SELECT purchase_count, first_purchase_at, last_purchase_at, total_spend FROM guest_stats WHERE guest_id = $1', [g!.id]);
    expect(after).toEqual([
      { purchase_count: 1, first_purchase_at: T('2026-01-15T10:00:00Z'), last_purchase_at: T('2026-01-15T10:00:00Z'), total_spend: 15050 },
    ]);
    expect(await db().transaction((tx) => voidPurchase(tx, newId(), new Date(), 'unknown'))).toBe(false);
  });

  it("refuses a batch naming an unknown guest or another café's guest, storing none of it", async () => {
    const cafe = await ensureCafe(db());
    const [g] = await insertGuests(db(), cafe.id, [{ id: newId(), phone: phone(6), name: null, registeredAt: T('2026-01-01T00:00:00Z'), via: 'counter' }]);
    const good = { id: newId<PurchaseId>(), guestId: g!.id, purchasedAt: T('2026-02-01T10:00:00Z'), amount: 100 as Kopecks, source: 'test' };
    const stranger = { ...good, id: newId<PurchaseId>(), guestId: newId<GuestId>() };
    await expect(recordPurchases(db(), cafe.id, [good, stranger])).rejects.toThrow(UnknownGuestError);
    await expect(recordPurchases(db(), newId(), [{ ...good, id: newId<PurchaseId>() }])).rejects.toThrow(UnknownGuestError);
    expect(await db().query('SELECT id FROM purchases WHERE guest_id = $1', [g!.id])).toEqual([]);
    expect(await db().query('SELECT purchase_count FROM guest_stats WHERE guest_id = $1', [g!.id])).toEqual([{ purchase_count: 0 }]);
  });

  it('rolls back everything a failed transaction wrote', async () => {
    const cafe = await ensureCafe(db());
    const before = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM guests');
    await expect(
      db().transaction(async (tx) => {
        await insertGuests(tx, cafe.id, [{ id: newId(), phone: phone(3), name: null, registeredAt: new Date(), via: 'counter' }]);
        await recordPurchases(tx, cafe.id, [{ id: newId(), guestId: newId(), purchasedAt: new Date(), amount: 100 as Kopecks, source: 'x' }]);
      }),
    ).rejects.toThrow();
    expect(await db().query('SELECT count(*)::int AS n FROM guests')).toEqual(before);
  });

  it('moves a purchase-registered guest back to an earlier purchase, never a registered one', async () => {
    const cafe = await ensureCafe(db());
    const [a, b] = await insertGuests(db(), cafe.id, [
      { id: newId(), phone: phone(4), name: null, registeredAt: T('2026-03-01T00:00:00Z'), via: 'import-purchase' },
      { id: newId(), phone: phone(5), name: null, registeredAt: T('2026-03-01T00:00:00Z'), via: 'import' },
    ]);
    await moveRegistrationEarlier(db(), [
      { guestId: a!.id, registeredAt: T('2026-02-01T00:00:00Z') },
      { guestId: b!.id, registeredAt: T('2026-02-01T00:00:00Z') },
    ]);
    const rows = await db().query<{ phone: string; g: Date; s: Date }>(
      'SELECT g.phone, g.registered_at AS g, s.registered_at AS s FROM guests g JOIN guest_stats s ON s.guest_id = g.id WHERE g.phone = ANY($1) ORDER BY g.phone',
      [[phone(4), phone(5)]],
    );
    expect(rows).toEqual([
      { phone: phone(4), g: T('2026-02-01T00:00:00Z'), s: T('2026-02-01T00:00:00Z') },
      { phone: phone(5), g: T('2026-03-01T00:00:00Z'), s: T('2026-03-01T00:00:00Z') },
    ]);
  });
});
