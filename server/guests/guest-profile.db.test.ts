import { expect, it } from 'vitest';
import type { GuestProfile } from '../../shared/api/guest-profile.ts';
import type { MovementGuests, SegmentReport } from '../../shared/api/reports.ts';
import type { GuestPage } from '../../shared/api/segment-guests.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, pullAll, purchase, push, register } from '../../tests/support/sync-helpers.ts';
import { formatHlc } from '../../shared/sync/hlc.ts';
import type { MutationOf } from '../../shared/sync/mutations.ts';
import { createApp } from '../app.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { createOwner } from '../cafe/owners.repo.ts';
import { newId } from '../new-id.ts';
import { guestSegments } from '../segments/segments.repo.ts';
import { lastMonths } from './guest-profile.repo.ts';

// 12:00 in Moscow on Sunday 22 November 2026.
const NOW = new Date('2026-11-22T09:00:00Z');
const PASSWORD = 'пароль-владельца';
const at = (iso: string) => new Date(iso);

it('lists the last café months oldest first, across a year boundary', () => {
  expect(lastMonths('2026-02-15' as never, 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  expect(lastMonths('2026-12-01' as never, 1)).toEqual(['2026-12']);
});

describeOnBackends("a guest's profile and the owner's actions on it", ({ db }) => {
  // The server's clock: each push below happens at its own moment, so the segment history grows as it would.
  let clock = NOW;
  const app = () => createApp({ db: db(), now: () => clock });
  const pushAt = async (when: string, mutation: Parameters<typeof envelope>[0]) => {
    clock = at(when);
    const res = await push(app(), token, [envelope(mutation, clock)], clock);
    clock = NOW;
    expect(res.status).toBe(200);
  };
  let owner: { cookie: string; csrf: string };
  let token: string;
  const anna = newId();
  const boris = newId();
  const annaPhone = '+79161234567';
  const [p1, p2, p3] = [newId(), newId(), newId()];

  const call = (path: string, init: { method?: string; body?: unknown } = {}) =>
    app().request(path, {
      method: init.method ?? 'GET',
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const profile = async (id = anna) => (await (await call(`/api/guests/${id}`)).json()) as GuestProfile;

  it('shows the guest: who registered them, consent history, purchases with items and voids (when, by which tablet, why), months and segments', async () => {
    const cafe = await ensureCafe(db());
    await createOwner(db(), cafe.id, 'owner@cafe.ru', PASSWORD);
    const res = await app().request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: PASSWORD }),
    });
    owner = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    token = await pairTablet(app(), db(), NOW, 'Стойка у окна');
    const registration = { ...register(anna, annaPhone, at('2026-09-01T07:00:00Z'), 'Анна'), consent: { granted: true, at: '2026-09-01T07:00:00Z' } };
    await pushAt('2026-09-01T07:00:00Z', registration);
    await pushAt('2026-11-01T07:00:00Z', register(boris, '+79160000002', at('2026-11-01T07:00:00Z')));
    // 2 Sep (Moscow), 31 Oct 23:59 Moscow (still October there), 1 Nov — voided.
    await pushAt('2026-09-02T08:00:00Z', purchase(anna, 200_00, at('2026-09-02T08:00:00Z'), p1));
    await pushAt('2026-10-31T20:59:00Z', {
      ...(purchase(anna, 350_00, at('2026-10-31T20:59:00Z'), p2) as MutationOf<'purchase.record'>),
      items: [{ name: 'Капучино', qty: 2 }],
    });
    await pushAt('2026-11-01T08:00:00Z', purchase(anna, 999_00, at('2026-11-01T08:00:00Z'), p3));
    await pushAt('2026-11-01T08:05:00Z', { kind: 'purchase.void', purchaseId: p3, reason: 'ошибка суммы', voidedAt: '2026-11-01T08:05:00Z' });
    await pushAt('2026-11-10T09:00:00Z', { kind: 'guest.update', guestId: anna, consent: { granted: false, at: '2026-11-10T09:00:00Z' } });

    const p = await profile();
    expect(p).toMatchObject({
      id: anna,
      phone: annaPhone,
      name: 'Анна',
      registeredVia: 'counter',
      registeredBy: 'Стойка у окна',
      erasedAt: null,
      consent: { granted: false, at: '2026-11-10T09:00:00.000Z' },
      timeZone: 'Europe/Moscow',
      purchaseCount: 3,
      // Voided purchases count nowhere: 200 + 350 ₽.
      stats: { visits: 2, spend: 550_00, averageCheck: 275_00, firstVisitAt: '2026-09-02T08:00:00.000Z', lastVisitAt: '2026-10-31T20:59:00.000Z' },
    });
    expect(p.consentHistory).toEqual([
      { granted: false, at: '2026-11-10T09:00:00.000Z', source: 'counter', device: 'Стойка у окна' },
      { granted: true, at: '2026-09-01T07:00:00.000Z', source: 'counter', device: 'Стойка у окна' },
    ]);
    expect(p.purchases.map((x) => [x.id, x.amount, x.items, x.device, x.voided])).toEqual([
      [p3, 999_00, [], 'Стойка у окна', { at: '2026-11-01T08:05:00.000Z', reason: 'ошибка суммы', by: 'Стойка у окна' }],
      [p2, 350_00, [{ name: 'Капучино', qty: 2 }], 'Стойка у окна', null],
      [p1, 200_00, [], 'Стойка у окна', null],
    ]);
    // Café months (Moscow): September 200 ₽, October 350 ₽ (23:59 on the 31st), November's purchase was voided.
    expect(p.months).toHaveLength(12);
    expect(p.months.slice(-3)).toEqual([
      { month: '2026-09', visits: 1, spend: 200_00 },
      { month: '2026-10', visits: 1, spend: 350_00 },
      { month: '2026-11', visits: 0, spend: 0 },
    ]);
    expect(p.months[0]!.month).toBe('2025-12');
    // Today (22 Nov) the last purchase (31 Oct) is 22 days ago, with 2 purchases: "rare" (15–60 days, fewer than 4).
    expect(p.segment.id).toBe('rare');
    // Recorded as it happened: a newcomer at registration; on 31 Oct, registered 60 days ago with
    // 2 purchases, no rule matched. Time alone is recorded by the daily job, which did not run here.
    expect(p.segmentHistory).toEqual([
      { from: 'newcomer', to: 'none', at: '2026-10-31T20:59:00.000Z', kind: 'move' },
      { from: null, to: 'newcomer', at: '2026-09-01T07:00:00.000Z', kind: 'move' },
    ]);
    expect(p.segments.map((s) => s.id)).toContain('none');
  });

  it('refuses an unknown guest (404) and a malformed id (400)', async () => {
    expect(await (await call(`/api/guests/${newId()}`)).json()).toMatchObject({ error: { code: 'not-found', field: 'id' } });
    expect((await call('/api/guests/not-a-uuid')).status).toBe(400);
  });

  it("edits name and birthday; the owner's edit stands over earlier tablet edits and tablets pull it", async () => {
    const before = await pullAll(app(), token);
    expect(
      (
        await call(`/api/guests/${anna}`, {
          method: 'PATCH',
          body: { name: '  Анна   Петрова ', birthday: '1990-05-17' },
        })
      ).status,
    ).toBe(200);
    expect(await profile()).toMatchObject({ name: 'Анна Петрова', birthday: '1990-05-17' });
    // A tablet's edit made before the owner's (an older clock) arrives late: it does not stand.
    const late = envelope({ kind: 'guest.update', guestId: anna, name: 'Старое имя' }, at('2026-11-20T09:00:00Z'), 'slow');
    await push(app(), token, [{ ...late, hlc: formatHlc({ wall: at('2026-11-20T09:00:00Z').getTime(), counter: 0, node: 'slow' }) }], NOW);
    expect((await profile()).name).toBe('Анна Петрова');
    const pulled = (await pullAll(app(), token, before.at(-1)!.cursor)).flatMap((page) => page.guests);
    expect(pulled.find((g) => g.id === anna)).toMatchObject({ name: 'Анна Петрова', birthday: '1990-05-17' });
    // Clearing a field, and the owner's own words for a bad birthday.
    expect((await call(`/api/guests/${anna}`, { method: 'PATCH', body: { birthday: null } })).status).toBe(200);
    expect((await profile()).birthday).toBeNull();
    expect(await (await call(`/api/guests/${anna}`, { method: 'PATCH', body: { birthday: '2027-01-01' } })).json()).toMatchObject({
      error: { code: 'invalid', field: 'birthday' },
    });
    expect(await (await call(`/api/guests/${anna}`, { method: 'PATCH', body: { phone: '+79990000000' } })).json()).toMatchObject({
      error: { code: 'invalid' },
    });
  });

  it('withdraws marketing consent at once, in the history as the owner’s doing', async () => {
    await pushAt('2026-11-21T09:00:00Z', { kind: 'guest.update', guestId: boris, consent: { granted: true, at: '2026-11-21T09:00:00Z' } });
    expect((await profile(boris)).consent.granted).toBe(true);
    expect((await call(`/api/guests/${boris}/consent/withdraw`, { method: 'POST' })).status).toBe(200);
    const p = await profile(boris);
    expect(p.consent).toEqual({ granted: false, at: NOW.toISOString() });
    expect(p.consentHistory[0]).toEqual({ granted: false, at: NOW.toISOString(), source: 'owner', device: null });
    const pulled = (await pullAll(app(), token)).flatMap((page) => page.guests);
    expect(pulled.find((g) => g.id === boris)!.consent.granted).toBe(false);
  });

  it("exports the guest's data as a JSON file: whole phone, every purchase, both histories", async () => {
    const res = await call(`/api/guests/${anna}/export.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="guest-${anna}-2026-11-22.json"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as {
      guest: { phone: string; name: string };
      purchases: unknown[];
      consentHistory: unknown[];
      segmentHistory: { toName: string }[];
    };
    expect(body.guest).toMatchObject({ phone: annaPhone, name: 'Анна Петрова' });
    expect(body.purchases).toHaveLength(3);
    expect(body.consentHistory).toHaveLength(2);
    // The late tablet edit above touched the guest today: her segment as of today was recorded then.
    expect(body.segmentHistory.map((s) => s.toName)).toEqual(['Редкие гости', 'Вне сегментов', 'Новички']);
  });

  it('deletes a guest on request: personal data gone, totals kept, tablets drop them, the phone may register anew', async () => {
    const report = async () => (await (await call('/api/reports/segments')).json()) as SegmentReport;
    const before = await report();
    const cursor = (await pullAll(app(), token)).at(-1)!.cursor;

    expect((await call(`/api/guests/${anna}`, { method: 'DELETE' })).status).toBe(200);
    const p = await profile();
    expect(p).toMatchObject({ phone: null, name: null, birthday: null, erasedAt: NOW.toISOString(), consent: { granted: false, at: null } });
    expect(p.consentHistory).toEqual([]);
    // Purchases stay, anonymous: the guest still counts, and so does their money.
    expect(p.purchaseCount).toBe(3);
    const after = await report();
    expect(after.totalGuests).toBe(before.totalGuests);
    expect(after.segments.map((s) => [s.id, s.guests, s.totalSpend])).toEqual(before.segments.map((s) => [s.id, s.guests, s.totalSpend]));
    const list = (await (await call('/api/segments/rare/guests', { method: 'POST', body: {} })).json()) as GuestPage;
    expect(list.guests.find((g) => g.id === anna)).toMatchObject({ phone: null, name: null });
    expect(Object.keys(await guestSegments(db(), await ensureCafe(db()), NOW))).not.toContain(annaPhone);

    // Tablets pull the tombstone, never the guest again.
    const pages = await pullAll(app(), token, cursor);
    expect(pages.flatMap((page) => page.erased)).toEqual([anna]);
    expect(pages.flatMap((page) => page.guests).map((g) => g.id)).not.toContain(anna);

    // Nothing more can be done to the deleted guest, and a late tablet edit brings nothing back.
    for (const [path, method] of [
      [`/api/guests/${anna}`, 'DELETE'],
      [`/api/guests/${anna}/export.json`, 'GET'],
      [`/api/guests/${anna}/consent/withdraw`, 'POST'],
    ] as const) {
      expect([path, await (await call(path, { method })).json()]).toMatchObject([path, { error: { code: 'guest-erased' } }]);
    }
    expect((await call(`/api/guests/${anna}`, { method: 'PATCH', body: { name: 'Анна' } })).status).toBe(410);
    await push(app(), token, [envelope({ kind: 'guest.update', guestId: anna, name: 'Анна снова' }, at('2026-11-22T08:59:00Z'))], NOW);
    expect((await profile()).name).toBeNull();
    // A purchase made offline before the tablet heard of it still counts, anonymously.
    await push(app(), token, [envelope(purchase(anna, 100_00, at('2026-11-22T08:00:00Z')), at('2026-11-22T08:00:00Z'))], NOW);
    expect((await profile()).purchaseCount).toBe(4);

    // The number is free again: the person registers as a new guest with no history.
    const again = newId();
    expect((await push(app(), token, [envelope(register(again, annaPhone, NOW, 'Анна'), NOW)], NOW)).status).toBe(200);
    expect(await profile(again)).toMatchObject({ phone: annaPhone, purchaseCount: 0, erasedAt: null });
  });

  it('lists the guests who made one move in the period, latest first', async () => {
    const moved = async (query: string) => (await (await call(`/api/reports/movements/guests?${query}`)).json()) as MovementGuests;
    // The last 7 café days: only the returning Анна arrived.
    const week = await moved('days=7&to=newcomer');
    expect([week.total, week.guests.map((g) => [g.name, g.phone])]).toEqual([1, [['Анна', '+7 916 ***-**-67']]]);
    // 30 days: Борис too (1 Nov), the latest first.
    const again = week.guests[0]!.id;
    expect((await moved('days=30&to=newcomer')).guests.map((g) => g.id)).toEqual([again, boris]);
    // Борис became "rare" on 21 Nov (20 days registered, no purchase).
    expect((await moved('days=7&from=newcomer&to=rare')).guests.map((g) => [g.id, g.movedAt])).toEqual([[boris, '2026-11-21T09:00:00.000Z']]);
    // The deleted Анна's move of 31 Oct is still there, anonymous.
    expect((await moved('days=30&from=newcomer&to=none')).guests.map((g) => [g.id, g.name, g.phone])).toEqual([[anna, null, null]]);
    expect(await (await call('/api/reports/movements/guests?days=7&from=nobody&to=rare')).json()).toMatchObject({
      error: { code: 'unknown-segment', field: 'from' },
    });
    expect((await call('/api/reports/movements/guests?days=8&to=rare')).status).toBe(400);
  });
});
