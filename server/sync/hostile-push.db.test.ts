import { expect, it } from 'vitest';
import { MAX_PURCHASE_KOPECKS } from '../../shared/sync/plausible.ts';
import { compareHlc, formatHlc } from '../../shared/sync/hlc.ts';
import type { Envelope } from '../../shared/sync/protocol.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, pullAll, purchase, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { createOwner } from '../cafe/owners.repo.ts';
import { newId } from '../new-id.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const DAY = 24 * 60;

let n = 0;
const phone = () => `+7917${String(++n).padStart(7, '0')}`;

/** What a hostile tablet sends, each beside a good purchase that must still land. */
const HOSTILE: [string, (g: string) => Envelope, string][] = [
  ['a purchase of 2^53 − 1 kopecks', (g) => envelope(purchase(g, Number.MAX_SAFE_INTEGER, at(-1))), 'mutations.0.mutation.amount'],
  ['a purchase one kopeck over the ceiling', (g) => envelope(purchase(g, MAX_PURCHASE_KOPECKS + 1, at(-1))), 'mutations.0.mutation.amount'],
  ['a discount over the ceiling', (g) => envelope({ ...purchase(g, 100, at(-1)), discount: 1e300 } as never), 'mutations.0.mutation.discount'],
  [
    'points beyond the bound',
    (g) => envelope({ ...purchase(g, 100, at(-1)), pointsRedeemed: 1e12, redemptionEntryId: newId() } as never),
    'mutations.0.mutation.pointsRedeemed',
  ],
  ['a NUL in a name', () => envelope(register(newId(), phone(), at(-1), 'Ан\u0000на')), 'mutations.0.mutation.name'],
  ['a right-to-left override in a name', () => envelope(register(newId(), phone(), at(-1), 'Анна\u202eаннА')), 'mutations.0.mutation.name'],
  [
    'a control character in an item',
    (g) => envelope({ ...purchase(g, 100, at(-1)), items: [{ name: 'Латте\u0007', qty: 1 }] } as never),
    'mutations.0.mutation.items.0.name',
  ],
  [
    'a void reason with a NUL',
    () => envelope({ kind: 'purchase.void', purchaseId: newId(), reason: 'x\u0000', voidedAt: at(-1).toISOString() }),
    'mutations.0.mutation.reason',
  ],
  ['a registration in year 0000', () => envelope(register(newId(), phone(), new Date('0000-01-01T00:00:00Z'))), 'mutations.0.at'],
  [
    'a purchase in 9999',
    (g) => ({ ...envelope(purchase(g, 100, at(-1))), mutation: purchase(g, 100, new Date('9999-12-31T00:00:00Z')) }),
    'mutations.0.mutation.purchasedAt',
  ],
  ['a birthday in 0049', () => envelope({ ...register(newId(), phone(), at(-1)), birthday: '0049-05-01' } as never), 'mutations.0.mutation.birthday'],
  [
    'a registration a day and a minute ahead of the server',
    () => ({ ...envelope(register(newId(), phone(), at(-1))), mutation: register(newId(), phone(), at(DAY + 1)) }),
    'mutations.0.mutation.registeredAt',
  ],
  ['an envelope time a day and a minute ahead', (g) => envelope(purchase(g, 100, at(-1)), at(DAY + 1)), 'mutations.0.at'],
  ['a stamp "~"', (g) => ({ ...envelope(purchase(g, 100, at(-1))), hlc: '~' }), 'mutations.0.hlc'],
  [
    'a stamp a day and a minute ahead',
    (g) => ({
      ...envelope({ kind: 'guest.update', guestId: g, name: 'Навсегда' }, at(-1)),
      hlc: formatHlc({ wall: at(DAY + 1).getTime(), counter: 0, node: 'x' }),
    }),
    'mutations.0.hlc',
  ],
];

describeOnBackends('push from a hostile tablet', ({ db }) => {
  async function tabletWithGuest() {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const g = newId();
    expect((await push(app, token, [envelope(register(g, phone(), at(-60)))], NOW)).body.acked).toHaveLength(1);
    return { app, token, g };
  }
  const counts = async () =>
    (await db().query<{ g: number; p: number }>('SELECT (SELECT count(*)::int FROM guests) AS g, (SELECT count(*)::int FROM purchases) AS p'))[0]!;

  it.each(HOSTILE)('refuses %s naming the field, stores none of it, and applies the good mutation behind it', async (_what, make, field) => {
    const { app, token, g } = await tabletWithGuest();
    const before = await counts();
    const bad = make(g);
    const good = envelope(purchase(g, 100, at(-1)));
    const res = await push(app, token, [bad, good], NOW);
    expect(res.status).toBe(200);
    expect(res.body.refused).toEqual([{ mutationId: bad.mutationId, code: 'invalid', message: expect.any(String), field }]);
    expect(res.body.acked).toEqual([good.mutationId]);
    expect(await counts()).toEqual({ g: before.g, p: before.p + 1 });
    expect(await db().query('SELECT name FROM guests WHERE id = $1', [g])).toEqual([{ name: null }]);
  });

  it('accepts a purchase at the ceiling and a time within a day ahead, and the owner reports still answer', async () => {
    const { app, token, g } = await tabletWithGuest();
    const res = await push(app, token, [envelope(purchase(g, MAX_PURCHASE_KOPECKS, at(-1))), envelope(purchase(g, 100, at(DAY - 1)))], NOW);
    expect([res.body.acked.length, res.body.refused]).toEqual([2, []]);
    const cafe = await ensureCafe(db());
    await createOwner(db(), cafe.id, `o${n}@cafe.ru`, 'пароль-владельца');
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `o${n}@cafe.ru`, password: 'пароль-владельца' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    for (const path of ['/api/reports/segments', '/api/reports/trend?weeks=26', '/api/reports/movements?days=30']) {
      expect([path, (await app.request(path, { headers: { cookie } })).status]).toEqual([path, 200]);
    }
  });

  it('refuses the same mutation id with other content (409 code), and acks an honest retry', async () => {
    const { app, token, g } = await tabletWithGuest();
    const first = envelope(register(newId(), phone(), at(-5), 'Первая'));
    expect((await push(app, token, [first], NOW)).body.acked).toEqual([first.mutationId]);
    const reused: Envelope = { ...first, mutation: register(newId(), phone(), at(-5), 'Другая') };
    const res = await push(app, token, [reused, first], NOW);
    expect(res.body.refused).toEqual([{ mutationId: first.mutationId, code: 'id-conflict', message: expect.any(String), field: 'mutations.0.mutationId' }]);
    expect(await db().query("SELECT count(*)::int AS n FROM guests WHERE name = 'Другая'")).toEqual([{ n: 0 }]);
    // Within one batch too: the second use of an id for other content is refused.
    const p = envelope(purchase(g, 100, at(-1)));
    const twice = await push(app, token, [p, { ...p, mutation: purchase(g, 999, at(-1)) }], NOW);
    expect([twice.body.acked, twice.body.refused.map((r) => r.code)]).toEqual([[p.mutationId], ['id-conflict']]);
    expect(await db().query('SELECT amount FROM purchases WHERE guest_id = $1', [g])).toEqual([{ amount: 100 }]);
  });

  it('refuses a guest or purchase id reused for other content under a new mutation id (409), and acks the same content again', async () => {
    const { app, token, g } = await tabletWithGuest();
    const first = purchase(g, 100, at(-3));
    expect((await push(app, token, [envelope(first)], NOW)).body.acked).toHaveLength(1);
    const other = envelope({ ...first, amount: 999 } as never);
    const retry = envelope(first);
    const res = await push(app, token, [other, retry], NOW);
    expect(res.body.refused.map((r) => [r.code, r.field])).toEqual([['id-conflict', 'mutations.0.mutation.purchaseId']]);
    expect(res.body.acked).toEqual([retry.mutationId]);
    expect(await db().query('SELECT amount FROM purchases WHERE guest_id = $1', [g])).toEqual([{ amount: 100 }]);

    const guestId = newId();
    const registered = register(guestId, phone(), at(-5), 'Первая');
    expect((await push(app, token, [envelope(registered)], NOW)).body.acked).toHaveLength(1);
    const anotherPhone = envelope(register(guestId, phone(), at(-4), 'Вторая'));
    const again = envelope(registered);
    const res2 = await push(app, token, [anotherPhone, again], NOW);
    expect(res2.body.refused.map((r) => [r.code, r.field])).toEqual([['id-conflict', 'mutations.0.mutation.guestId']]);
    expect(res2.body.acked).toEqual([again.mutationId]);
    expect(await db().query("SELECT count(*)::int AS n FROM guests WHERE name = 'Вторая'")).toEqual([{ n: 0 }]);
  });

  it('refuses a guest id merged away earlier when reused for another phone (409), and acks its own registration again', async () => {
    const { app, token } = await tabletWithGuest();
    const other = await pairTablet(app, db(), NOW, 'Вторая стойка');
    const shared = phone();
    const first = register(newId(), shared, at(-10), 'Первая');
    const second = register(newId(), shared, at(-9), 'Вторая');
    expect((await push(app, token, [envelope(first)], NOW)).body.acked).toHaveLength(1);
    expect((await push(app, other, [envelope(second)], NOW)).body.acked).toHaveLength(1);
    const [merge] = await db().query<{ from: string }>('SELECT from_guest_id AS from FROM guest_merges WHERE from_guest_id = ANY($1::uuid[])', [
      [(first as { guestId: string }).guestId, (second as { guestId: string }).guestId],
    ]);
    const loser = merge!.from;
    const taken = phone();
    const reused = envelope(register(loser, taken, at(-5), 'Самозванец'));
    const retry = envelope(loser === (first as { guestId: string }).guestId ? first : second);
    const res = await push(app, token, [reused, retry], NOW);
    expect(res.body.refused.map((r) => [r.mutationId, r.code, r.field])).toEqual([[reused.mutationId, 'id-conflict', 'mutations.0.mutation.guestId']]);
    expect(res.body.acked).toEqual([retry.mutationId]);
    expect(await db().query('SELECT count(*)::int AS n FROM guests WHERE phone = $1', [taken])).toEqual([{ n: 0 }]);
    expect(await db().query('SELECT count(*)::int AS n FROM guests WHERE phone = $1', [shared])).toEqual([{ n: 1 }]);
  });

  it('refuses a protocol the server does not speak, and a body with no readable mutation id as a whole', async () => {
    const { app, token } = await tabletWithGuest();
    const send = (body: object) => app.request('/api/sync/push', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const future = await send({ protocol: 999, deviceTime: NOW.toISOString(), mutations: [] });
    expect([future.status, ((await future.json()) as { error: { field: string } }).error.field]).toEqual([426, 'protocol']);
    const noId = await send({ protocol: 2, deviceTime: NOW.toISOString(), mutations: [{ mutationId: 'x' }] });
    expect([noId.status, ((await noId.json()) as { error: { field: string } }).error.field]).toEqual([400, 'mutations.0.mutationId']);
  });

  it('never lets a stamp a day ahead decide a later edit, and pulls no bad stamp', async () => {
    const { app, token, g } = await tabletWithGuest();
    const ahead = {
      ...envelope({ kind: 'guest.update', guestId: g, name: 'Из будущего' }, at(-2)),
      hlc: formatHlc({ wall: at(2 * DAY).getTime(), counter: 0, node: 'x' }),
    };
    const later = envelope({ kind: 'guest.update', guestId: g, name: 'Настоящее' }, at(-1));
    const res = await push(app, token, [ahead, later], NOW);
    expect(res.body.refused.map((r) => r.field)).toEqual(['mutations.0.hlc']);
    expect(await db().query('SELECT name FROM guests WHERE id = $1', [g])).toEqual([{ name: 'Настоящее' }]);
    const maxHlc = (await pullAll(app, token)).map((p) => p.maxHlc).filter((h): h is string => h !== null);
    for (const h of maxHlc) expect(compareHlc(h, formatHlc({ wall: at(DAY).getTime(), counter: 0, node: 'x' }))).toBeLessThan(0);
  });

  it("takes a stamp ahead of the server's clock at the time it arrives: a later consent withdrawal from another tablet wins", async () => {
    const clock = { now: NOW };
    const app = testApp(db(), () => clock.now);
    const [fast, honest] = [await pairTablet(app, db(), NOW, 'Спешит'), await pairTablet(app, db(), NOW, 'Верные часы')];
    const g = newId();
    await push(app, honest, [envelope(register(g, phone(), at(-60)))], NOW);
    // The fast tablet's clock is 23 hours ahead: within the day a tablet's time may be off, so taken.
    const yes = { ...envelope({ kind: 'guest.update', guestId: g, consent: { granted: true, at: at(23 * 60).toISOString() } }, at(23 * 60)) };
    expect((await push(app, fast, [yes], at(23 * 60))).body.refused).toEqual([]);
    clock.now = at(5);
    const no = envelope({ kind: 'guest.update', guestId: g, consent: { granted: false, at: at(5).toISOString() } }, at(5));
    expect((await push(app, honest, [no], at(5))).body.refused).toEqual([]);
    expect(await db().query('SELECT consent FROM guests WHERE id = $1', [g])).toEqual([{ consent: false }]);
    const pulled = (await pullAll(app, honest)).flatMap((p) => p.guests).filter((x) => x.id === g);
    expect(pulled.at(-1)).toMatchObject({ consent: { granted: false } });
    // And no tablet's clock is pulled ahead of the server's.
    for (const h of (await pullAll(app, honest)).map((p) => p.maxHlc).filter((x): x is string => x !== null))
      expect(compareHlc(h, formatHlc({ wall: at(6).getTime(), counter: 0, node: 'x' }))).toBeLessThan(0);
  });

  it('keeps the order of a fast tablet’s edits in one batch when their stamps are taken at the receive time', async () => {
    const { app, token, g } = await tabletWithGuest();
    // Counters 0 on both, as a tablet writes stamps minutes apart: only their walls order them.
    const edit = (name: string, minutes: number) => ({
      ...envelope({ kind: 'guest.update', guestId: g, name }, at(minutes)),
      hlc: formatHlc({ wall: at(minutes).getTime(), counter: 0, node: 'fast' }),
    });
    expect((await push(app, token, [edit('Первое', 120), edit('Второе', 180)], at(180))).body.refused).toEqual([]);
    const [stored] = await db().query<{ field_clocks: { name: string } }>('SELECT field_clocks FROM guests WHERE id = $1', [g]);
    expect(compareHlc(stored!.field_clocks.name, formatHlc({ wall: NOW.getTime() + 1, counter: 0, node: 'z' }))).toBeLessThan(0);
    expect(await db().query('SELECT name FROM guests WHERE id = $1', [g])).toEqual([{ name: 'Второе' }]);
  });

  it('lets only the tablet that recorded a purchase void it, and records the voiding tablet', async () => {
    const { app, token, g } = await tabletWithGuest();
    const other = await pairTablet(app, db(), NOW, 'Чужая');
    const p = purchase(g, 500, at(-10));
    await push(app, token, [envelope(p)], NOW);
    const pid = (p as { purchaseId: string }).purchaseId;
    const voidOf = () => envelope({ kind: 'purchase.void', purchaseId: pid, reason: 'ошибка', voidedAt: at(-5).toISOString() });
    const foreign = await push(app, other, [voidOf()], NOW);
    expect(foreign.body.refused).toMatchObject([{ code: 'forbidden', field: 'mutations.0.mutation.purchaseId' }]);
    expect(await db().query('SELECT 1 FROM purchase_voids WHERE purchase_id = $1', [pid])).toEqual([]);
    expect((await push(app, token, [voidOf()], NOW)).body.refused).toEqual([]);
    const [device] = await db().query<{ id: string }>('SELECT device_id AS id FROM purchases WHERE id = $1', [pid]);
    expect(await db().query('SELECT device_id FROM purchase_voids WHERE purchase_id = $1', [pid])).toEqual([{ device_id: device!.id }]);
  });
});
