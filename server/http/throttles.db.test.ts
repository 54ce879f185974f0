import { describe, expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { createApp } from '../app.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { CLAIM_MISSES_IN_ALL, CLAIM_MISSES_PER_SOURCE } from '../cafe/devices.route.ts';
import { MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_SOURCE } from '../cafe/login-limiter.ts';
import { createOwner } from '../cafe/owners.repo.ts';
import { createPairingCode } from '../cafe/devices.repo.ts';
import { OWNER_BODY_MAX_BYTES, PUBLIC_BODY_MAX_BYTES } from './body-limits.ts';
import { SlidingWindow } from '../cafe/sliding-window.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const PASSWORD = 'пароль-владельца';
let n = 0;

describeOnBackends('throttles, body limits and the proxy', ({ db }) => {
  async function cafeWithOwner() {
    const app = createApp({ db: db(), now: () => NOW, trustProxy: true });
    const cafe = await ensureCafe(db());
    const email = `owner${++n}@cafe.ru`;
    await createOwner(db(), cafe.id, email, PASSWORD);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const login = (from: string, password: string, who = email) =>
      post('/api/auth/login', { email: who, password }, { 'x-forwarded-for': `203.0.113.9, ${from}` });
    return { app, cafe, email, post, login };
  }

  it('locks one address out of one e-mail after 5 failures, while the owner still logs in from another', { timeout: 120_000 }, async () => {
    const { login } = await cafeWithOwner();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) expect((await login('10.0.0.1', 'неверный')).status).toBe(401);
    expect((await login('10.0.0.1', PASSWORD)).status).toBe(429);
    const owner = await login('10.0.0.2', PASSWORD);
    expect(owner.status).toBe(200);
  });

  it('limits one address across e-mails too', { timeout: 120_000 }, async () => {
    const { login, email } = await cafeWithOwner();
    for (let i = 0; i < MAX_FAILURES_PER_SOURCE; i++) expect((await login('10.0.1.1', 'неверный', `x${i}@cafe.ru`)).status).toBe(401);
    expect((await login('10.0.1.1', PASSWORD, email)).status).toBe(429);
    expect((await login('10.0.1.2', PASSWORD, email)).status).toBe(200);
  });

  it('throttles guessing the current password on the password-change route', async () => {
    const { app, login } = await cafeWithOwner();
    const res = await login('10.0.2.1', PASSWORD);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    const change = (current: string) =>
      app.request('/api/auth/password', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
        body: JSON.stringify({ current, next: 'новый-пароль-1' }),
      });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) expect((await change(`неверный-${i}`)).status).toBe(400);
    const blocked = await change(PASSWORD);
    expect([blocked.status, ((await blocked.json()) as { error: { code: string } }).error.code]).toEqual([429, 'too-many-attempts']);
  });

  it('limits wrong pairing codes per address and in all; a right code from a clean address still pairs until the global limit', async () => {
    const { post, cafe } = await cafeWithOwner();
    const claim = (from: string, code: string) => post('/api/devices/claim', { code, name: 'Касса' }, { 'x-forwarded-for': from });
    for (let i = 0; i < CLAIM_MISSES_PER_SOURCE; i++) expect((await claim('10.0.3.1', String(i).padStart(8, '0'))).status).toBe(404);
    const { code } = await createPairingCode(db(), cafe.id, NOW);
    expect((await claim('10.0.3.1', code)).status).toBe(429);
    expect((await claim('10.0.3.2', code)).status).toBe(200);
    for (let i = CLAIM_MISSES_PER_SOURCE; i < CLAIM_MISSES_IN_ALL; i++) await claim(`10.0.4.${i}`, String(i).padStart(8, '0'));
    expect((await claim('10.0.5.1', (await createPairingCode(db(), cafe.id, NOW)).code)).status).toBe(429);
  });

  it('refuses oversized bodies with a 413 JSON error before reading them', async () => {
    const { post } = await cafeWithOwner();
    const big = await post('/api/auth/login', { email: 'a@b.ru', password: 'x'.repeat(PUBLIC_BODY_MAX_BYTES) });
    expect([big.status, await big.json()]).toEqual([413, { error: { code: 'too-large', message: expect.any(String) } }]);
    expect((await post('/api/devices/claim', 'x'.repeat(PUBLIC_BODY_MAX_BYTES + 1))).status).toBe(413);
    expect((await post('/api/settings/preview', 'x'.repeat(OWNER_BODY_MAX_BYTES + 1))).status).toBe(413);
    expect((await post('/api/auth/setup', 'x'.repeat(PUBLIC_BODY_MAX_BYTES + 1))).status).toBe(413);
  });

  it('refuses an oversized body on every route that takes one but the push, the import upload and the CLI’s, walking the OpenAPI document', async () => {
    const app = createApp({ db: db(), now: () => NOW });
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const exempt = new Set(['/api/sync/push', '/api/import/uploads']);
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m) && !exempt.has(path) && !path.startsWith('/api/admin/'))
        .map((m) => [m.toUpperCase(), path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000')] as const),
    );
    expect(routes.length).toBeGreaterThan(20);
    const statuses = await Promise.all(
      routes.map(async ([method, path]) => {
        const res = await app.request(path, { method, headers: { 'content-type': 'application/json' }, body: 'x'.repeat(OWNER_BODY_MAX_BYTES + 1) });
        return `${method} ${path} ${res.status}`;
      }),
    );
    expect(statuses.filter((s) => !s.endsWith(' 413'))).toEqual([]);
  });

  it('sets a Secure cookie behind a TLS proxy when TRUST_PROXY is on, and not when the header is forged', async () => {
    const { login, email } = await cafeWithOwner();
    expect((await login('10.0.6.1', PASSWORD)).headers.get('set-cookie')).not.toMatch(/Secure/);
    const viaProxy = await createApp({ db: db(), now: () => NOW, trustProxy: true }).request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure/);
    expect(viaProxy.headers.get('strict-transport-security')).toMatch(/max-age/);
    const forged = await createApp({ db: db(), now: () => NOW }).request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(forged.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});

describe('sliding window', () => {
  it('allows max events in any window, and frees one as the oldest leaves it', () => {
    const w = new SlidingWindow({ windowMs: 1000, max: 2 });
    const t = (ms: number) => new Date(NOW.getTime() + ms);
    w.add('a', t(0));
    w.add('a', t(400));
    expect(w.blockedFor('a', t(500))).toBe(500);
    expect(w.blockedFor('a', t(1000))).toBe(0);
    expect(w.blockedFor('b', t(500))).toBe(0);
  });

  it('keeps memory bounded: at most maxKeys keys, the least recently used dropped', () => {
    const w = new SlidingWindow({ windowMs: 60_000, max: 5, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) w.add(`10.${i}`, NOW);
    expect(w.size).toBe(100);
  });
});
