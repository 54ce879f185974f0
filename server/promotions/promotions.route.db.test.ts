import { expect, it } from 'vitest';
import type { PromotionReport, PromotionView } from '../../shared/api/promotions.ts';
import type { MutationOf } from '../../shared/sync/mutations.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, push, register } from '../../tests/support/sync-helpers.ts';
import { createApp } from '../app.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { createOwner } from '../cafe/owners.repo.ts';
import { newId } from '../new-id.ts';

// Sunday 22 November 2026, 12:00 in Moscow.
const NOW = new Date('2026-11-22T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

const buy = (guestId: string, rubles: number, when: Date, promotion?: { id: string; discount: number }): MutationOf<'purchase.record'> => ({
  kind: 'purchase.record',
  purchaseId: newId(),
  guestId,
  purchasedAt: when.toISOString(),
  amount: rubles * 100,
  items: [],
  discount: promotion?.discount ?? 0,
  pointsRedeemed: 0,
  ...(promotion ? { promotionId: promotion.id } : {}),
});

const MORNING = { name: 'Утренний капучино', audience: ['leaving', 'sleeping'], weekdays: [1, 2, 3, 4, 5], from: '08:00', to: '12:00', percentOff: 20 };

describeOnBackends('the owner’s promotions API', ({ db }) => {
  const app = () => createApp({ db: db(), now: () => NOW });
  let owner = { cookie: '', csrf: '' };
  const call = (path: string, init: { method?: string; body?: unknown } = {}) =>
    app().request(path, {
      method: init.method ?? 'GET',
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const stored = async () => (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM promotions'))[0]!.n;

  it('documents every promotions route as owner-only, so the OpenAPI route walk closes each to tablets and to no session', async () => {
    const openapi = (await (await app().request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { security: object[] }>> };
    const routes = Object.entries(openapi.paths)
      .filter(([path]) => path.startsWith('/api/promotions'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.security]));
    expect(routes.map(([r]) => r).sort()).toEqual(
      ['GET /api/promotions', 'POST /api/promotions', 'PUT /api/promotions/{id}', 'POST /api/promotions/{id}/status', 'GET /api/promotions/{id}/report'].sort(),
    );
    for (const [, security] of routes) expect(security).toEqual([{ owner: [] }]);
    const token = await pairTablet(app(), db(), NOW);
    for (const [route] of routes) {
      const [method, path] = (route as string).split(' ') as [string, string];
      const url = path.replace('{id}', newId());
      expect([route, (await app().request(url, { method })).status]).toEqual([route, 401]);
      expect([route, (await app().request(url, { method, headers: { authorization: `Bearer ${token}` } })).status]).toEqual([route, 403]);
    }
  });

  it('logs the owner in', async () => {
    const cafe = await ensureCafe(db());
    await createOwner(db(), cafe.id, 'owner@cafe.ru', 'пароль-владельца');
    const res = await app().request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: 'пароль-владельца' }),
    });
    owner = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  });

  it('creates, lists, edits, pauses, resumes and ends a promotion; an ended one is final', async () => {
    const res = await call('/api/promotions', { method: 'POST', body: MORNING });
    expect(res.status).toBe(201);
    const made = (await res.json()) as PromotionView;
    expect(made).toMatchObject({
      name: 'Утренний капучино',
      audience: ['leaving', 'sleeping'],
      weekdays: [1, 2, 3, 4, 5],
      window: { from: '08:00', to: '12:00' },
      benefit: { kind: 'percent', percent: 20 },
      limit: 'none',
      status: 'active',
      createdAt: NOW.toISOString(),
      endedAt: null,
    });
    const list = (await (await call('/api/promotions')).json()) as { promotions: PromotionView[] };
    expect(list.promotions.map((p) => p.id)).toContain(made.id);

    const edited = await call(`/api/promotions/${made.id}`, { method: 'PUT', body: { ...MORNING, percentOff: null, amountOff: 5000, limit: 'daily' } });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ id: made.id, benefit: { kind: 'rubles', amount: 5000 }, limit: 'daily' });

    const status = (s: string) => call(`/api/promotions/${made.id}/status`, { method: 'POST', body: { status: s } });
    expect(await (await status('paused')).json()).toMatchObject({ status: 'paused' });
    expect((await status('paused')).status).toBe(400);
    expect(await (await status('active')).json()).toMatchObject({ status: 'active' });
    expect(await (await status('ended')).json()).toMatchObject({ status: 'ended', endedAt: NOW.toISOString() });
    expect(await (await status('active')).json()).toMatchObject({ error: { code: 'promotion-ended', field: 'id' } });
    const late = await call(`/api/promotions/${made.id}`, { method: 'PUT', body: MORNING });
    expect(late.status).toBe(409);
    expect((await call(`/api/promotions/${newId()}`, { method: 'PUT', body: MORNING })).status).toBe(404);
    expect((await call('/api/promotions/not-an-id/status', { method: 'POST', body: { status: 'ended' } })).status).toBe(400);
  });

  it('refuses bad input with a 400 naming the field, and stores nothing', async () => {
    const before = await stored();
    const bad: [Record<string, unknown>, string][] = [
      [{ ...MORNING, to: '08:00' }, 'to'],
      [{ ...MORNING, from: '13:00' }, 'to'],
      [{ ...MORNING, to: null }, 'to'],
      [{ ...MORNING, audience: ['vip'] }, 'audience'],
      [{ ...MORNING, percentOff: 0 }, 'percentOff'],
      [{ ...MORNING, percentOff: 101 }, 'percentOff'],
      [{ ...MORNING, percentOff: null, amountOff: 0 }, 'amountOff'],
      [{ ...MORNING, starts: '2026-12-10', ends: '2026-12-01' }, 'ends'],
      [{ ...MORNING, percentOff: null }, 'benefit'],
      [{ ...MORNING, gift: 'Кекс' }, 'benefit'],
      [{ ...MORNING, name: 'Уходящие' }, 'name'],
      [{ ...MORNING, weekdays: [0] }, 'weekdays'],
      [{ ...MORNING, limit: 'weekly' }, 'limit'],
    ];
    for (const [body, field] of bad) {
      const res = await call('/api/promotions', { method: 'POST', body });
      expect([field, res.status]).toEqual([field, 400]);
      expect([field, ((await res.json()) as { error: { field: string } }).error.field]).toEqual([field, field]);
    }
    expect(await stored()).toBe(before);
  });

  it('reports what one promotion brought: applications, guests, discount, paid revenue, flags, and the guests’ visits before and while it ran', async () => {
    const made = (await (
      await call('/api/promotions', { method: 'POST', body: { name: 'Кофе -10 %', percentOff: 10, limit: 'once' } })
    ).json()) as PromotionView;
    const [a, b] = [await pairTablet(app(), db(), NOW, 'Касса 1'), await pairTablet(app(), db(), NOW, 'Касса 2')];
    const guest = newId();
    const other = newId();
    const applied = { id: made.id, discount: 3000 };
    await push(app(), a, [envelope(register(guest, '+79161112233', at(-3 * 24 * 60))), envelope(register(other, '+79161112244', at(-3 * 24 * 60)))], NOW);
    // Yesterday without it; today twice with it, from two tablets (the second breaks `once`); another guest once, then voided.
    const voided = buy(other, 300, at(-30), applied);
    expect((await push(app(), a, [envelope(buy(guest, 250, at(-24 * 60))), envelope(buy(guest, 300, at(-60), applied)), envelope(voided)], NOW)).status).toBe(
      200,
    );
    expect((await push(app(), b, [envelope(buy(guest, 300, at(-50), applied))], NOW)).status).toBe(200);
    await push(app(), a, [envelope({ kind: 'purchase.void', purchaseId: voided.purchaseId, reason: 'ошибка', voidedAt: at(-20).toISOString() })], NOW);

    const res = await call(`/api/promotions/${made.id}/report`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as PromotionReport;
    expect(report).toMatchObject({
      promotion: { id: made.id, name: 'Кофе -10 %' },
      applied: 2,
      guests: 1,
      discount: 6000,
      paidRevenue: 54000,
      flagged: 1,
      flaggedByReason: { 'used-once': 1 },
      visitsBefore: { from: '2026-11-21', to: '2026-11-21', visits: 1 },
      visitsDuring: { from: '2026-11-22', to: '2026-11-22', visits: 2 },
    });
    expect((await call(`/api/promotions/${newId()}/report`)).status).toBe(404);
  });
});
