import { describe, expect, it } from 'vitest';
import { watchConsole } from './a11y.ts';
import { chromiumAvailable } from './browser.ts';
import { appAndBrowser } from './harness.ts';
import { CounterPage } from './pages/counter-page.ts';

const norm = (s: string) => s.replace(/\s/g, ' ');

describe.skipIf(!chromiumAvailable)('the counter tablet in Chromium', () => {
  const env = appAndBrowser();

  it('keeps every guest and purchase through network loss and reloads, and opens offline from the service worker', async () => {
    const context = await env.browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    const counter = new CounterPage(await context.newPage());
    const problems = watchConsole(counter.page);
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
    // A normal day, offline included, leaves nothing in the console.
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('passes axe on every screen with no serious or critical violation, logs no error, and is saved for review', async () => {
    const context = await env.browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    const counter = new CounterPage(await context.newPage());
    const page = counter.page;
    const problems = watchConsole(page);
    const seen: Record<string, string[]> = {};
    const check = async (screen: string) => {
      seen[screen] = await counter.a11y();
      await counter.screenshot(screen);
    };
    await counter.open(env.app().url);
    await check('1-search');

    await counter.storeGuests(Array.from({ length: 25 }, (_, i) => `+7977000${String(i).padStart(4, '0')}`));
    await page.getByLabel('Телефон гостя').fill('977');
    await page.getByText('ещё 5 — уточните номер').waitFor();
    expect(await page.getByRole('list', { name: 'Найденные гости' }).getByRole('button').count()).toBe(20);
    // The list scrolls by itself: "Новый гость" stays on screen.
    expect(await page.getByRole('button', { name: 'Новый гость' }).isVisible()).toBe(true);
    const box = await page.getByRole('button', { name: 'Новый гость' }).boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(800);
    await check('2-search-results');

    await page.getByLabel('Телефон гостя').fill('+7 912 345-67-89');
    await page.getByRole('button', { name: 'Новый гость' }).click();
    await page.getByRole('heading', { level: 1, name: 'Новый гость' }).waitFor();
    await check('3-register');
    await page.getByLabel('Имя').fill('Анна');
    await page.getByRole('button', { name: 'Зарегистрировать' }).click();
    await page.getByRole('heading', { level: 1, name: 'Анна' }).waitFor();

    await counter.recordPurchase('350', ['Латте', 'Латте', 'Круассан']);
    await counter.recordPurchase('99');
    await counter.voidPurchase('99,00', 'не тот гость');
    await page.getByText('аннулирована: не тот гость').waitFor();
    expect(await page.getByTestId('history-source').innerText()).toBe('Планшет не подключён к серверу — здесь только покупки этого планшета');
    await check('4-guest');

    await page.getByRole('button', { name: /^Аннулировать 350,00/ }).click();
    await page.getByRole('dialog').waitFor();
    await check('5-void-dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await counter.startPurchase('420', ['Раф', 'Маффин']);
    await page.getByRole('heading', { level: 1, name: 'Покупка — Анна' }).waitFor();
    await check('6-purchase');
    await page.getByRole('button', { name: 'Убрать: Маффин' }).click();
    await page.getByRole('button', { name: 'Провести' }).click();
    await page.getByText('Покупка проведена').waitFor();

    await page.getByRole('button', { name: 'Изменить' }).click();
    await page.getByRole('heading', { level: 1, name: 'Изменить: Анна' }).waitFor();
    await check('7-edit');
    await page.getByRole('button', { name: 'Отмена' }).click();
    await page.getByRole('button', { name: 'Назад' }).click();

    await page.getByRole('button', { name: 'Покупки смены' }).click();
    await page.getByTestId('shift-count').waitFor();
    expect(await page.getByTestId('shift-count').innerText()).toBe('2');
    expect(norm(await page.getByTestId('shift-total').innerText())).toBe('770,00 ₽');
    await check('8-shift');

    await page.getByRole('button', { name: 'Хранилище' }).click();
    const storage = page.getByRole('region', { name: 'Хранилище' });
    await storage.getByText(/занято/).waitFor();
    const used = await storage.innerText();
    expect(used).toMatch(/\d(,\d)?\s(МБ|ГБ) занято из [\d\s]+(,\d)?\s(МБ|ГБ)$/);
    expect(used).not.toMatch(/MB|GB|\d\.\d/);
    await page.getByRole('button', { name: 'Планшет не подключён' }).click();
    await check('9-status-panels');

    for (const [screen, violations] of Object.entries(seen)) expect([screen, violations]).toEqual([screen, []]);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('remembers English across a reload, with <html lang> and rubles as "₽1,200.00"', async () => {
    const context = await env.browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    const counter = new CounterPage(await context.newPage());
    const page = counter.page;
    await counter.open(env.app().url);
    await counter.registerGuest('+7 903 111-22-33', 'Vera');
    await counter.recordPurchase('1200');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByLabel("Guest's phone").waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel("Guest's phone").fill('2233');
    await page.getByRole('button', { name: /Vera/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Vera' }).waitFor();
    expect(await page.getByRole('list', { name: 'Purchases' }).locator('.amount').allInnerTexts()).toEqual(['₽1,200.00']);
    expect(await counter.a11y()).toEqual([]);
    await counter.screenshot('10-guest-english');
    await context.close();
  });

  it('serves hashed assets compressed and immutable, and the shell, service worker and manifest revalidated', async () => {
    const url = env.app().url;
    const page = await env.browser().newPage();
    await page.goto(url);
    const script = await page.locator('script[type="module"][src^="/assets/"]').getAttribute('src');
    const get = (path: string, encoding: string) => fetch(new URL(path, url), { headers: { 'accept-encoding': encoding } });
    for (const [encoding, expected] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await get(script!, encoding);
      expect([res.status, res.headers.get('content-encoding'), res.headers.get('cache-control'), res.headers.get('vary')]).toEqual([
        200,
        expected,
        'public, max-age=31536000, immutable',
        'Accept-Encoding',
      ]);
    }
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const res = await get(path, 'br, gzip');
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-cache']);
    }
    const workbox = /workbox-[\w-]+\.js/.exec(await (await get('/sw.js', 'identity')).text())?.[0];
    expect((await get(`/${workbox}`, 'br')).headers.get('cache-control')).toBe('no-cache');
    // The main bundle travels as brotli: a fraction of its size.
    const plain = Number((await get(script!, 'identity')).headers.get('content-length'));
    const br = Number((await get(script!, 'br')).headers.get('content-length'));
    expect(br).toBeLessThan(plain / 3);
    await page.close();
  });

  it('serves an installable manifest: name, 192 and 512 px icons, standalone, landscape', async () => {
    const page = await env.browser().newPage();
    await page.goto(env.app().url);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await (await page.request.get(new URL(href!, env.app().url).toString())).json();
    expect(manifest).toMatchObject({ name: expect.any(String), display: 'standalone', orientation: 'landscape' });
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await page.request.get(new URL(icon.src, env.app().url).toString())).status()).toBe(200);
    // The counter's manifest is the counter's pages' only: /owner links the owner's, or none.
    await page.goto(`${env.app().url}/owner`);
    expect(
      await page
        .locator('link[rel="manifest"]')
        .getAttribute('href', { timeout: 1000 })
        .catch(() => null),
    ).not.toBe('/manifest.webmanifest');
    await page.close();
  });
});
