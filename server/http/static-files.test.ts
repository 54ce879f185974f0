import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { compress, type Encoding, negotiateEncoding, precompressDir } from './compression.ts';
import { securityHeaders } from './security-headers.ts';
import { staticFiles } from './static-files.ts';

const SHELL =
  '<!doctype html><html lang="ru"><head><link rel="manifest" href="/manifest.webmanifest"><script type="module" src="/assets/index-Ab12.js"></script></head><body><div id="root"></div></body></html>';
// Repetitive enough to compress well, long enough to be worth it.
const SCRIPT = `${'export const greeting = "Добро пожаловать в кофейню";\n'.repeat(400)}`;

let dir: string;
let compressions: { file: number; encoding: Encoding }[];
const app = () => {
  const a = new Hono();
  a.use(securityHeaders(false));
  a.use(
    '/*',
    staticFiles(dir, {
      compress: async (data, encoding) => {
        compressions.push({ file: data.length, encoding });
        return compress(data, encoding);
      },
    }),
  );
  return a;
};
const get = (a: Hono, path: string, headers: Record<string, string> = {}) => a.request(path, { headers });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'static-'));
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, 'icons'));
  writeFileSync(join(dir, 'index.html'), SHELL);
  writeFileSync(join(dir, 'assets', 'index-Ab12.js'), SCRIPT);
  writeFileSync(join(dir, 'sw.js'), SCRIPT);
  writeFileSync(join(dir, 'workbox-5a6b.js'), SCRIPT);
  writeFileSync(join(dir, 'manifest.webmanifest'), JSON.stringify({ name: 'Стойка', start_url: '/' }));
  writeFileSync(join(dir, 'icons', 'icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  compressions = [];
});

describe('Accept-Encoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br, zstd', 'br'], // Chromium: both equal, brotli preferred
    ['gzip;q=1.0, br;q=0.5', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['*', 'br'],
    ['*;q=0.5, br;q=0.1', 'gzip'],
    ['GZIP', 'gzip'],
    ['deflate', null],
  ] as const)('%j → %j', (header, want) => {
    expect(negotiateEncoding(header)).toBe(want);
  });

  it('only chooses among what the file has', () => {
    expect(negotiateEncoding('br, gzip', ['gzip'])).toBe('gzip');
    expect(negotiateEncoding('br', [])).toBe(null);
  });
});

describe('the built app as served', () => {
  it('sends a hashed asset compressed as asked, cached for a year and immutable, varying by encoding', async () => {
    const a = app();
    for (const [accept, encoding, unpack] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const res = await get(a, '/assets/index-Ab12.js', { 'accept-encoding': accept });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
      const body = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(body.length);
      expect(body.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 10);
      expect(unpack(body).toString('utf8')).toBe(SCRIPT);
      // Security headers stay on static files too.
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
    const plain = await get(a, '/assets/index-Ab12.js');
    expect(plain.headers.get('content-encoding')).toBe(null);
    expect(await plain.text()).toBe(SCRIPT);
  });

  it('compresses a file with no precompressed copy once, not per request', async () => {
    const a = app();
    for (let i = 0; i < 3; i++) await get(a, '/assets/index-Ab12.js', { 'accept-encoding': 'br' });
    for (let i = 0; i < 3; i++) await get(a, '/assets/index-Ab12.js', { 'accept-encoding': 'gzip' });
    expect(compressions).toEqual([
      { file: Buffer.byteLength(SCRIPT), encoding: 'br' },
      { file: Buffer.byteLength(SCRIPT), encoding: 'gzip' },
    ]);
  });

  it('sends the copies the build wrote beside the file, compressing nothing itself', async () => {
    // Marked copies: what is sent must be these very bytes.
    writeFileSync(join(dir, 'assets', 'index-Ab12.js.br'), brotliCompressSync(`${SCRIPT}// from disk`));
    writeFileSync(join(dir, 'assets', 'index-Ab12.js.gz'), gzipSync(`${SCRIPT}// from disk, gzip`));
    const a = app();
    const br = await get(a, '/assets/index-Ab12.js', { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(`${SCRIPT}// from disk`);
    const gz = await get(a, '/assets/index-Ab12.js', { 'accept-encoding': 'gzip' });
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(`${SCRIPT}// from disk, gzip`);
    expect(compressions).toEqual([]);
  });

  it.each([
    ['/', 'text/html'],
    ['/index.html', 'text/html'],
    ['/sw.js', 'text/javascript'],
    ['/workbox-5a6b.js', 'text/javascript'],
    ['/manifest.webmanifest', 'application/manifest+json'],
    ['/icons/icon-192.png', 'image/png'],
  ])('revalidates %s on every use (no-cache) and answers 304 to its ETag', async (path, type) => {
    const a = app();
    const res = await get(a, path, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-type')).toContain(type);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await get(a, path, { 'accept-encoding': 'br, gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('cache-control')).toBe('no-cache');
  });

  it('never compresses an image', async () => {
    const res = await get(app(), '/icons/icon-192.png', { 'accept-encoding': 'br, gzip' });
    expect(res.headers.get('content-encoding')).toBe(null);
    expect(res.headers.get('vary')).toBe(null);
    expect(compressions).toEqual([]);
  });

  it('serves the shell for the app’s own routes, with the counter’s manifest on the counter’s pages only', async () => {
    const a = app();
    for (const path of ['/', '/guest/123', '/shift']) {
      const res = await get(a, path);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-cache']);
      expect(await res.text()).toBe(SHELL);
    }
    // No owner manifest in this build: the owner's pages link none rather than the counter's.
    for (const path of ['/owner', '/owner/segments/active']) {
      const html = await (await get(a, path)).text();
      expect(html).not.toContain('rel="manifest"');
      expect(html).toContain('<script type="module" src="/assets/index-Ab12.js">');
    }
    writeFileSync(join(dir, 'owner.webmanifest'), JSON.stringify({ name: 'Кабинет владельца', start_url: '/owner' }));
    const res = await get(a, '/owner/settings', { 'accept-encoding': 'gzip' });
    const html = gunzipSync(Buffer.from(await res.arrayBuffer())).toString();
    expect(html).toContain('<link rel="manifest" href="/owner.webmanifest">');
    expect(html).not.toContain('/manifest.webmanifest');
    // The owner's variant has its own ETag, so a cached counter shell is never reused for it.
    expect(res.headers.get('etag')).not.toBe((await get(a, '/')).headers.get('etag'));
    // Not a page of the owner's: /ownerx is the counter's.
    expect(await (await get(a, '/ownerx')).text()).toBe(SHELL);
  });

  it('serves the owner’s own page (owner.html) under /owner when the build has one, and never to the counter', async () => {
    const ownerShell = SHELL.replace('/assets/index-Ab12.js', '/assets/owner-Cd34.js');
    writeFileSync(join(dir, 'owner.html'), ownerShell);
    writeFileSync(join(dir, 'owner.webmanifest'), JSON.stringify({ name: 'Кабинет владельца', start_url: '/owner' }));
    const a = app();
    for (const path of ['/owner', '/owner/guests/1']) {
      const html = await (await get(a, path)).text();
      expect(html).toContain('<script type="module" src="/assets/owner-Cd34.js">');
      expect(html).toContain('<link rel="manifest" href="/owner.webmanifest">');
    }
    for (const path of ['/', '/ownerx', '/guest/1']) expect(await (await get(a, path)).text()).toBe(SHELL);
  });

  it('answers a missing file with 404, never with the shell in place of a script', async () => {
    const a = app();
    for (const path of ['/assets/index-old.js', '/assets/gone', '/favicon.ico', '/robots.txt']) {
      const res = await get(a, path);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it('never reads outside its folder', async () => {
    writeFileSync(join(dir, '..', 'secret.txt'), 'secret');
    const a = app();
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%E0%A4%A']) {
      const res = await get(a, path);
      expect(await res.text()).not.toBe('secret');
      expect(res.status).toBe(404);
    }
  });

  it('leaves other methods to the routes after it', async () => {
    expect((await app().request('/assets/index-Ab12.js', { method: 'POST' })).status).toBe(404);
  });
});

describe('precompressing a build', () => {
  it('writes .br and .gz beside each text file that shrinks, and nothing beside images', async () => {
    const totals = await precompressDir(dir);
    expect(totals.files).toBe(5); // index.html, the asset, sw.js, workbox, the manifest
    expect(readdirSync(join(dir, 'assets')).sort()).toEqual(['index-Ab12.js', 'index-Ab12.js.br', 'index-Ab12.js.gz']);
    expect(readdirSync(join(dir, 'icons'))).toEqual(['icon-192.png']);
    expect(brotliDecompressSync(readFileSync(join(dir, 'sw.js.br'))).toString()).toBe(SCRIPT);
    expect(gunzipSync(readFileSync(join(dir, 'sw.js.gz'))).toString()).toBe(SCRIPT);
  });
});
