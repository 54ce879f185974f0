import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { addCalendarDays, startOfLocalDay, type LocalDate, type TimeZone } from '../../shared/domain/calendar.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { DEFAULT_RULES } from '../../shared/segments/presets.ts';
import { CounterDb, type GuestRow, type StatsRow } from './db.ts';
import { guestSegment, segmentAsOf } from './guest-segment.ts';
import { registerGuest } from './guests.ts';
import { recordPurchase } from './purchases.ts';
import { saveSetting } from './settings.ts';

let db: CounterDb;

beforeEach(async () => {
  db = new CounterDb(`segment-${Math.random()}`);
  await db.open();
});

/** Everything the tablet holds: nothing may change while only the calendar moves. */
async function everything() {
  return {
    guests: await db.guests.toArray(),
    purchases: await db.purchases.toArray(),
    stats: await db.stats.toArray(),
    outbox: await db.outbox.toArray(),
    settings: await db.settings.toArray(),
  };
}

/** A guest registered at `registered` with four purchases at the given instants, recorded offline (no token). */
async function regular(registered: string, purchases: string[]): Promise<GuestId> {
  const g = await registerGuest(db, { phone: '+79160001122', name: 'Олег', birthday: '', consent: false }, new Date(registered));
  for (const at of purchases) await recordPurchase(db, { guestId: g.id, amount: '300', items: [] }, new Date(at));
  return g.id;
}

describe("a guest's segment on an offline tablet", () => {
  it('moves from active to leaving at the café midnight that starts day 15 after the last purchase (Moscow), with no write', async () => {
    // Last purchase 1 November, 12:00 Moscow (UTC+3). Day 14 is 15 November; day 15 starts
    // at 00:00 Moscow on 16 November = 21:00 UTC on 15 November.
    const id = await regular('2026-10-01T09:00:00Z', ['2026-10-10T09:00:00Z', '2026-10-20T09:00:00Z', '2026-10-25T09:00:00Z', '2026-11-01T09:00:00Z']);
    const written = await everything();
    expect(await db.outbox.count()).toBe(5); // offline: nothing has left the tablet

    const asOf = async (instant: string) => guestSegment(db, id, new Date(instant));
    expect(await asOf('2026-11-01T09:00:00Z')).toBe('active'); // day 0
    expect(await asOf('2026-11-14T20:59:00Z')).toBe('active'); // day 13, 23:59
    expect(await asOf('2026-11-14T21:00:00Z')).toBe('active'); // day 14, 00:00
    expect(await asOf('2026-11-15T20:59:00Z')).toBe('active'); // day 14, 23:59
    expect(await asOf('2026-11-15T21:00:00Z')).toBe('leaving'); // day 15, 00:00
    expect(await asOf('2026-11-16T09:00:00Z')).toBe('leaving'); // day 15, noon
    expect(await asOf('2026-12-31T20:59:00Z')).toBe('leaving'); // day 60 (31 December), 23:59
    expect(await asOf('2026-12-31T21:00:00Z')).toBe('sleeping'); // day 61 (1 January), 00:00

    expect(await everything()).toEqual(written);
  });

  it("counts days in the café's own zone: New York, across the autumn clock change", async () => {
    // Last purchase 25 October, 12:00 EDT (UTC−4). Clocks go back on 1 November, so day 14
    // (8 November) is in EST (UTC−5): it ends at 23:59 EST = 04:59 UTC on 9 November.
    await saveSetting(db, 'timeZone', 'America/New_York' as TimeZone);
    const id = await regular('2026-10-01T16:00:00Z', ['2026-10-05T16:00:00Z', '2026-10-10T16:00:00Z', '2026-10-15T16:00:00Z', '2026-10-25T16:00:00Z']);
    const written = await everything();

    const asOf = async (instant: string) => guestSegment(db, id, new Date(instant));
    expect(await asOf('2026-11-08T05:00:00Z')).toBe('active'); // day 14, 00:00 EST
    // 17:00 on day 14 in New York is already 01:00 on 9 November in Moscow — day 15 there.
    expect(await asOf('2026-11-08T22:00:00Z')).toBe('active');
    const [guest, stats] = [(await db.guests.get(id))!, await db.stats.get(id)];
    expect(segmentAsOf(guest, stats, { timeZone: 'Europe/Moscow' as TimeZone, rules: DEFAULT_RULES }, new Date('2026-11-08T22:00:00Z'))).toBe('leaving');
    expect(await asOf('2026-11-09T04:59:00Z')).toBe('active'); // day 14, 23:59 EST
    expect(await asOf('2026-11-09T05:00:00Z')).toBe('leaving'); // day 15, 00:00 EST

    expect(await everything()).toEqual(written);
  });

  it('follows the rule set the café has now, not the one it had when the purchase was written', async () => {
    const id = await regular('2026-10-01T09:00:00Z', ['2026-10-10T09:00:00Z', '2026-10-20T09:00:00Z', '2026-10-25T09:00:00Z', '2026-11-01T09:00:00Z']);
    const now = new Date('2026-11-05T09:00:00Z');
    expect(await guestSegment(db, id, now)).toBe('active');
    await saveSetting(db, 'rules', { ...DEFAULT_RULES, segments: DEFAULT_RULES.segments.filter((s) => s.id !== 'active') });
    expect(await guestSegment(db, id, now)).toBe('none');
  });

  it('refuses an unknown guest', async () => {
    await expect(guestSegment(db, 'nobody' as GuestId, new Date())).rejects.toMatchObject({ code: 'guest-not-found' });
  });
});

describe('segmentAsOf', () => {
  const guest: Pick<GuestRow, 'registeredAt'> = { registeredAt: Date.parse('2025-01-01T00:00:00Z') };
  const zones = ['Europe/Moscow', 'America/New_York', 'Asia/Vladivostok', 'Asia/Kathmandu', 'Europe/London'] as TimeZone[];

  it('a guest with four purchases is active to day 14, leaving on days 15–60, sleeping after, at any hour of the café day', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date('2025-06-01T00:00:00Z'), max: new Date('2027-06-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 90 }),
        // Up to 22:59 after midnight: still the same day even on a 23-hour day.
        fc.integer({ min: 0, max: 23 * 60 - 1 }),
        (zone, lastPurchase, days, minute) => {
          const stats: StatsRow = {
            guestId: 'g' as GuestId,
            purchaseCount: 4,
            firstPurchaseAt: guest.registeredAt,
            lastPurchaseAt: lastPurchase.getTime(),
            totalSpend: 120_000 as Kopecks,
            base: null,
          };
          const lastDay = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(lastPurchase) as LocalDate;
          const now = new Date(startOfLocalDay(addCalendarDays(lastDay, days), zone).getTime() + minute * 60_000);
          const expected = days <= 14 ? 'active' : days <= 60 ? 'leaving' : 'sleeping';
          expect(segmentAsOf(guest, stats, { timeZone: zone, rules: DEFAULT_RULES }, now)).toBe(expected);
        },
      ),
    );
  });

  it('a guest with no stats row yet counts from registration', () => {
    const zone = 'Europe/Moscow' as TimeZone;
    expect(segmentAsOf(guest, undefined, { timeZone: zone, rules: DEFAULT_RULES }, new Date('2025-01-15T20:59:00Z'))).toBe('newcomer'); // day 14, 23:59
    expect(segmentAsOf(guest, undefined, { timeZone: zone, rules: DEFAULT_RULES }, new Date('2025-01-15T21:00:00Z'))).toBe('rare'); // day 15
  });
});
