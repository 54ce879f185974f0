import { expect, it } from 'vitest';
import type { GuestEntries, LoyaltyReport } from '../../shared/api/loyalty.ts';
import { DEFAULT_PROGRAM } from '../../shared/loyalty/program.ts';
import type { MutationOf } from '../../shared/sync/mutations.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, push, register } from '../../tests/support/sync-helpers.ts';
import { createApp } from '../app.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { createOwner } from '../cafe/owners.repo.ts';
import { newId } from '../new-id.ts';
import { expirePoints } from './loyalty.job.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

const buy = (guestId: string, rubles: number, when: Date, points = 0): MutationOf<'purchase.record'> => ({
  kind: 'purchase.record',
  purchaseId: newId(),
  guestId,
  purchasedAt: when.toISOString(),
  amount: rubles * 100,
  items: [],
  discount: 0,
  pointsRedeemed: points,
  ...(points ? { redemptionEntryId: newId() } : {}),
});

describeOnBackends('the owner’s bonus programme API', ({ db }) => {
  const app = () => createApp({ db: db(), now: () => NOW });
  let owner = { cookie: '', csrf: '' };
  const call = (path: string, init: { method?: string; body?: unknown } = {}) =>
    app().request(path, {
      method: init.method ?? 'GET',
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  it('documents every programme route as owner-only, so the OpenAPI walk closes each to tablets and to no session', async () => {
    const openapi = (await (await app().request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { security: object[] }>> };
    const routes = Object.entries(openapi.paths)
      .filter(([path]) => path.startsWith('/api/loyalty/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.security]));
    expect(routes).toEqual(
      ['GET /api/loyalty/program', 'PUT /api/loyalty/program', 'GET /api/loyalty/report', 'GET /api/loyalty/guests/{id}/entries'].map((r) => [
        r,
        [{ owner: [] }],
      ]),
    );
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

  it('reads the default programme, saves a new one, and refuses bad input naming the field with nothing stored', async () => {
    expect(await (await call('/api/loyalty/program')).json()).toEqual(DEFAULT_PROGRAM);
    const program = {
      ...DEFAULT_PROGRAM,
      accrualRate: 700,
      expiryMonths: 12,
      tiers: [
        { id: 'silver', name: 'Серебро', minSpend: 1000000, accrualRate: 800 },
        { id: 'gold', name: 'Золото', minSpend: 3000000, accrualRate: 1000 },
      ],
      rewards: [{ id: 'dessert', name: 'Десерт', price: 150 }],
    };
    const saved = await call('/api/loyalty/program', { method: 'PUT', body: program });
    expect(saved.status).toBe(200);
    expect(await (await call('/api/loyalty/program')).json()).toEqual(program);
    for (const [bad, field] of [
      [{ ...program, accrualRate: 10001 }, 'accrualRate'],
      [{ ...program, accrualRate: 2.5 }, 'accrualRate'],
      [{ ...program, welcomeBonus: -1 }, 'welcomeBonus'],
      [{ ...program, rewards: [{ id: 'x', name: 'Кекс' }] }, 'rewards.0.price'],
      [{ ...program, tiers: [program.tiers[1], program.tiers[0]] }, 'tiers.1.minSpend'],
    ] as const) {
      const res = await call('/api/loyalty/program', { method: 'PUT', body: bad });
      expect([field, res.status, ((await res.json()) as { error: { field?: string } }).error.field]).toEqual([field, 400, field]);
    }
    expect(await (await call('/api/loyalty/program')).json()).toEqual(program);
    expect((await call('/api/loyalty/program', { method: 'PUT', body: DEFAULT_PROGRAM })).status).toBe(200);
  });

  it('reports points issued, spent, expired, outstanding, the liability, and overdrafts with the guest and both tablets', async () => {
    const a = await pairTablet(app(), db(), NOW, 'Стойка');
    const b = await pairTablet(app(), db(), NOW, 'Веранда');
    const g = newId();
    expect((await push(app(), a, [envelope(register(g, '+79190000001', at(-60)))])).status).toBe(200);
    // Both tablets spend the welcome 100 offline on 400 ₽ checks: A earns 15, B overdraws by 85 and repays 15 → owes 70.
    expect((await push(app(), a, [envelope(buy(g, 400, at(-30), 100))])).status).toBe(200);
    expect((await push(app(), b, [envelope(buy(g, 400, at(-29), 100))])).status).toBe(200);
    const h = newId();
    expect((await push(app(), a, [envelope(register(h, '+79190000002', at(-20))), envelope(buy(h, 1000, at(-10)))])).status).toBe(200);

    const res = await call('/api/loyalty/report');
    expect(res.status).toBe(200);
    const report = (await res.json()) as LoyaltyReport;
    // Issued: 2 welcomes (200) + 15 + 15 + 50 = 280; spent 200; outstanding −70 + 150 = 80; liability counts only the positive 150.
    expect(report).toMatchObject({ issued: 280, spent: 200, expired: 0, adjusted: 0, outstanding: 80, liability: 15000, overdrawn: { guests: 1, points: 70 } });
    expect(report.byKind).toMatchObject({ welcome: 200, accrual: 80, redemption: -200 });
    expect(report.overdrafts).toEqual([
      {
        entryId: expect.any(String),
        guestId: g,
        phone: '+7 919 ***-**-01',
        name: null,
        points: 85,
        outstanding: 70,
        devices: [expect.objectContaining({ name: 'Веранда' }), expect.objectContaining({ name: 'Стойка' })],
        recordedAt: NOW.toISOString(),
      },
    ]);
    expect(report.overdraftCount).toBe(1);
    // A period before anything happened shows nothing issued, and the balances as they are now.
    const before = (await (await call('/api/loyalty/report?from=2026-01-01&to=2026-01-31')).json()) as LoyaltyReport;
    expect(before).toMatchObject({ issued: 0, spent: 0, outstanding: 80, overdrafts: [], overdraftCount: 0 });
    expect((await call('/api/loyalty/report?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    expect((await call('/api/loyalty/report?from=yesterday')).status).toBe(400);
    // The last 30 café days: everything above happened today.
    expect((await (await call('/api/loyalty/report?days=30')).json()) as LoyaltyReport).toMatchObject({ from: '2026-10-24', to: '2026-11-22', issued: 280 });
    expect((await call('/api/loyalty/report?days=0')).status).toBe(400);
    expect((await call('/api/loyalty/report?days=30&from=2026-01-01')).status).toBe(400);
  });

  it('counts expiry in the report', async () => {
    const cafe = await ensureCafe(db());
    expect((await call('/api/loyalty/program', { method: 'PUT', body: { ...DEFAULT_PROGRAM, expiryMonths: 1 } })).status).toBe(200);
    await expirePoints(db(), cafe.id, new Date('2027-01-15T09:00:00Z'));
    const report = (await (await call('/api/loyalty/report')).json()) as LoyaltyReport;
    expect(report).toMatchObject({ expired: 150, outstanding: -70, liability: 0 });
    expect((await call('/api/loyalty/program', { method: 'PUT', body: DEFAULT_PROGRAM })).status).toBe(200);
  });

  it('lists a guest’s entries, the latest first; a merged id leads to the guest that stands; an unknown one is 404', async () => {
    const a = await pairTablet(app(), db(), NOW, 'Стойка');
    const [g, dup] = [newId(), newId()];
    const number = '+79190000003';
    expect((await push(app(), a, [envelope(register(g, number, at(-60))), envelope(buy(g, 200, at(-50)))])).status).toBe(200);
    expect((await push(app(), a, [envelope(register(dup, number, at(-40)))])).status).toBe(200);
    const res = await call(`/api/loyalty/guests/${dup}/entries`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as GuestEntries;
    expect(body.guestId).toBe(g);
    expect(body.entries.map((e) => [e.kind, e.points])).toEqual([
      ['reversal', -100],
      ['welcome', 100],
      ['accrual', 10],
      ['welcome', 100],
    ]);
    expect(body).toMatchObject({ balance: 110, overdraft: 0, total: 4 });
    expect(body.entries[2]!.device).toMatchObject({ name: 'Стойка' });
    expect((await call(`/api/loyalty/guests/${newId()}/entries`)).status).toBe(404);
    expect((await call('/api/loyalty/guests/not-a-uuid/entries')).status).toBe(400);
  });
});
