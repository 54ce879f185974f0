import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SEGMENTS_SCREEN_READS } from '../../shared/api/owner-first-screen.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { createApp } from '../app.ts';
import { ensureCafe } from './cafes.repo.ts';
import { createOwner } from './owners.repo.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const OWNER_HTML = '<!doctype html><html><head><script type="module" src="/assets/owner-1.js"></script></head><body></body></html>';
const preloadsIn = (html: string) => [...html.matchAll(/<link rel="preload" href="([^"]+)" as="fetch" crossorigin="anonymous">/g)].map((m) => m[1]);

describeOnBackends("the owner's page preloads its dashboard's data for a logged-in owner only", ({ db }) => {
  const staticDir = mkdtempSync(join(tmpdir(), 'owner-page-'));
  writeFileSync(join(staticDir, 'owner.html'), OWNER_HTML);
  writeFileSync(join(staticDir, 'index.html'), OWNER_HTML.replace('owner-1', 'index-1'));
  let now = NOW;
  const app = () => createApp({ db: db(), now: () => now, staticDir });
  const page = async (path: string, cookie?: string) => (await app().request(path, { headers: cookie ? { cookie } : {} })).text();

  let ownerMade = false;
  async function logIn(): Promise<string> {
    if (!ownerMade) await createOwner(db(), (await ensureCafe(db())).id, 'owner@cafe.ru', 'пароль-владельца');
    ownerMade = true;
    const res = await app().request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: 'пароль-владельца' }),
    });
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }

  it('names the four reads of the segments screen on /owner, and the answers are there to take', async () => {
    const cookie = await logIn();
    for (const path of ['/owner', '/owner/']) expect(preloadsIn(await page(path, cookie))).toEqual(Object.values(SEGMENTS_SCREEN_READS));
    for (const read of Object.values(SEGMENTS_SCREEN_READS)) expect([read, (await app().request(read, { headers: { cookie } })).status]).toEqual([read, 200]);
  });

  it('names nothing before login, with a session that is not one, after it expired, or on any other page', async () => {
    const cookie = await logIn();
    expect(preloadsIn(await page('/owner'))).toEqual([]);
    expect(preloadsIn(await page('/owner', 'owner_session=not-a-session'))).toEqual([]);
    for (const path of ['/owner/settings', '/owner/segment/active', '/', '/guest/1']) expect([path, preloadsIn(await page(path, cookie))]).toEqual([path, []]);
    now = new Date(NOW.getTime() + 31 * 86_400_000);
    expect(preloadsIn(await page('/owner', cookie))).toEqual([]);
  });

  it('is told apart from the page without them by its ETag, and varies by cookie', async () => {
    const cookie = await logIn();
    now = NOW;
    const signedIn = await app().request('/owner', { headers: { cookie } });
    const signedOut = await app().request('/owner');
    expect(signedIn.headers.get('etag')).not.toBe(signedOut.headers.get('etag'));
    expect(signedIn.headers.get('vary')).toContain('Cookie');
    expect((await app().request('/owner', { headers: { cookie, 'if-none-match': signedIn.headers.get('etag')! } })).status).toBe(304);
    expect((await app().request('/owner', { headers: { 'if-none-match': signedIn.headers.get('etag')! } })).status).toBe(200);
  });
});
