/**
 * The owner on a 390×844 phone, in Chromium, against `npm run demo` (a café with six months
 * of history from two tablets): log in, segment counts equal what the database says, open a
 * segment, export its CSV and compare it with the database, see movements, trend, settings
 * and tablets. Each screen is saved to tests/e2e/screenshots/ (git-ignored) for review.
 * A second app, started fresh with `npm start`, is set up from its printed one-time link.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRuMobile } from '../../shared/domain/phone.ts';
import { chromiumAvailable, launchChromium } from './browser.ts';
import { OwnerPage } from './pages/owner-page.ts';
import { startApp, type RunningApp } from './server.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ru-RU', acceptDownloads: true };

/** Every guest's segment from the database, through the CLI (which asks the running server). */
function segmentsInDb(app: RunningApp): Record<string, string> {
  const out = execFileSync('npm', ['run', '-s', 'cli', '--', 'segments', '--format', 'json'], {
    env: { ...process.env, DATA_DIR: app.dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Record<string, string>;
}

describe.skipIf(!chromiumAvailable)("the owner's screens on a phone, in Chromium", () => {
  let app: RunningApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let owner: OwnerPage;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ DEMO_GUESTS: '3000', DEMO_PURCHASES: '27000' }, ['run', 'demo']), launchChromium()]);
    context = await browser.newContext(PHONE);
    owner = new OwnerPage(await context.newPage());
    // The CSP allows no inline script or style attribute: anything the screens do that it blocks shows here.
    // Chromium also logs every 4xx response as an error; those are checked apart, by URL.
    owner.page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
    owner.page.on('pageerror', (e) => problems.push(e.message));
    owner.page.on('response', (r) => r.status() >= 400 && refused.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`));
  }, 240_000);
  const problems: string[] = [];
  const refused: string[] = [];
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('logs in with the printed credentials; segment counts equal the database', async () => {
    const [, email, password] = /log in as (\S+) \/ (\S+)/.exec(app.output())!;
    await owner.login(app.url, email!, password!);
    const db = segmentsInDb(app);
    const want: Record<string, number> = {};
    for (const s of Object.values(db)) want[s] = (want[s] ?? 0) + 1;
    const shown = await owner.segmentCounts();
    expect(Object.keys(shown)).toEqual(['newcomer', 'active', 'leaving', 'rare', 'sleeping', 'none']);
    for (const id of Object.keys(shown)) expect([id, shown[id]]).toEqual([id, want[id] ?? 0]);
    expect(Object.values(shown).reduce((a, b) => a + b, 0)).toBe(3000);
    await owner.page.locator('.chart canvas').first().waitFor();
    await owner.screenshot('1-segments');
  }, 60_000);

  it("opens a segment's list and exports a CSV that holds exactly its guests", async () => {
    const db = segmentsInDb(app);
    const phones = Object.entries(db)
      .filter(([, s]) => s === 'leaving')
      .map(([p]) => p)
      .sort();
    await owner.page.getByRole('button', { name: /^Уходящие/ }).click();
    await owner.page.getByRole('heading', { name: 'Уходящие' }).waitFor();
    const listed = async () => Number((await owner.page.getByTestId('list-total').innerText()).split(' гост')[0]!.replace(/\D/g, ''));
    await expect.poll(listed).toBe(phones.length);
    await owner.page.locator('.guest-row .guest-phone').first().waitFor();
    // Phones are partly hidden on screen.
    for (const shown of await owner.page.locator('.guest-row .guest-phone').allInnerTexts()) expect(shown).toMatch(/^\+7 9\d\d \*\*\*-\*\*-\d\d$/);
    await owner.screenshot('2-segment-list');
    // Scrolling far down renders the rows there (and fetches their page).
    await owner.page.locator('.list-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => owner.page.locator(`.guest-row[aria-posinset="${phones.length}"] .guest-phone`).count()).toBe(1);

    const [download] = await Promise.all([owner.page.waitForEvent('download'), owner.page.getByRole('link', { name: 'Скачать CSV' }).click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes
      .subarray(3)
      .toString('utf8')
      .split('\r\n')
      .filter(Boolean)
      .slice(1)
      .map((l) => l.split(';'));
    const exported = rows
      .map((r) => parseRuMobile(r[0]!))
      .map((p) => (p.ok ? p.value : `bad: ${p.error}`))
      .sort();
    expect(exported).toEqual(phones);

    await owner.page.getByLabel('Поиск по имени или цифрам телефона').fill(phones[0]!.slice(-7));
    await expect.poll(() => owner.page.getByTestId('list-total').innerText()).toMatch(/^1 гость/);
  }, 60_000);

  it('shows movements, the 26-week trend, settings with a preview, and the tablets with a pairing code', async () => {
    await owner.tab('Переходы');
    await owner.page.locator('.owner-table tbody tr').first().waitFor();
    const api = (await (await owner.page.request.get(`${app.url}/api/reports/movements?days=7`)).json()) as {
      movements: { from: string | null; to: string; guests: number }[];
    };
    expect(await owner.page.locator('.owner-table tbody tr').count()).toBe(api.movements.filter((m) => m.from !== m.to).length);
    // The headline names the biggest move between segments (not the arrival of new guests).
    const biggest = Math.max(...api.movements.filter((m) => m.from !== null && m.from !== m.to).map((m) => m.guests));
    const headline = await owner.page.locator('.headline').innerText();
    expect([Number(headline.split(' гост')[0]!.replace(/\D/g, '')), headline.includes('Новые гости')]).toEqual([biggest, false]);
    await owner.screenshot('3-movements');

    await owner.tab('Динамика');
    await owner.page.locator('.chart canvas').first().waitFor();
    expect(await owner.page.locator('.owner-table tbody tr').count()).toBe(26);
    await owner.screenshot('4-trend');

    await owner.tab('Настройки');
    const input = owner.page.getByLabel('покупок ≥').first();
    await input.fill('3');
    await expect.poll(() => owner.page.getByTestId('preview-moved').innerText(), { timeout: 10_000 }).toMatch(/сменят сегмент/);
    await owner.screenshot('5-settings');

    await owner.tab('Планшеты');
    await expect.poll(() => owner.page.locator('.device-list li').count()).toBe(2);
    await owner.page.getByRole('button', { name: 'Подключить планшет' }).click();
    expect(await owner.page.getByTestId('pairing-code').innerText()).toMatch(/^\d{4} \d{4}$/);
    await owner.screenshot('6-devices');
    expect(problems).toEqual([]);
    // Only the session probe before logging in was refused.
    expect(refused).toEqual(['GET /api/auth/session 401']);
  }, 60_000);

  it('a fresh server prints a one-time setup link that creates the owner and logs them in', async () => {
    const fresh = await startApp();
    try {
      const link = /(http:\/\/localhost:\d+\/owner\/setup#[\w-]+)/.exec(fresh.output())![1]!;
      const setUp = async (email: string) => {
        const page = await context.newPage();
        await page.goto(link);
        await page.getByLabel('Эл. почта').fill(email);
        await page.getByLabel('Новый пароль (от 8 символов)').fill('надёжный-пароль');
        await page.getByLabel('Пароль ещё раз').fill('надёжный-пароль');
        await page.getByRole('button', { name: 'Создать и войти' }).click();
        return page;
      };
      const page = await setUp('me@cafe.ru');
      await page.getByRole('heading', { name: 'Сегменты сегодня' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/owner');
      // The link works once.
      await (await setUp('other@cafe.ru')).getByText('Владелец уже создан — войдите.').waitFor();
    } finally {
      await fresh.stop();
    }
  }, 120_000);
});
