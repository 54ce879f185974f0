import { expect, it } from 'vitest';
import type { CafeId, GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, purchase, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { deviceByToken, revokeDevice } from '../cafe/devices.repo.ts';
import { insertGuests } from '../guests/guests.repo.ts';
import { newId } from '../new-id.ts';
import { recordPurchases } from './purchases.repo.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000);
let nextPhone = 0;
const phone = () => `+7916${String(++nextPhone).padStart(7, '0')}`;

describeOnBackends('a guest’s purchases for the counter', ({ db }) => {
  const app = () => testApp(db(), () => NOW);
  const get = (guestId: string, token?: string) =>
    app().request(`/api/counter/guests/${guestId}/purchases`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('lists every tablet’s purchases newest first, with items, voids and which tablet; an import has no tablet', async () => {
    const a = await pairTablet(app(), db(), NOW, 'Стойка 1');
    const b = await pairTablet(app(), db(), NOW, 'Стойка 2');
    const guestId = newId();
    const [p1, p2, p3] = [newId(), newId(), newId()];
    const withItems: Mutation = { ...purchase(guestId, 350_00, at(30), p2), items: [{ name: 'Латте', qty: 2 }] } as Mutation;
    expect((await push(app(), a, [envelope(register(guestId, phone(), at(90), 'Анна')), envelope(purchase(guestId, 120_50, at(60), p1))])).status).toBe(200);
    expect((await push(app(), b, [envelope(withItems), envelope(purchase(guestId, 99_00, at(10), p3))])).status).toBe(200);
    const voidedAt = at(5);
    const voiding: Mutation = { kind: 'purchase.void', purchaseId: p3, reason: 'не тот гость', voidedAt: voidedAt.toISOString() };
    expect((await push(app(), b, [envelope(voiding)])).status).toBe(200);
    const cafe = await ensureCafe(db());
    const imported = newId<PurchaseId>();
    await recordPurchases(db(), cafe.id, [
      { id: imported, guestId: guestId as GuestId, purchasedAt: at(60 * 24 * 40), amount: 500_00 as Kopecks, source: 'import' },
    ]);

    const res = await get(guestId, a);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      guestId,
      total: 4,
      purchases: [
        {
          id: p3,
          purchasedAt: at(10).toISOString(),
          amount: 99_00,
          items: [],
          voided: { at: voidedAt.toISOString(), reason: 'не тот гость' },
          tablet: { name: 'Стойка 2', thisTablet: false },
        },
        {
          id: p2,
          purchasedAt: at(30).toISOString(),
          amount: 350_00,
          items: [{ name: 'Латте', qty: 2 }],
          voided: null,
          tablet: { name: 'Стойка 2', thisTablet: false },
        },
        { id: p1, purchasedAt: at(60).toISOString(), amount: 120_50, items: [], voided: null, tablet: { name: 'Стойка 1', thisTablet: true } },
        { id: imported, purchasedAt: at(60 * 24 * 40).toISOString(), amount: 500_00, items: [], voided: null, tablet: null },
      ],
    });
    // The other tablet sees the same purchases, each marked from its own point of view.
    const fromB = (await (await get(guestId, b)).json()) as { purchases: { tablet: { thisTablet: boolean } | null }[] };
    expect(fromB.purchases.map((p) => p.tablet?.thisTablet ?? null)).toEqual([true, true, false, null]);
  });

  it('keeps the items first stored when a batch arrives twice', async () => {
    const token = await pairTablet(app(), db(), NOW);
    const guestId = newId();
    const purchaseId = newId();
    const batch = [
      envelope(register(guestId, phone(), at(20))),
      envelope({ ...purchase(guestId, 200_00, at(10), purchaseId), items: [{ name: 'Чай', qty: 1 }] } as Mutation),
    ];
    expect((await push(app(), token, batch)).status).toBe(200);
    expect((await push(app(), token, batch)).status).toBe(200);
    const body = (await (await get(guestId, token)).json()) as { total: number; purchases: { items: unknown }[] };
    expect(body.total).toBe(1);
    expect(body.purchases.map((p) => p.items)).toEqual([[{ name: 'Чай', qty: 1 }]]);
  });

  it('follows a merged registration to the guest that stands', async () => {
    const a = await pairTablet(app(), db(), NOW, 'Стойка 1');
    const b = await pairTablet(app(), db(), NOW, 'Стойка 2');
    const same = phone();
    const [early, late] = [newId(), newId()];
    await push(app(), a, [envelope(register(early, same, at(60))), envelope(purchase(early, 100_00, at(50)))]);
    await push(app(), b, [envelope(register(late, same, at(40))), envelope(purchase(late, 200_00, at(30)))]);
    const body = (await (await get(late, b)).json()) as { guestId: string; total: number; purchases: { amount: number }[] };
    expect(body).toMatchObject({ guestId: early, total: 2 });
    expect(body.purchases.map((p) => p.amount)).toEqual([200_00, 100_00]);
  });

  it('gives the newest 50 and says how many there are', async () => {
    const token = await pairTablet(app(), db(), NOW);
    const guestId = newId();
    const buys = Array.from({ length: 55 }, (_, i) => envelope(purchase(guestId, (i + 1) * 100, at(100 - i))));
    expect((await push(app(), token, [envelope(register(guestId, phone(), at(200))), ...buys])).status).toBe(200);
    const body = (await (await get(guestId, token)).json()) as { total: number; purchases: { amount: number }[] };
    expect(body.total).toBe(55);
    expect(body.purchases).toHaveLength(50);
    // The newest is the 55th (5,500 kopecks); the 50th shown is the 6th recorded.
    expect([body.purchases[0]!.amount, body.purchases[49]!.amount]).toEqual([55_00, 6_00]);
  });

  it('needs a tablet’s valid, unrevoked token, a guest id, and a guest of the tablet’s own café', async () => {
    const token = await pairTablet(app(), db(), NOW);
    const guestId = newId();
    await push(app(), token, [envelope(register(guestId, phone(), at(20)))]);
    expect(await (await get(guestId)).json()).toMatchObject({ error: { code: 'no-token' } });
    expect((await get(guestId, 'not-a-token')).status).toBe(401);
    expect(await (await get('89161234567', token)).json()).toMatchObject({ error: { code: 'invalid', field: 'guestId' } });
    expect((await get('89161234567', token)).status).toBe(400);
    const unknown = await get(newId(), token);
    expect([unknown.status, await unknown.json()]).toMatchObject([404, { error: { code: 'not-found', field: 'guestId' } }]);

    const other = newId<CafeId>();
    await db().query('INSERT INTO cafes (id, name, time_zone, rule_set) SELECT $1, $2, time_zone, rule_set FROM cafes LIMIT 1', [other, 'Другая']);
    const stranger = newId<GuestId>();
    await insertGuests(db(), other, [{ id: stranger, phone: phone() as E164Phone, name: null, registeredAt: at(10), via: 'counter' }]);
    expect((await get(stranger, token)).status).toBe(404);

    const device = (await deviceByToken(db(), token))!;
    await revokeDevice(db(), device.id, NOW);
    expect(await (await get(guestId, token)).json()).toMatchObject({ error: { code: 'token-revoked' } });
  });

  it('is in the API document as a tablet’s route', async () => {
    const doc = (await (await app().request('/api/openapi.json')).json()) as { paths: Record<string, { get?: { security?: unknown } }> };
    expect(doc.paths['/api/counter/guests/{guestId}/purchases']?.get?.security).toEqual([{ device: [] }]);
  });
});
