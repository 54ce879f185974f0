import 'fake-indexeddb/auto';
import { beforeEach, expect, it } from 'vitest';
import type { GuestId } from '../../../shared/domain/ids.ts';
import type { PullResponse } from '../../../shared/sync/protocol.ts';
import { CounterDb } from '../db.ts';
import { registerGuest } from '../guests.ts';
import { recordPurchase, shiftPurchases, voidPurchase } from '../purchases.ts';
import { applyPull } from './apply.ts';
import { pullPage } from '../../../tests/support/pull-page.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
let db: CounterDb;

beforeEach(async () => {
  db = new CounterDb(`apply-${Math.random()}`);
  await db.open();
});

const page = (over: Partial<PullResponse>): PullResponse => pullPage(NOW, over);

it('drops a guest deleted on request, keeps this tablet’s purchases of them without a guest', async () => {
  const anna = await registerGuest(db, { phone: '+7 912 345-67-89', name: 'Анна', birthday: '', consent: true }, NOW);
  const boris = await registerGuest(db, { phone: '+7 912 000-00-01', name: 'Борис', birthday: '', consent: false }, NOW);
  const bought = await recordPurchase(db, { guestId: anna.id, amount: '250', items: [] }, NOW);

  await applyPull(db, page({ erased: [anna.id] }));

  expect(await db.guests.get(anna.id)).toBeUndefined();
  expect(await db.stats.get(anna.id)).toBeUndefined();
  expect((await db.guests.toArray()).map((g) => g.id)).toEqual([boris.id]);
  // The shift keeps the sale, anonymous: its total does not change.
  const shift = await shiftPurchases(db, NOW);
  expect(shift.map((p) => [p.id, p.amount, p.guest])).toEqual([[bought.id, 250_00, undefined]]);
  // A mistaken sale of theirs can still be voided, and the void still goes to the server.
  await voidPurchase(db, bought.id, 'ошибка', NOW);
  expect((await db.purchases.get(bought.id))!.voided).toMatchObject({ reason: 'ошибка' });
  expect((await db.outbox.toArray()).map((o) => o.mutation.kind)).toEqual(['guest.register', 'guest.register', 'purchase.record', 'purchase.void']);
  expect(await db.settings.get('cursor')).toMatchObject({ value: '10' });
});

it('takes the same tombstone twice, or one for a guest it never had, without a fuss', async () => {
  const anna = await registerGuest(db, { phone: '+7 912 345-67-89', name: 'Анна', birthday: '', consent: true }, NOW);
  await applyPull(db, page({ erased: [anna.id, '01890000-0000-7000-8000-000000000000'] }));
  await applyPull(db, page({ erased: [anna.id] }));
  expect(await db.guests.count()).toBe(0);
});

it('keeps the cursor where it was when a pulled page fails to persist (quota), and takes the page whole on the next pull', async () => {
  const guest = {
    id: '0193a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d' as GuestId,
    phone: '+79123456789',
    name: 'Анна',
    birthday: null,
    consent: { granted: true, at: NOW.toISOString() },
    registeredAt: NOW.toISOString(),
    stats: { purchaseCount: 2, firstPurchaseAt: NOW.toISOString(), lastPurchaseAt: NOW.toISOString(), totalSpend: 500_00, tierSpend: 500_00 },
  };
  await applyPull(db, page({ cursor: '7' }));
  // The stats are written after the guests and before the cursor: the storage fills up in between.
  const full = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  db.stats.hook('creating', full);
  await expect(applyPull(db, page({ cursor: '12', guests: [guest] }))).rejects.toMatchObject({ name: expect.stringMatching(/QuotaExceeded|Abort/) });
  expect(await db.settings.get('cursor')).toMatchObject({ value: '7' });
  expect(await db.guests.get(guest.id)).toBeUndefined();

  db.stats.hook('creating').unsubscribe(full);
  await applyPull(db, page({ cursor: '12', guests: [guest] }));
  expect(await db.settings.get('cursor')).toMatchObject({ value: '12' });
  expect(await db.guests.get(guest.id)).toMatchObject({ name: 'Анна' });
  expect(await db.stats.get(guest.id)).toBeDefined();
});
