import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { TimeZone } from '../../shared/domain/calendar.ts';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import { replay } from '../../shared/loyalty/ledger.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { insertGuests } from '../guests/guests.repo.ts';
import { newId } from '../new-id.ts';
import { appendEntries, balanceRows, type NewEntry, readLedgers, rowOf } from './ledger.repo.ts';

const ZONE = 'Europe/Moscow' as TimeZone;
const NOW = new Date('2026-11-22T09:00:00Z');
let phones = 0;

/** One append: a batch of credits only (the one-statement path) or credits and spending (the replay path). */
const batch = fc.array(
  fc.record({
    guest: fc.nat(2),
    kind: fc.constantFrom('accrual', 'welcome', 'redemption', 'reward'),
    points: fc.integer({ min: 1, max: 120 }),
    // Hours before NOW: lots of one café day and of different days, in and out of order.
    hoursAgo: fc.integer({ min: 0, max: 24 * 20 }),
  }),
  { minLength: 1, maxLength: 6 },
);

describeOnBackends('ledger storage', ({ db }) => {
  it('keeps each balance row equal to a replay of the ledger, whichever way it was written', async () => {
    const cafe = await ensureCafe(db());
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { minLength: 1, maxLength: 8 }), async (batches) => {
        const guests = [newId<GuestId>(), newId<GuestId>(), newId<GuestId>()];
        await insertGuests(
          db(),
          cafe.id,
          guests.map((id) => ({ id, phone: `+7922${String(++phones).padStart(7, '0')}` as E164Phone, name: null, registeredAt: NOW, via: 'counter' as const })),
        );
        for (const b of batches) {
          const entries: NewEntry[] = b.map((x) => ({
            id: newId(),
            guestId: guests[x.guest]!,
            kind: x.kind,
            points: x.kind === 'redemption' || x.kind === 'reward' ? -x.points : x.points,
            at: new Date(NOW.getTime() - x.hoursAgo * 3_600_000),
            ...(x.kind === 'accrual' || x.kind === 'redemption' ? { purchaseId: newId<PurchaseId>() } : {}),
          }));
          await db().transaction((tx) => appendEntries(tx, cafe.id, entries, NOW, ZONE));
        }
        const ledgers = await readLedgers(db(), cafe.id, guests);
        const rows = await balanceRows(db(), cafe.id, guests);
        for (const g of guests) {
          const ledger = ledgers.get(g)!;
          if (ledger.length === 0) continue;
          expect(rows.get(g)).toEqual(rowOf(g, replay(ledger), ZONE));
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('stores an entry once however often it is appended, and counts it once in the totals', async () => {
    const cafe = await ensureCafe(db());
    const g = newId<GuestId>();
    await insertGuests(db(), cafe.id, [{ id: g, phone: '+79229999999' as E164Phone, name: null, registeredAt: NOW, via: 'counter' }]);
    const welcomes = async () =>
      Number((await db().query<{ p: number | null }>("SELECT sum(points)::int AS p FROM loyalty_totals WHERE kind = 'welcome'"))[0]!.p ?? 0);
    const before = await welcomes();
    const entry: NewEntry = { id: newId(), guestId: g, kind: 'welcome', points: 100, at: NOW };
    const first = await db().transaction((tx) => appendEntries(tx, cafe.id, [entry, entry], NOW, ZONE));
    const again = await db().transaction((tx) => appendEntries(tx, cafe.id, [entry], NOW, ZONE));
    expect([first.inserted.length, again.inserted.length]).toEqual([1, 0]);
    expect((await balanceRows(db(), cafe.id, [g])).get(g)).toMatchObject({ balance: 100 });
    expect(await welcomes()).toBe(before + 100);
    const reversal: NewEntry = { id: newId(), guestId: g, kind: 'reversal', points: -100, at: NOW, reverses: entry.id, reversesKind: 'welcome' };
    // A second reversal of the same entry, under another id, is not stored either.
    const reversed = await db().transaction((tx) => appendEntries(tx, cafe.id, [reversal, { ...reversal, id: newId() }], NOW, ZONE));
    expect(reversed.inserted.map((e) => e.id)).toEqual([reversal.id]);
    expect((await balanceRows(db(), cafe.id, [g])).get(g)).toMatchObject({ balance: 0, overdraft: 0, oldestLotAt: null });
    // A cancelled welcome was never issued.
    expect(await welcomes()).toBe(before);
  });
});
