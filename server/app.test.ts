import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { describeOnBackends } from '../tests/support/backends.ts';
import { createApp } from './app.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

describeOnBackends('http app', ({ db, backend }) => {
  it('answers /api/health from the database', async () => {
    const res = await createApp({ db: db(), now: () => NOW }).request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', storage: backend, time: NOW.toISOString() });
  });

  it('describes itself at /api/openapi.json', async () => {
    const res = await createApp({ db: db(), now: () => NOW }).request('/api/openapi.json');
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/health');
  });

  it('answers an unknown API path with a JSON 404 naming it', async () => {
    const res = await createApp({ db: db(), now: () => NOW }).request('/api/nothing-here', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not-found', message: 'no API route POST /api/nothing-here' } });
  });

  it('sends security headers: a CSP with no inline script, no framing, no sniffing; HSTS only behind TLS', async () => {
    const res = await createApp({ db: db(), now: () => NOW }).request('/api/health');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    // X-Forwarded-Proto is anyone's to send: it counts only behind a trusted proxy.
    const forged = await createApp({ db: db(), now: () => NOW }).request('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(forged.headers.get('strict-transport-security')).toBeNull();
    const tls = await createApp({ db: db(), now: () => NOW, trustProxy: true }).request('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('serves the app shell for client-side routes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dist-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>shell</title>');
    const app = createApp({ db: db(), now: () => NOW, staticDir: relative(process.cwd(), dir) });
    for (const path of ['/', '/counter/guest']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>shell</title>');
    }
  });
});

import { maskPhones } from './http/errors.ts';

it('masks phone numbers in logged error messages', () => {
  expect(maskPhones('Key (cafe_id, phone)=(abc, +79123456789) already exists; also 89261234567')).toBe(
    'Key (cafe_id, phone)=(abc, +7 912 ***-**-89) already exists; also +7 926 ***-**-67',
  );
});
