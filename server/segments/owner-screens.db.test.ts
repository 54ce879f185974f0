import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { addCalendarDays, localDateOf, startOfLocalDay, type TimeZone } from '../../shared/domain/calendar.ts';
import { statsFromPurchases } from '../../shared/domain/guest.ts';
import { maskPhone, parseRuMobile } from '../../shared/domain/phone.ts';
import { classifyGuest } from '../../shared/segments/classify.ts';
import { DEFAULT_RULES, RFM_RULES } from '../../shared/segments/presets.ts';
import type { RuleSet } from '../../shared/segments/rules.ts';
import { generateCafe, type CafeOptions, type GeneratedGuest } from '../../tests/fixtures/cafe-generator.ts';
import { writeCafeCsv } from '../../tests/fixtures/write-csv.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { createApp } from '../app.ts';
import { importBase } from '../import/import-base.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { createSetupToken } from '../cafe/owners.repo.ts';
import { CSV_HEADER } from './segment-csv.ts';
import { pairTablet } from '../../tests/support/sync-helpers.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const ZONE = 'Europe/Moscow' as TimeZone;
const FIXTURE: CafeOptions = { guests: 300, purchases: 3000, seed: 11, end: NOW };
const PASSWORD = 'пароль-владельца';
let files: { guests: string; purchases: string };
let cafe: GeneratedGuest[];
beforeAll(async () => {
  files = await writeCafeCsv(mkdtempSync(join(tmpdir(), 'owner-screens-')), FIXTURE);
  cafe = [...generateCafe(FIXTURE)];
});

const segmentOf = (g: GeneratedGuest, rules: RuleSet, at = NOW) =>
  classifyGuest(
    statsFromPurchases(
      g.registeredAt,
      g.purchases.map((p) => ({ purchasedAt: p.at, amount: p.amount, voidedAt: null })),
    ),
    localDateOf(at, ZONE),
    ZONE,
    rules,
  );

describeOnBackends("the owner's screens' API", ({ db }) => {
  const app = (now = NOW) => createApp({ db: db(), now: () => now });
  const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });
  let owner: { cookie: string; csrf: string };

  /** Logs in and returns a function that calls the API as the owner. */
  async function as(email: string, password: string, now = NOW) {
    const res = await app(now).request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(res.status).toBe(200);
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  }
  const call = (path: string, init: { method?: string; body?: unknown; who?: typeof owner; now?: Date } = {}) =>
    app(init.now).request(path, {
      method: init.method ?? 'GET',
      headers: {
        cookie: (init.who ?? owner).cookie,
        'x-csrf-token': (init.who ?? owner).csrf,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  it('sets up the first owner from the one-time link, once', async () => {
    const token = await createSetupToken(db(), NOW);
    const setup = (body: object) =>
      app().request('/api/auth/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: json(body).body });
    expect(await (await setup({ token: 'x'.repeat(43), email: 'owner@cafe.ru', password: PASSWORD })).json()).toMatchObject({
      error: { code: 'setup-link-invalid', field: 'token' },
    });
    expect(await (await setup({ token, email: 'owner@cafe.ru', password: 'short' })).json()).toMatchObject({ error: { code: 'invalid', field: 'password' } });
    const ok = await setup({ token, email: 'Owner@Cafe.ru', password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/owner_session=.+HttpOnly.+SameSite=Strict/);
    // The link worked once; a second owner cannot be made through a new one either.
    expect((await setup({ token, email: 'x@cafe.ru', password: PASSWORD })).status).toBe(409);
    expect((await setup({ token: await createSetupToken(db(), NOW), email: 'x@cafe.ru', password: PASSWORD })).status).toBe(409);
    owner = await as('owner@cafe.ru', PASSWORD);
    const session = (await (await call('/api/auth/session')).json()) as { email: string; csrfToken: string };
    expect(session).toMatchObject({ email: 'owner@cafe.ru', csrfToken: owner.csrf });
  });

  it('changes the password: the current one is checked, other sessions end, this one stays', async () => {
    const other = await as('owner@cafe.ru', PASSWORD);
    expect(await (await call('/api/auth/password', { method: 'POST', body: { current: 'неверный', next: 'новый-пароль-1' } })).json()).toMatchObject({
      error: { code: 'wrong-password', field: 'current' },
    });
    expect(await (await call('/api/auth/password', { method: 'POST', body: { current: PASSWORD, next: 'short' } })).json()).toMatchObject({
      error: { field: 'next' },
    });
    expect((await call('/api/auth/password', { method: 'POST', body: { current: PASSWORD, next: 'новый-пароль-1' } })).status).toBe(200);
    expect((await call('/api/auth/session', { who: other })).status).toBe(401);
    expect((await call('/api/auth/session')).status).toBe(200);
    const old = await app().request('/api/auth/login', {
      method: 'POST',
      ...{ headers: { 'content-type': 'application/json' } },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: PASSWORD }),
    });
    expect(old.status).toBe(401);
    owner = await as('owner@cafe.ru', 'новый-пароль-1');
  });

  it('pairs a tablet with a code on screen, lists it, and revokes it: its token stops working', async () => {
    const { code, expiresAt } = (await (await call('/api/devices/pairing-code', { method: 'POST' })).json()) as { code: string; expiresAt: string };
    expect(code).toMatch(/^\d{8}$/);
    expect(new Date(expiresAt).getTime() - NOW.getTime()).toBe(10 * 60_000);
    const claim = await app().request('/api/devices/claim', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, name: 'Стойка у окна' }),
    });
    const { token, deviceId } = (await claim.json()) as { token: string; deviceId: string };
    const pull = () => app().request('/api/sync/pull', { headers: { authorization: `Bearer ${token}` } });
    expect((await pull()).status).toBe(200);
    const { devices } = (await (await call('/api/devices')).json()) as { devices: { id: string; name: string; revokedAt: string | null }[] };
    expect(devices).toContainEqual(expect.objectContaining({ id: deviceId, name: 'Стойка у окна', revokedAt: null }));
    expect((await call(`/api/devices/${deviceId}/revoke`, { method: 'POST' })).status).toBe(200);
    expect((await pull()).status).toBe(401);
    expect((await call('/api/devices/00000000-0000-4000-8000-000000000000/revoke', { method: 'POST' })).status).toBe(404);
    expect((await call('/api/devices/nope/revoke', { method: 'POST' })).status).toBe(400);
  });

  it('reports each segment with its revenue and average check over the last 30 café days', async () => {
    await importBase(db(), { guestsPath: files.guests, purchasesPath: files.purchases }, { now: NOW });
    const report = (await (await call('/api/reports/segments')).json()) as {
      recentFrom: string;
      segments: { id: string; guests: number; recentPurchases: number; recentRevenue: number; recentAverageCheck: number }[];
    };
    const from = startOfLocalDay(addCalendarDays(localDateOf(NOW, ZONE), -29), ZONE);
    expect(report.recentFrom).toBe(from.toISOString());
    for (const s of report.segments) {
      const recent = cafe.filter((g) => segmentOf(g, DEFAULT_RULES) === s.id).flatMap((g) => g.purchases.filter((p) => p.at >= from && p.at <= NOW));
      const revenue = recent.reduce((n, p) => n + p.amount, 0);
      expect([s.id, s.recentPurchases, s.recentRevenue]).toEqual([s.id, recent.length, revenue]);
      expect(s.recentAverageCheck).toBe(recent.length ? Math.round(revenue / recent.length) : 0);
    }
    expect(report.segments.reduce((n, s) => n + s.recentPurchases, 0)).toBeGreaterThan(0);
  });

  it("lists a segment's guests: exactly its members, sorted, searched, paged, phones masked", async () => {
    const active = cafe.filter((g) => segmentOf(g, DEFAULT_RULES) === 'active');
    expect(active.length).toBeGreaterThan(10);
    const page = async (body: object) =>
      (await (await call('/api/segments/active/guests', { method: 'POST', body })).json()) as {
        total: number;
        guests: { phone: string; visits: number; name: string | null }[];
      };
    const all = await page({ sort: 'visits', dir: 'desc', limit: 500 });
    expect(all.total).toBe(active.length);
    expect(all.guests.map((g) => g.phone).sort()).toEqual(active.map((g) => maskPhone(g.phone)).sort());
    expect(all.guests.map((g) => g.visits)).toEqual(active.map((g) => g.purchases.length).sort((a, b) => b - a));
    const first = await page({ sort: 'visits', dir: 'desc', limit: 5 });
    const second = await page({ sort: 'visits', dir: 'desc', limit: 5, offset: 5 });
    expect([...first.guests, ...second.guests]).toEqual(all.guests.slice(0, 10));
    expect(await page({ offset: 100_000 })).toEqual({ segment: 'active', total: null, offset: 100_000, guests: [] });
    expect(second.total).toBeNull();

    const target = active[3]!;
    const byDigits = await page({ search: target.phone.slice(-4) });
    expect(byDigits.guests.map((g) => g.phone)).toContain(maskPhone(target.phone));
    expect(byDigits.total).toBe(active.filter((g) => g.phone.slice(2).includes(target.phone.slice(-4))).length);
    expect((await page({ search: `8 ${target.phone.slice(2, 5)} ${target.phone.slice(5)}` })).guests.map((g) => g.phone)).toEqual([maskPhone(target.phone)]);
    const named = active.find((g) => g.name)!;
    expect((await page({ search: named.name!.toLowerCase(), limit: 500 })).total).toBe(active.filter((g) => g.name === named.name).length);
    expect((await page({ search: '100%_' })).total).toBe(0);

    expect(await (await call('/api/segments/active/guests', { method: 'POST', body: { limit: 501 } })).json()).toMatchObject({
      error: { code: 'invalid', field: 'limit' },
    });
    expect(await (await call('/api/segments/active/guests', { method: 'POST', body: { sort: 'phone' } })).json()).toMatchObject({ error: { field: 'sort' } });
    expect((await call('/api/segments/vip/guests', { method: 'POST', body: {} })).status).toBe(404);
  });

  it('exports a segment as CSV for Excel: BOM, ";", every member with the full number', async () => {
    const res = await call('/api/segments/leaving/export.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="segment-leaving-2026-11-22.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(CSV_HEADER.join(';'));
    const leaving = cafe.filter((g) => segmentOf(g, DEFAULT_RULES) === 'leaving');
    const rows = lines.slice(1).map((l) => l.split(';'));
    expect(
      rows
        .map((r) => parseRuMobile(r[0]!))
        .map((p) => (p.ok ? p.value : p.error))
        .sort(),
    ).toEqual(leaving.map((g) => g.phone).sort());
    const spend = new Map(leaving.map((g) => [g.phone as string, g.purchases.reduce((n, p) => n + p.amount, 0)]));
    for (const r of rows) {
      const phone = parseRuMobile(r[0]!);
      expect(Number(r[6]!.replace(',', '.')) * 100).toBeCloseTo(spend.get(phone.ok ? phone.value : '')!, 5);
      expect(r[2]).toBe('Уходящие');
    }
  });

  it('previews a change of thresholds exactly, saves it, and does not count the re-sorting as movements', async () => {
    const next: RuleSet = {
      ...DEFAULT_RULES,
      segments: DEFAULT_RULES.segments.map((s) => (s.id === 'active' ? { ...s, when: [s.when[0]!, { metric: 'purchases', op: 'gte', value: 3 }] } : s)),
    };
    const moves = new Map<string, number>();
    for (const g of cafe) {
      const [a, b] = [segmentOf(g, DEFAULT_RULES), segmentOf(g, next)];
      if (a !== b) moves.set(`${a}>${b}`, (moves.get(`${a}>${b}`) ?? 0) + 1);
    }
    expect(moves.size).toBeGreaterThan(0);
    const preview = (await (await call('/api/settings/preview', { method: 'POST', body: { timeZone: ZONE, rules: next } })).json()) as {
      moved: number;
      totalGuests: number;
      cells: { from: string; to: string; guests: number }[];
    };
    expect(preview.totalGuests).toBe(cafe.length);
    expect(new Map(preview.cells.filter((c) => c.from !== c.to).map((c) => [`${c.from}>${c.to}`, c.guests]))).toEqual(moves);
    expect(preview.moved).toBe([...moves.values()].reduce((a, b) => a + b, 0));

    const before = (await (await call('/api/reports/movements?days=7')).json()) as { movements: unknown[] };
    const saved = await call('/api/settings', { method: 'PUT', body: { name: 'Кофейня на Садовой', timeZone: ZONE, rules: next } });
    expect(await saved.json()).toEqual({ ok: true, moved: preview.moved });
    expect(await (await call('/api/settings')).json()).toMatchObject({ name: 'Кофейня на Садовой', timeZone: ZONE, rules: { segments: expect.any(Array) } });
    expect((await (await call('/api/reports/movements?days=7')).json()) as object).toMatchObject({ movements: before.movements });
    const report = (await (await call('/api/reports/segments')).json()) as { segments: { id: string; guests: number }[] };
    expect(report.segments.find((s) => s.id === 'active')!.guests).toBe(cafe.filter((g) => segmentOf(g, next) === 'active').length);

    // Bad settings name their field and change nothing.
    const bad = async (body: object, field: string) =>
      expect(await (await call('/api/settings', { method: 'PUT', body })).json()).toMatchObject({ error: { code: 'invalid', field } });
    await bad({ name: 'x', timeZone: 'Mars/Olympus', rules: next }, 'timeZone');
    await bad({ name: '', timeZone: ZONE, rules: next }, 'name');
    await bad(
      {
        name: 'x',
        timeZone: ZONE,
        rules: { ...next, segments: [{ id: 'none', name: { ru: 'а', en: 'a' }, when: [{ metric: 'purchases', op: 'gte', value: 1 }] }] },
      },
      'rules.segments.0.id',
    );
    await bad(
      { name: 'x', timeZone: ZONE, rules: { ...next, segments: [{ ...next.segments[0]!, when: [{ metric: 'purchases', op: 'gte', value: 1.5 }] }] } },
      'rules.segments.0.when.0.value',
    );
    expect(await (await call('/api/settings')).json()).toMatchObject({ name: 'Кофейня на Садовой' });

    // Another preset: its segments, none included, in the report.
    await call('/api/settings', { method: 'PUT', body: { name: 'Кофейня на Садовой', timeZone: ZONE, rules: RFM_RULES } });
    const rfm = (await (await call('/api/reports/segments')).json()) as { segments: { id: string; guests: number }[] };
    expect(rfm.segments.map((s) => s.id)).toEqual([...RFM_RULES.segments.map((s) => s.id), 'none']);
    expect(rfm.segments.reduce((n, s) => n + s.guests, 0)).toBe(cafe.length);
    await call('/api/settings', { method: 'PUT', body: { name: 'Кофейня на Садовой', timeZone: ZONE, rules: DEFAULT_RULES } });
  });

  it('counts movements per from → to over 7, 30 and 90 days, and sizes week by week that match the history', async () => {
    // Time alone moves guests: run the daily job over the next 40 days.
    const { resegmentIfNewDay } = await import('./resegment.ts');
    const c = await ensureCafe(db());
    for (let d = 1; d <= 40; d++) await resegmentIfNewDay(db(), c.id, new Date(NOW.getTime() + d * 86_400_000));
    const later = new Date(NOW.getTime() + 40 * 86_400_000);
    const who = await as('owner@cafe.ru', 'новый-пароль-1', later);
    const history = await db().query<{ guest_id: string; from_segment: string | null; to_segment: string; at: Date; kind: string }>(
      'SELECT guest_id, from_segment, to_segment, at, kind FROM segment_history ORDER BY id',
    );
    for (const days of [7, 30, 90]) {
      const from = startOfLocalDay(addCalendarDays(localDateOf(later, ZONE), 1 - days), ZONE);
      const want = new Map<string, number>();
      for (const h of history.filter((h) => h.kind === 'move' && h.at >= from && h.at <= later)) {
        const key = `${h.from_segment}>${h.to_segment}`;
        want.set(key, (want.get(key) ?? 0) + 1);
      }
      const got = (await (await call(`/api/reports/movements?days=${days}`, { now: later, who })).json()) as {
        movements: { from: string | null; to: string; guests: number }[];
      };
      expect(new Map(got.movements.map((m) => [`${m.from}>${m.to}`, m.guests]))).toEqual(want);
      if (days === 30) expect(got.movements.some((m) => m.from === 'active' && m.to === 'leaving')).toBe(true);
    }
    expect((await call('/api/reports/movements?days=8')).status).toBe(400);

    const trend = (await (await call('/api/reports/trend?weeks=26', { now: later, who })).json()) as {
      points: { at: string; sizes: Record<string, number> }[];
    };
    expect(trend.points).toHaveLength(26);
    for (const p of trend.points) {
      // Each guest's segment at the moment: the last change recorded at or before it.
      const last = new Map<string, string>();
      const at = new Date(p.at);
      for (const h of history) if (h.at < at || (at.getTime() === later.getTime() && h.at <= later)) last.set(h.guest_id, h.to_segment);
      const want = Object.fromEntries(
        ['newcomer', 'active', 'leaving', 'rare', 'sleeping', 'none'].map((id) => [id, [...last.values()].filter((s) => s === id).length]),
      );
      expect([p.at, p.sizes]).toEqual([p.at, want]);
    }
    expect(trend.points.at(-1)!.sizes.sleeping).toBeGreaterThan(trend.points[0]!.sizes.sleeping!);
    expect((await call('/api/reports/trend?weeks=1')).status).toBe(400);
  });

  it('closes every owner route to tablets and to no session', async () => {
    const token = await pairTablet(app(), db(), NOW);
    for (const [path, method] of [
      ['/api/reports/trend', 'GET'],
      ['/api/segments/active/guests', 'POST'],
      ['/api/settings', 'PUT'],
      ['/api/devices', 'GET'],
    ] as const) {
      expect([path, (await app().request(path, { method, headers: { authorization: `Bearer ${token}` } })).status]).toEqual([path, 403]);
      expect([path, (await app().request(path, { method })).status]).toEqual([path, 401]);
    }
    // A cookie write without the CSRF token is refused.
    expect(
      (await app().request('/api/settings/preview', { method: 'POST', headers: { cookie: owner.cookie, 'content-type': 'application/json' }, body: '{}' }))
        .status,
    ).toBe(403);
  });
});

it('puts every /api route of the app in the OpenAPI document, so the authorisation walk reaches it', async () => {
  const app = createApp({ db: {} as never, now: () => NOW, adminSecret: 'x' });
  const openapi = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  const documented = new Set(Object.entries(openapi.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
  const routes = app.routes
    .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.includes('*') && r.path !== '/api/admin/cli')
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}').replace(/\/$/, '')}`);
  expect(routes.length).toBeGreaterThan(15);
  expect(routes.filter((r) => !documented.has(r))).toEqual([]);
});
