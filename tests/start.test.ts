/**
 * A newcomer's first minutes: `npm start` on a fresh machine (PGlite, no setup), the owner
 * created from the CLI while the server runs, an import, the owner's login and report.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './e2e/server.ts';
import { writeCafeCsv } from './fixtures/write-csv.ts';

describe('npm start on a fresh data folder', () => {
  let app: RunningApp;
  // Asynchronous on purpose: a blocked event loop would miss the server closing idle
  // keep-alive sockets and reuse a dead one.
  const cli = (...args: string[]) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        'npm',
        ['run', '-s', 'cli', '--', ...args],
        { env: { ...process.env, DATA_DIR: app.dataDir, DATABASE_URL: '' }, encoding: 'utf8' },
        (e, stdout, stderr) => resolve(e ? { code: Number(e.code), out: stdout + stderr } : { code: 0, out: stdout }),
      );
    });

  /** fetch, but a failure says what the server printed. */
  const call = async (path: string, init?: RequestInit) => {
    try {
      return await fetch(`${app.url}${path}`, init);
    } catch (e) {
      throw new Error(`${init?.method ?? 'GET'} ${path} failed (${(e as Error).message}: ${String((e as Error).cause)}); the server printed:\n${app.output()}`);
    }
  };

  beforeAll(async () => {
    app = await startApp({}, ['start']);
  }, 120_000);
  afterAll(() => app?.stop());

  it('serves the app shell and /api/health, and says how to create the owner', async () => {
    expect(app.output()).toContain('No owner yet: create one with  npm run cli -- owner create');
    const health = await call('/api/health');
    expect(await health.json()).toMatchObject({ status: 'ok', storage: 'pglite' });
    const page = await call('/');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="root">');
  });

  it('runs CLI commands through the running server, which holds the embedded database', async () => {
    expect(await cli('owner', 'create', '--email', 'owner@cafe.ru', '--password', 'пароль-владельца')).toEqual({
      code: 0,
      out: 'owner owner@cafe.ru created\n',
    });
    const files = await writeCafeCsv(mkdtempSync(join(tmpdir(), 'start-csv-')), { guests: 50, purchases: 400, seed: 9, end: new Date() });
    expect((await cli('import', '--guests', files.guests, '--purchases', files.purchases)).out).toMatch(/guests: +50 rows, 50 added/);
    const segments = JSON.parse((await cli('segments', '--format', 'json')).out) as Record<string, string>;
    expect(Object.keys(segments)).toHaveLength(50);
    expect((await cli('pair')).out.trim().split('\n').at(-1)).toMatch(/^\d{8}$/);
    // Bonus points: imported guests start at 0 (no welcome bonus, history accrues nothing).
    const balances = JSON.parse((await cli('balances', '--format', 'json')).out) as Record<string, number>;
    expect(Object.keys(balances).sort()).toEqual(Object.keys(segments).sort());
    expect(new Set(Object.values(balances))).toEqual(new Set([0]));
    // The server writes the export where the command names it.
    const csv = join(mkdtempSync(join(tmpdir(), 'start-export-')), 'purchases.csv');
    const exported = await cli('export', 'purchases', '--out', csv);
    const written = Number(/^(\d+) purchases written to /.exec(exported.out)?.[1]);
    expect(written).toBeGreaterThan(0);
    const lines = readFileSync(csv, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFphone;purchased_at;amount;discount;points_redeemed;points_accrued;promotion;voided_at;device');
    expect(lines).toHaveLength(written + 2);
    expect(await cli('segments', '--at', 'nonsense')).toMatchObject({ code: 2 });

    const login = await call('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: 'пароль-владельца' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const report = (await (await call('/api/reports/segments', { headers: { cookie } })).json()) as { segments: { id: string; guests: number }[] };
    const counts: Record<string, number> = {};
    for (const s of Object.values(segments)) counts[s] = (counts[s] ?? 0) + 1;
    for (const s of report.segments) expect([s.id, s.guests]).toEqual([s.id, counts[s.id] ?? 0]);
  });
});
