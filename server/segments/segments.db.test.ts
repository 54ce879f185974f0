import fc from 'fast-check';
import { expect, it } from 'vitest';
import { addCalendarDays, localDateOf, startOfLocalDay, type LocalDate, type TimeZone } from '../../shared/domain/calendar.ts';
import { statsFromPurchases } from '../../shared/domain/guest.ts';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import { newId } from '../new-id.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import { classifyGuest } from '../../shared/segments/classify.ts';
import { DEFAULT_RULES, PRESETS } from '../../shared/segments/presets.ts';
import { segmentIds } from '../../shared/segments/rules.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import type { Db } from '../db/db.ts';
import { ensureCafe, setRuleSet, setTimeZone, type Cafe } from '../cafe/cafes.repo.ts';
import { insertGuests } from '../guests/guests.repo.ts';
import { moveRecentWindow, recordPurchases, voidPurchase } from '../purchases/purchases.repo.ts';
import { guestSegments, RECENT_DAYS, recordSegmentChanges, segmentReport } from './segments.repo.ts';

interface GuestPlan {
  phone: E164Phone;
  registeredAt: Date;
  purchases: { id: PurchaseId; at: Date; amount: Kopecks; voided: boolean }[];
}

const TODAY = '2026-11-22' as LocalDate;

/** Guests spread over a year, with purchases clustered near day boundaries and thresholds. */
function plans(zone: TimeZone, count: number, seed: number): GuestPlan[] {
  const minuteOfDay = fc.oneof(fc.constantFrom(0, 1, 23 * 60 + 59, 23 * 60 + 50, 12 * 60), fc.integer({ min: 0, max: 1439 }));
  const dayArb = fc.oneof(fc.constantFrom(0, 1, 6, 7, 13, 14, 15, 19, 20, 29, 30, 31, 39, 40, 59, 60, 61, 62), fc.integer({ min: 0, max: 400 }));
  const at = (days: number, minutes: number) => new Date(startOfLocalDay(addCalendarDays(TODAY, -days), zone).getTime() + minutes * 60_000);
  const arb = fc.record({
    reg: dayArb,
    regMinute: minuteOfDay,
    purchases: fc.array(
      fc.record({ day: dayArb, minute: minuteOfDay, amount: fc.integer({ min: 1, max: 120_000 }), voided: fc.integer({ min: 0, max: 6 }).map((n) => n === 0) }),
      {
        maxLength: 40,
      },
    ),
  });
  return fc.sample(arb, { seed, numRuns: count }).map((g, i) => ({
    phone: `+7900${String(i).padStart(7, '0')}` as E164Phone,
    registeredAt: at(g.reg, g.regMinute),
    purchases: g.purchases.map((p) => ({ id: newId<PurchaseId>(), at: at(Math.min(p.day, g.reg), p.minute), amount: p.amount as Kopecks, voided: p.voided })),
  }));
}

async function store(db: Db, cafe: Cafe, guests: GuestPlan[]): Promise<void> {
  for (const table of ['segment_history', 'purchase_voids', 'purchases', 'guest_stats', 'guests']) await db.query(`DELETE FROM ${table}`);
  const stored = await insertGuests(
    db,
    cafe.id,
    guests.map((g) => ({ id: newId<GuestId>(), phone: g.phone, name: null, registeredAt: g.registeredAt, via: 'counter' })),
  );
  const idOf = new Map(stored.map((s) => [s.phone, s.id]));
  const purchases = guests.flatMap((g) =>
    g.purchases.map((p) => ({ id: p.id, guestId: idOf.get(g.phone)!, purchasedAt: p.at, amount: p.amount, source: 'test' })),
  );
  await recordPurchases(db, cafe.id, purchases);
  await db.transaction(async (tx) => {
    for (const g of guests) for (const p of g.purchases) if (p.voided) await voidPurchase(tx, p.id, p.at, 'test');
  });
}

function expected(guests: GuestPlan[], cafe: Cafe, asOf: Date): Map<string, string> {
  const today = localDateOf(asOf, cafe.timeZone);
  return new Map(
    guests
      .filter((g) => g.registeredAt <= asOf)
      .map((g) => {
        const upTo = g.purchases.filter((p) => p.at <= asOf).map((p) => ({ purchasedAt: p.at, amount: p.amount, voidedAt: p.voided ? p.at : null }));
        return [g.phone, classifyGuest(statsFromPurchases(g.registeredAt, upTo), today, cafe.timeZone, cafe.rules)];
      }),
  );
}

describeOnBackends('segments in SQL agree with the shared classifier', ({ db }) => {
  for (const zone of ['Europe/Moscow', 'Asia/Vladivostok', 'America/New_York'] as TimeZone[]) {
    it(`for every preset, as of now and of past moments, in ${zone}`, async () => {
      const base = await ensureCafe(db());
      await setTimeZone(db(), base.id, zone);
      const guests = plans(zone, 250, zone.length);
      await store(db(), base, guests);
      const moments = [
        startOfLocalDay(addCalendarDays(TODAY, 1), zone), // first instant of tomorrow: after every purchase (live stats)
        new Date(startOfLocalDay(TODAY, zone).getTime() - 1), // last instant of yesterday (stats rebuilt)
        new Date(startOfLocalDay(addCalendarDays(TODAY, -30), zone).getTime() + 10 * 60_000),
      ];
      for (const rules of PRESETS) {
        await setRuleSet(db(), base.id, rules);
        const cafe = await ensureCafe(db());
        for (const asOf of moments) {
          const want = expected(guests, cafe, asOf);
          const got = await guestSegments(db(), cafe, asOf);
          expect(new Map(got.map((g) => [g.phone, g.segment]))).toEqual(want);

          const report = await segmentReport(db(), cafe, asOf);
          expect(report.segments.map((s) => s.id)).toEqual(segmentIds(rules));
          const counts = Object.fromEntries(segmentIds(rules).map((id) => [id, [...want.values()].filter((s) => s === id).length]));
          expect(Object.fromEntries(report.segments.map((s) => [s.id, s.guests]))).toEqual(counts);
          expect(report.totalGuests).toBe(want.size);
        }
      }
      await setRuleSet(db(), base.id, DEFAULT_RULES);
    });
  }

  it('reports spend and average check per segment from non-voided purchases', async () => {
    const cafe = await ensureCafe(db());
    await setTimeZone(db(), cafe.id, 'Europe/Moscow' as TimeZone);
    const guests = plans('Europe/Moscow' as TimeZone, 120, 99);
    await store(db(), cafe, guests);
    const asOf = startOfLocalDay(addCalendarDays(TODAY, 1), cafe.timeZone);
    const want = expected(guests, await ensureCafe(db()), asOf);
    const report = await segmentReport(db(), await ensureCafe(db()), asOf);
    for (const s of report.segments) {
      const members = guests.filter((g) => want.get(g.phone) === s.id);
      const live = members.flatMap((g) => g.purchases.filter((p) => !p.voided));
      expect(s.purchases).toBe(live.length);
      expect(s.totalSpend).toBe(live.reduce((n, p) => n + p.amount, 0));
    }
  });

  it("keeps each guest's 30-day totals through purchases, late uploads and voids, and reports the same as from the purchases", async () => {
    const zone = 'Europe/Moscow' as TimeZone;
    const cafe = await ensureCafe(db());
    await setTimeZone(db(), cafe.id, zone);
    const guests = plans(zone, 150, 7);
    await store(db(), cafe, guests);
    const asOf = startOfLocalDay(addCalendarDays(TODAY, 1), zone); // just after every planned purchase
    const slow = await segmentReport(db(), cafe, asOf);
    expect(slow.recentSource).toBe('purchases');
    const day = localDateOf(asOf, zone);
    await db().transaction((tx) =>
      moveRecentWindow(tx, cafe.id, startOfLocalDay(addCalendarDays(day, 1 - RECENT_DAYS), zone), startOfLocalDay(addCalendarDays(day, 1), zone)),
    );
    const kept = await segmentReport(db(), cafe, asOf);
    expect(kept.recentSource).toBe('window');
    expect(kept.segments).toEqual(slow.segments);

    // After the window moved: a tablet uploads purchases made offline days ago, today's, and voids some.
    const stored = await db().query<{ id: string; phone: string }>('SELECT id, phone FROM guests');
    const later = stored.slice(0, 40).flatMap((g, i) => [
      {
        id: newId<PurchaseId>(),
        guestId: g.id as GuestId,
        purchasedAt: new Date(asOf.getTime() - (i % 35) * 86_400_000 - 3_600_000),
        amount: (1000 + i) as Kopecks,
        source: 'test',
      },
      { id: newId<PurchaseId>(), guestId: g.id as GuestId, purchasedAt: new Date(asOf.getTime() + 60_000 * (i + 1)), amount: 500 as Kopecks, source: 'test' },
    ]);
    await recordPurchases(db(), cafe.id, later);
    await db().transaction(async (tx) => {
      for (const p of later.filter((_, i) => i % 5 === 0)) await voidPurchase(tx, p.id, p.purchasedAt, 'test');
      const [old] = await tx.query<{ id: string; purchased_at: Date }>(
        "SELECT id, purchased_at FROM purchases WHERE source <> 'test' OR purchased_at < $1 ORDER BY purchased_at DESC LIMIT 1",
        [asOf.toISOString()],
      );
      if (old) await voidPurchase(tx, old.id as PurchaseId, asOf, 'test');
    });
    const reportAt = new Date(asOf.getTime() + 3_600_000 * 2);
    const fast = await segmentReport(db(), cafe, reportAt);
    expect(fast.recentSource).toBe('window');
    await db().query('UPDATE cafes SET recent_to = NULL');
    const fromPurchases = await segmentReport(db(), cafe, reportAt);
    expect(fromPurchases.recentSource).toBe('purchases');
    expect(fast.segments).toEqual(fromPurchases.segments);
    expect(fast.segments.reduce((n, s) => n + s.recentPurchases, 0)).toBeGreaterThan(0);
  });

  it("counts the segments recorded today exactly as classifying now would, for every preset, and only when they are today's", async () => {
    const zone = 'Asia/Vladivostok' as TimeZone;
    const base = await ensureCafe(db());
    await setTimeZone(db(), base.id, zone);
    const guests = plans(zone, 200, 31);
    await store(db(), base, guests);
    const { resegmentIfNewDay } = await import('./resegment.ts');
    let morning = new Date(0);
    const both = async (cafe: Cafe, at: Date) => {
      const fast = await segmentReport(db(), cafe, at);
      const day = await db().query<{ d: string | null }>('SELECT last_resegment_day::text AS d FROM cafes');
      await db().query('UPDATE cafes SET last_resegment_day = NULL');
      const cells = await segmentReport(db(), cafe, at);
      await db().query('UPDATE cafes SET last_resegment_day = $1', [day[0]!.d]);
      expect(cells.segmentSource).toBe('cells');
      expect(fast.segments).toEqual(cells.segments);
      return fast.segmentSource;
    };
    for (const [k, rules] of PRESETS.entries()) {
      // Each preset on a day of its own, after every purchase so far.
      morning = new Date(startOfLocalDay(addCalendarDays(TODAY, 1 + k), zone).getTime() + 60_000);
      await setRuleSet(db(), base.id, rules);
      const cafe = await ensureCafe(db());
      expect((await segmentReport(db(), cafe, morning)).segmentSource).toBe('cells'); // new rules: not recorded yet
      await resegmentIfNewDay(db(), cafe.id, morning);
      expect(await both(cafe, new Date(morning.getTime() + 3_600_000))).toBe('recorded');

      // Purchases through the day, recorded for the guests they touch as a push does.
      const stored = await db().query<{ id: string }>('SELECT guest_id AS id FROM guest_stats ORDER BY guest_id LIMIT 30');
      const at = new Date(morning.getTime() + 2 * 3_600_000);
      await db().transaction(async (tx) => {
        await recordPurchases(
          tx,
          cafe.id,
          stored.map((g, i) => ({
            id: newId<PurchaseId>(),
            guestId: g.id as GuestId,
            purchasedAt: new Date(at.getTime() - i * 86_400_000),
            amount: 25_000 as Kopecks,
            source: 'test',
          })),
        );
        await recordSegmentChanges(
          tx,
          cafe,
          at,
          stored.map((g) => g.id as GuestId),
        );
      });
      expect(await both(cafe, new Date(at.getTime() + 60_000))).toBe('recorded');
      // Before those purchases, or on the next day before the job, the recorded segments do not serve.
      expect((await segmentReport(db(), cafe, new Date(at.getTime() - 60_000))).segmentSource).toBe('cells');
      expect((await segmentReport(db(), cafe, new Date(morning.getTime() + 86_400_000))).segmentSource).toBe('cells');
    }
    // A guest registered after the report's moment: counted only from then on.
    const cafe = await ensureCafe(db());
    await insertGuests(db(), cafe.id, [
      { id: newId<GuestId>(), phone: '+79990001234' as E164Phone, name: null, registeredAt: new Date(morning.getTime() + 5 * 3_600_000), via: 'counter' },
    ]);
    expect((await segmentReport(db(), cafe, new Date(morning.getTime() + 4 * 3_600_000))).segmentSource).toBe('cells');
    await setRuleSet(db(), base.id, DEFAULT_RULES);
    await setTimeZone(db(), base.id, 'Europe/Moscow' as TimeZone);
  });

  it('records each movement once, and the ones time alone causes', async () => {
    const cafe = await ensureCafe(db());
    await setTimeZone(db(), cafe.id, 'Europe/Moscow' as TimeZone);
    const zone = 'Europe/Moscow' as TimeZone;
    const guests: GuestPlan[] = [
      {
        phone: '+79990000001' as E164Phone,
        registeredAt: startOfLocalDay('2026-10-01' as LocalDate, zone),
        purchases: ['2026-10-05', '2026-10-12', '2026-10-20', '2026-11-08'].map((d) => ({
          id: newId<PurchaseId>(),
          at: new Date(startOfLocalDay(d as LocalDate, zone).getTime() + 9 * 3600_000),
          amount: 30000 as Kopecks,
          voided: false,
        })),
      },
    ];
    await store(db(), cafe, guests);
    await db().query('DELETE FROM segment_history');
    const day = (d: string) => new Date(startOfLocalDay(d as LocalDate, zone).getTime() + 10 * 3600_000);
    const first = await db().transaction((tx) => recordSegmentChanges(tx, cafe, day('2026-11-22')));
    expect(first.map((c) => [c.from, c.to])).toEqual([[null, 'active']]);
    expect(await db().transaction((tx) => recordSegmentChanges(tx, cafe, day('2026-11-22')))).toEqual([]);
    const later = await db().transaction((tx) => recordSegmentChanges(tx, cafe, day('2026-11-23')));
    expect(later.map((c) => [c.from, c.to])).toEqual([['active', 'leaving']]);
    const history = await db().query<{ from_segment: string | null; to_segment: string }>('SELECT from_segment, to_segment FROM segment_history ORDER BY id');
    expect(history).toEqual([
      { from_segment: null, to_segment: 'active' },
      { from_segment: 'active', to_segment: 'leaving' },
    ]);
  });
});
