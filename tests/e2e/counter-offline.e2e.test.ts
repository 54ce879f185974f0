import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser.ts';
import { appAndBrowser } from './harness.ts';
import { CounterPage } from './pages/counter-page.ts';

const norm = (s: string) => s.replace(/\s/g, ' ');

describe.skipIf(!chromiumAvailable)('counter tablet in Chromium, offline for real', () => {
  const env = appAndBrowser();

  it('keeps every guest and purchase through network loss and reloads, and opens offline from the service worker', async () => {
    const context = await env.browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    const counter = new CounterPage(await context.newPage());
    await counter.open(env.app().url);
    await counter.waitForServiceWorker();

    await counter.registerGuest('+7 912 345-67-89', 'Анна');
    await counter.recordPurchase('350');
    await counter.recordPurchase('120,5');
    expect(await counter.visits()).toBe('2');

    await context.setOffline(true);
    await counter.reload();
    expect(norm(await counter.page.getByRole('status').first().innerText())).toBe('Нет сети');
    await counter.openGuest('6789', 'Анна');
    expect(await counter.visits()).toBe('2');
    await counter.recordPurchase('99');
    await counter.recordPurchase('1000');

    await counter.reload();
    await counter.openGuest('8 912 345', 'Анна');
    expect(await counter.visits()).toBe('4');
    expect((await counter.historyAmounts()).map(norm)).toEqual(['1 000,00 ₽', '99,00 ₽', '120,50 ₽', '350,00 ₽']);
    expect(await counter.pendingCount()).toBe('5');

    // A fresh tab while offline: the app shell comes from the service worker's precache.
    const second = new CounterPage(await context.newPage());
    await second.open(env.app().url);
    await second.openGuest('9123456789', 'Анна');
    expect(await second.visits()).toBe('4');
    await context.close();
  }, 120_000);

  it('serves an installable manifest: name, 192 and 512 px icons, standalone, landscape', async () => {
    const page = await env.browser().newPage();
    await page.goto(env.app().url);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await (await page.request.get(new URL(href!, env.app().url).toString())).json();
    expect(manifest).toMatchObject({ name: expect.any(String), display: 'standalone', orientation: 'landscape' });
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await page.request.get(new URL(icon.src, env.app().url).toString())).status()).toBe(200);
    await page.close();
  });
});
