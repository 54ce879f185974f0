/**
 * Sync, end to end: a 10,000-purchase backlog uploaded from Chromium; a new tablet pulling a
 * café of 20,000 guests; server ingest with 3 tablets pushing at once on PostgreSQL, and the
 * same load on a bare Hono endpoint that only inserts rows, for the ratio.
 */
import type { SyncBenchWindow } from './browser/sync-harness.ts';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { newId } from '../server/new-id.ts';
import { PROTOCOL, type Envelope } from '../shared/sync/protocol.ts';
import { createApp } from '../server/app.ts';
import type { Db } from '../server/db/db.ts';
import { ensureCafe } from '../server/cafe/cafes.repo.ts';
import { claimPairingCode, createPairingCode } from '../server/cafe/devices.repo.ts';
import { launchChromium } from '../tests/e2e/browser.ts';
import { freshDb } from './backends.ts';
import { record } from './results.ts';
import { generateGuestStats } from './segments.bench.ts';

const HARNESS = join('bench', 'data', 'sync-harness');

export async function listen(app: { fetch: (r: Request) => Response | Promise<Response> }): Promise<{ url: string; server: ServerType }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ url: `http://127.0.0.1:${info.port}`, server }));
  });
}

async function token(db: Db, name: string): Promise<string> {
  const cafe = await ensureCafe(db);
  const { code } = await createPairingCode(db, cafe.id, new Date());
  const claim = await db.transaction((tx) => claimPairingCode(tx, code, name, new Date()));
  if (!claim.ok) throw new Error('pairing failed');
  return claim.token;
}

async function benchBrowser(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: HARNESS,
      emptyOutDir: true,
      lib: { entry: 'bench/browser/sync-harness.ts', formats: ['iife'], name: 'syncHarness', fileName: () => 'harness.js' },
    },
  });
  const js = readFileSync(join(HARNESS, 'harness.js'), 'utf8');
  const { db, dispose } = await freshDb('postgres');
  const api = createApp({ db, now: () => new Date() });
  const site = new Hono()
    .get('/bench', (c) => c.html('<!doctype html><script src="/harness.js"></script>'))
    .get('/harness.js', (c) => c.body(js, 200, { 'content-type': 'text/javascript' }));
  site.route('/', api);
  const { url, server } = await listen(site);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${url}/bench`);
    const backlog: { ms: number; pushed: number } = await page.evaluate(
      (t) => (globalThis as unknown as SyncBenchWindow).syncBench.backlog(t, 200, 10_000),
      await token(db, 'backlog'),
    );
    if (backlog.pushed !== 10_200) throw new Error(`backlog pushed ${backlog.pushed}`);
    record({
      what: 'sync: 10,000-purchase offline backlog uploaded end to end',
      value: backlog.ms / 1000,
      unit: 's',
      how: 'Chromium tablet (real client code, IndexedDB) with 200 new guests and 10,000 purchases pending; one syncOnce over HTTP to the server on PostgreSQL: pushes in batches of 200 until acked, then pulls',
      target: '≤ 10 s',
    });
    await generateGuestStats(db, 20_000);
    const first: { ms: number; guests: number } = await page.evaluate(
      (t) => (globalThis as unknown as SyncBenchWindow).syncBench.firstPull(t),
      await token(db, 'new'),
    );
    record({
      what: 'sync: new tablet ready with 20,000 guests',
      value: first.ms / 1000,
      unit: 's',
      how: `a fresh Chromium tablet's first syncOnce against a PostgreSQL café of 20,000+ guests (${first.guests} stored with their stats), pages of 2,000`,
      target: '≤ 10 s',
    });
  } finally {
    await browser.close();
    server.close();
    await dispose();
  }
}

/** 3 tablets pushing batches of `batch` purchases at once; returns purchases per second. */
export async function pushLoad(url: string, tokens: string[], guestIds: string[][], perTablet: number, batch: number): Promise<number> {
  const t = performance.now();
  await Promise.all(
    tokens.map(async (tok, i) => {
      for (let sent = 0; sent < perTablet; sent += batch) {
        const mutations: Envelope[] = Array.from({ length: batch }, (_, k) => ({
          mutationId: newId(),
          at: new Date().toISOString(),
          hlc: `${Date.now()}:0:${i}`,
          mutation: {
            kind: 'purchase.record',
            purchaseId: newId(),
            guestId: guestIds[i]![(sent + k) % guestIds[i]!.length]!,
            purchasedAt: new Date().toISOString(),
            amount: 25000,
            items: [],
            discount: 0,
            pointsRedeemed: 0,
          },
        }));
        const res = await fetch(`${url}/api/sync/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
          body: JSON.stringify({ protocol: PROTOCOL, deviceTime: new Date().toISOString(), mutations }),
        });
        if (!res.ok) throw new Error(`push failed: ${res.status} ${await res.text()}`);
      }
    }),
  );
  return (tokens.length * perTablet) / ((performance.now() - t) / 1000);
}

/** Three paired tablets, each with 100 guests registered through a push: what pushLoad sends purchases for. */
export async function ingestSetup(db: Db, url: string): Promise<{ tokens: string[]; guestIds: string[][] }> {
  const tokens = [await token(db, 'a'), await token(db, 'b'), await token(db, 'c')];
  const guestIds: string[][] = [];
  for (const [i, tok] of tokens.entries()) {
    const ids = Array.from({ length: 100 }, () => newId<string>());
    const mutations = ids.map((id, k) => ({
      mutationId: newId(),
      at: new Date().toISOString(),
      hlc: `${Date.now()}:0:${i}`,
      mutation: {
        kind: 'guest.register',
        guestId: id,
        phone: `+7904${i}${String(k).padStart(6, '0')}`,
        name: null,
        birthday: null,
        consent: { granted: false, at: new Date().toISOString() },
        registeredAt: new Date().toISOString(),
      },
    }));
    await fetch(`${url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
      body: JSON.stringify({ protocol: PROTOCOL, deviceTime: new Date().toISOString(), mutations }),
    });
    guestIds.push(ids);
  }
  return { tokens, guestIds };
}

async function benchIngest(): Promise<void> {
  const PER_TABLET = 10_000;
  const BATCH = 100;
  const { db, dispose } = await freshDb('postgres');
  const { url, server } = await listen(createApp({ db, now: () => new Date() }));
  try {
    const { tokens, guestIds } = await ingestSetup(db, url);
    await pushLoad(url, tokens, guestIds, 1_000, BATCH); // warm-up
    const rate = await pushLoad(url, tokens, guestIds, PER_TABLET, BATCH);

    // The bare baseline: the same requests' purchases inserted by a Hono endpoint with no sync logic.
    await db.exec('CREATE TABLE bare_purchases (id uuid PRIMARY KEY, guest_id uuid NOT NULL, purchased_at timestamptz NOT NULL, amount bigint NOT NULL)');
    const bare = new Hono().post('/api/sync/push', async (c) => {
      const body = (await c.req.json()) as { mutations: { mutation: { purchaseId: string; guestId: string; purchasedAt: string; amount: number } }[] };
      const ms = body.mutations.map((m) => m.mutation);
      await db.query('INSERT INTO bare_purchases SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::bigint[])', [
        ms.map((m) => m.purchaseId),
        ms.map((m) => m.guestId),
        ms.map((m) => m.purchasedAt),
        ms.map((m) => m.amount),
      ]);
      return c.json({ ok: true });
    });
    const bareServer = await listen(bare);
    const bareRate = await pushLoad(bareServer.url, tokens, guestIds, PER_TABLET, BATCH);
    bareServer.server.close();
    const how = `3 concurrent HTTP clients each pushing 10,000 purchase.record mutations in batches of ${BATCH} to the server on PostgreSQL (loopback), after a warm-up`;
    record({
      what: 'sync: server ingest, 3 tablets pushing at once, PostgreSQL',
      value: rate,
      unit: 'purchases/s',
      how: `${how}; full sync logic (validation, idempotency log, aggregates, segments, history)`,
      target: '≥ 10,000 purchases/s',
    });
    record({
      what: 'sync: bare Hono insert endpoint, same load (baseline)',
      value: bareRate,
      unit: 'purchases/s',
      how: `${how}; an endpoint that only parses JSON and inserts the rows`,
    });
    record({ what: 'sync: ingest as a share of the bare endpoint', value: rate / bareRate, unit: 'ratio', how: 'the two figures above divided' });
  } finally {
    server.close();
    await dispose();
  }
}

export async function benchSync(): Promise<void> {
  await benchIngest();
  await benchBrowser();
}
