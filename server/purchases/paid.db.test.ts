import { expect, it } from 'vitest';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { insertGuests } from '../guests/guests.repo.ts';
import { newId } from '../new-id.ts';
import { resegmentIfNewDay } from '../segments/resegment.ts';
import { segmentGuests } from '../segments/segment-guests.repo.ts';
import { segmentReport } from '../segments/segments.repo.ts';
import { recordPurchases, voidPurchase } from './purchases.repo.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describeOnBackends('paid money (amount − discount − points) is what stats and reports count', ({ db }) => {
  it('keeps paid spend in the guest’s lifetime, recent and tier totals, through purchases, a void and the daily window', async () => {
    const cafe = await ensureCafe(db());
    const g = newId<GuestId>();
    await insertGuests(db(), cafe.id, [{ id: g, phone: '+79210000001' as E164Phone, name: 'Анна', registeredAt: daysAgo(100), via: 'counter' }]);
    const voided = newId<PurchaseId>();
    await recordPurchases(db(), cafe.id, [
      // 1 000 ₽ less 100 ₽ off less 200 points = 700 ₽ paid; 500 ₽ less 50 points = 450 ₽; 300 ₽ paid in full, voided.
      { id: newId(), guestId: g, purchasedAt: daysAgo(40), amount: 100000 as Kopecks, discount: 10000 as Kopecks, pointsRedeemed: 200, source: 'counter' },
      { id: newId(), guestId: g, purchasedAt: daysAgo(2), amount: 50000 as Kopecks, pointsRedeemed: 50, source: 'counter' },
      { id: voided, guestId: g, purchasedAt: daysAgo(1), amount: 30000 as Kopecks, source: 'counter' },
    ]);
    const stats = () =>
      db().query<{ total_spend: number; recent_spend: number; tier_spend: number }>(
        'SELECT total_spend, recent_spend, tier_spend FROM guest_stats WHERE guest_id = $1',
        [g],
      );
    expect(await stats()).toEqual([{ total_spend: 145000, recent_spend: 0, tier_spend: 145000 }]);
    await voidPurchase(db(), voided, daysAgo(1), 'ошибка');
    expect(await stats()).toEqual([{ total_spend: 115000, recent_spend: 0, tier_spend: 115000 }]);
    // The daily job moves the recent window to the last 30 café days: only the 450 ₽ is in it.
    await resegmentIfNewDay(db(), cafe.id, NOW);
    expect(await stats()).toEqual([{ total_spend: 115000, recent_spend: 45000, tier_spend: 115000 }]);

    const report = await segmentReport(db(), cafe, NOW);
    const row = report.segments.find((s) => s.guests === 1)!;
    expect(row).toMatchObject({ purchases: 2, totalSpend: 115000, averageCheck: 57500, recentPurchases: 1, recentRevenue: 45000, recentAverageCheck: 45000 });
    // A moment in the past reads the purchases themselves: paid money there too.
    const past = await segmentReport(db(), cafe, daysAgo(20));
    expect(past.recentSource).toBe('purchases');
    expect(past.segments.find((s) => s.guests === 1)).toMatchObject({ purchases: 1, totalSpend: 70000, recentRevenue: 70000 });
    const list = await segmentGuests(db(), cafe, NOW, { segment: row.id, sort: 'spend', dir: 'desc', offset: 0, limit: 10 });
    expect(list.guests.map((x) => x.totalSpend)).toEqual([115000]);
  });

  it('refuses at the database a purchase whose discount and points exceed the check', async () => {
    const cafe = await ensureCafe(db());
    const g = newId<GuestId>();
    await insertGuests(db(), cafe.id, [{ id: g, phone: '+79210000002' as E164Phone, name: null, registeredAt: daysAgo(5), via: 'counter' }]);
    await expect(
      recordPurchases(db(), cafe.id, [
        { id: newId(), guestId: g, purchasedAt: daysAgo(1), amount: 10000 as Kopecks, discount: 5000 as Kopecks, pointsRedeemed: 51, source: 'counter' },
      ]),
    ).rejects.toThrow();
    expect(await db().query('SELECT count(*)::int AS n FROM purchases WHERE guest_id = $1', [g])).toEqual([{ n: 0 }]);
  });
});
