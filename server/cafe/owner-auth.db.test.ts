import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { localDateOf, type TimeZone } from '../../shared/domain/calendar.ts';
import { statsFromPurchases } from '../../shared/domain/guest.ts';
import { classifyGuest } from '../../shared/segments/classify.ts';
import { DEFAULT_RULES } from '../../shared/segments/presets.ts';
import { segmentIds } from '../../shared/segments/rules.ts';
import { generateCafe, type CafeOptions } from '../../tests/fixtures/cafe-generator.ts';
import { writeCafeCsv } from '../../tests/fixtures/write-csv.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { createApp } from '../app.ts';
import { importBase } from '../import/import-base.ts';
import { ensureCafe } from './cafes.repo.ts';
import { createOwner } from './owners.repo.ts';
import { pairTablet } from '../../tests/support/sync-helpers.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const FIXTURE: CafeOptions = { guests: 200, purchases: 2000, seed: 5, end: NOW };
let files: { guests: string; purchases: string };
beforeAll(async () => {
  files = await writeCafeCsv(mkdtempSync(join(tmpdir(), 'owner-')), FIXTURE);
});

describeOnBackends('owner login and owner-only reports', ({ db }) => {
  const app = () => createApp({ db: db(), now: () => NOW });
  const login = (email: string, password: string, a = app()) =>
    a.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

  it('logs the owner in with an HttpOnly SameSite session cookie; wrong passwords get 401', async () => {
    const cafe = await ensureCafe(db());
    await createOwner(db(), cafe.id, 'owner@cafe.ru', 'правильный-пароль');
    expect(await (await login('owner@cafe.ru', 'неверный')).json()).toEqual({ error: { code: 'bad-credentials', message: 'wrong e-mail or password' } });
    expect((await login('nobody@cafe.ru', 'правильный-пароль')).status).toBe(401);
    const ok = await login('Owner@Cafe.ru', 'правильный-пароль');
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^owner_session=[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(await (await login('x', '')).json()).toMatchObject({ error: { code: 'invalid' } });
  });

  it('limits failed logins per e-mail', async () => {
    const a = app();
    for (let i = 0; i < 5; i++) expect((await login('owner@cafe.ru', `wrong-${i}`, a)).status).toBe(401);
    expect((await login('owner@cafe.ru', 'правильный-пароль', a)).status).toBe(429);
  });

  it('reports every segment as of a moment, counts equal to the rules applied to the data', async () => {
    await importBase(db(), { guestsPath: files.guests, purchasesPath: files.purchases }, { now: NOW });
    const res = await login('owner@cafe.ru', 'правильный-пароль');
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const report = await app().request(`/api/reports/segments?at=${encodeURIComponent(NOW.toISOString())}`, { headers: { cookie } });
    expect(report.status).toBe(200);
    const body = (await report.json()) as { asOf: string; segments: { id: string; guests: number }[] };
    expect(body.asOf).toBe(NOW.toISOString());
    expect(body.segments.map((s) => s.id)).toEqual(segmentIds(DEFAULT_RULES));
    const zone = 'Europe/Moscow' as TimeZone;
    const want = new Map<string, number>();
    for (const g of generateCafe(FIXTURE)) {
      const s = classifyGuest(
        statsFromPurchases(
          g.registeredAt,
          g.purchases.map((p) => ({ purchasedAt: p.at, amount: p.amount, voidedAt: null })),
        ),
        localDateOf(NOW, zone),
        zone,
        DEFAULT_RULES,
      );
      want.set(s, (want.get(s) ?? 0) + 1);
    }
    for (const s of body.segments) expect([s.id, s.guests]).toEqual([s.id, want.get(s.id) ?? 0]);
    expect((await app().request('/api/reports/segments?at=yesterday', { headers: { cookie } })).status).toBe(400);
  });

  it('closes every owner route to no session (401) and to tablets (403), walking the OpenAPI document', async () => {
    const token = await pairTablet(app(), db(), NOW);
    const openapi = (await (await app().request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(openapi.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        path,
        method: method.toUpperCase(),
        security: ((op as { security: { owner?: unknown; device?: unknown }[] }).security ?? [])[0],
      })),
    );
    expect(routes.filter((r) => r.security && 'owner' in r.security).length).toBeGreaterThanOrEqual(2);
    const session = async () => {
      const res = await login('owner@cafe.ru', 'правильный-пароль');
      return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
    };
    // One session for the walk (each login spends the password hash's time), a new one after the walk logs out.
    let owner = await session();
    for (const r of routes) {
      const call = (headers: Record<string, string>) =>
        app().request(r.path, { method: r.method, headers: { 'content-type': 'application/json', ...headers }, ...(r.method === 'GET' ? {} : { body: '{}' }) });
      if (r.security && 'owner' in r.security) {
        expect([r.path, (await call({})).status]).toEqual([r.path, 401]);
        expect([r.path, (await call({ authorization: `Bearer ${token}` })).status]).toEqual([r.path, 403]);
        expect([r.path, [401, 403].includes((await call({ cookie: owner.cookie, 'x-csrf-token': owner.csrfToken })).status)]).toEqual([r.path, false]);
        if (r.path === '/api/auth/logout') owner = await session();
      } else if (r.security && 'device' in r.security) {
        expect([r.path, (await call({})).status]).toEqual([r.path, 401]);
      }
    }
  });

  it('needs the CSRF token for cookie writes, and logout ends the session', async () => {
    const res = await login('owner@cafe.ru', 'правильный-пароль');
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    expect((await app().request('/api/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(403);
    expect((await app().request('/api/auth/logout', { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } })).status).toBe(200);
    expect((await app().request('/api/reports/segments', { headers: { cookie } })).status).toBe(401);
  });
});
