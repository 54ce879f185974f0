/**
 * The owner on a phone, in Chromium, against `npm run demo` (a café with six months of history
 * from two tablets): log in, segment counts equal what the database says, open a segment and a
 * guest's profile, export the segment's CSV and the guest's data, follow a movement to the guests
 * who made it, see the trend, settings and tablets. Every screen passes axe-core with no serious
 * or critical violation, fits a 390 px and a 320 px screen with no sideways scroll, and is saved
 * to tests/e2e/screenshots/ (git-ignored) for review; nothing is logged to the console on the way.
 * A second app, started fresh with `npm start`, explains its setup link, is set up from it, shows
 * the first steps, and takes a new password through the link the CLI prints.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRuMobile } from '../../shared/domain/phone.ts';
import { chromiumAvailable, launchChromium } from './browser.ts';
import { OwnerPage } from './pages/owner-page.ts';
import { SERVE, startApp, type RunningApp } from './server.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ru-RU', acceptDownloads: true };

function cli(app: RunningApp, ...argv: string[]): string {
  return execFileSync('npm', ['run', '-s', 'cli', '--', ...argv], { env: { ...process.env, DATA_DIR: app.dataDir, DATABASE_URL: '' }, encoding: 'utf8' });
}

/** Every guest's segment from the database, through the CLI (which asks the running server). */
const segmentsInDb = (app: RunningApp) => JSON.parse(cli(app, 'segments', '--format', 'json')) as Record<string, string>;

describe.skipIf(!chromiumAvailable)("the owner's screens on a phone, in Chromium", () => {
  let app: RunningApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let owner: OwnerPage;
  const problems: string[] = [];
  const refused: string[] = [];
  /** The screens visited, for the phone-width pass: a path, and what shows once it is drawn. */
  const visited: { name: string; path: string; ready: string }[] = [];

  /** The checks every screen passes, and its screenshot. */
  async function check(name: string, ready: string) {
    await owner.page.locator(ready).first().waitFor();
    await owner.chartsDrawn();
    expect([name, await owner.accessibilityProblems()]).toEqual([name, []]);
    expect([name, await owner.horizontalOverflow()]).toEqual([name, []]);
    await owner.screenshot(name);
    visited.push({ name, path: new URL(owner.page.url()).pathname, ready });
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({ DEMO_GUESTS: '3000', DEMO_PURCHASES: '27000' }, ['exec', '--', 'tsx', 'server/demo/main.ts'], 280_000),
      launchChromium(),
    ]);
    context = await browser.newContext(PHONE);
    owner = new OwnerPage(await context.newPage());
    // The CSP allows no inline script or style attribute: anything the screens do that it blocks shows here,
    // and so does any refused request (Chromium logs each as "Failed to load resource").
    owner.page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    owner.page.on('pageerror', (e) => problems.push(e.message));
    owner.page.on('response', (r) => r.status() >= 400 && refused.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`));
  }, 320_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('logs in with the printed credentials; segment counts equal the database; the owner installs their own app', async () => {
    await owner.page.goto(`${app.url}/owner`);
    await check('0-login', 'form button[type="submit"]');
    const [, email, password] = /log in as (\S+) \/ (\S+)/.exec(app.output())!;
    await owner.login(app.url, email!, password!);
    const db = segmentsInDb(app);
    const want: Record<string, number> = {};
    for (const s of Object.values(db)) want[s] = (want[s] ?? 0) + 1;
    const shown = await owner.segmentCounts();
    expect(Object.keys(shown)).toEqual(['newcomer', 'active', 'leaving', 'rare', 'sleeping', 'none']);
    for (const id of Object.keys(shown)) expect([id, shown[id]]).toEqual([id, want[id] ?? 0]);
    expect(Object.values(shown).reduce((a, b) => a + b, 0)).toBe(3000);
    // A plain line per segment, and this week's change.
    expect(await owner.page.locator('[data-segment="leaving"] .segment-rule').innerText()).toBe('были 15–60 дней назад, 4+ покупки');
    expect(await owner.page.getByTestId('week-leaving').innerText()).toMatch(/^За неделю: [+−±][\d\s]+ \(пришли [\d\s]+, ушли [\d\s]+\)$/);
    await check('1-segments', '[data-segment]');

    const manifest = await owner.page.locator('link[rel="manifest"]').getAttribute('href');
    expect(manifest).toBe('/owner.webmanifest');
    const body = (await (await owner.page.request.get(`${app.url}${manifest}`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ name: 'Кабинет владельца', start_url: '/owner', scope: '/owner', orientation: 'portrait', display: 'standalone' });
  }, 120_000);

  it("opens a segment's list, exports its CSV, and opens a guest's profile from a row", async () => {
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
    // The list starts in the upper part of the phone, not half-way down.
    expect((await owner.page.locator('.list-scroller').boundingBox())!.y).toBeLessThan(330);
    await check('2-segment-list', '.guest-row a');
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
    await owner.page.locator('.guest-row a').first().click();
    await owner.page.getByTestId('guest-visits').waitFor();
    expect(new URL(owner.page.url()).pathname).toMatch(/^\/owner\/guests\/[\w-]+$/);
    expect(await owner.page.locator('.guest-phone-full').innerText()).toBe(
      `+7 ${phones[0]!.slice(2, 5)} ${phones[0]!.slice(5, 8)}-${phones[0]!.slice(8, 10)}-${phones[0]!.slice(10)}`,
    );
    expect(await owner.page.getByTestId('guest-segment').innerText()).toBe('Сегмент сегодня: Уходящие');
    // The purchases come from the server, with what the checks held and which tablet took them.
    const purchases = await owner.page.getByTestId('profile-purchase').allInnerTexts();
    expect(purchases.length).toBeGreaterThanOrEqual(4);
    expect(purchases.join('\n')).toMatch(/Стойка у (входа|окна)/);
    await check('3-guest', '[data-testid="guest-visits"]');

    const [json] = await Promise.all([owner.page.waitForEvent('download'), owner.page.getByRole('link', { name: 'Скачать данные (JSON)' }).click()]);
    const data = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { guest: { phone: string }; purchases: unknown[] };
    expect([data.guest.phone, data.purchases.length]).toEqual([phones[0], Number(await owner.page.getByTestId('guest-visits').innerText())]);

    await owner.page.getByRole('button', { name: 'Изменить' }).click();
    await owner.page.getByLabel('Имя').fill('Гость из теста');
    await owner.page.getByRole('button', { name: 'Сохранить' }).click();
    await owner.page.getByRole('heading', { name: 'Гость из теста', level: 1 }).waitFor();
    await owner.page.reload();
    await owner.page.getByRole('heading', { name: 'Гость из теста', level: 1 }).waitFor();
  }, 120_000);

  it('sorts movements biggest first and opens the guests who made one', async () => {
    await owner.tab('Переходы');
    await owner.page.locator('.move-list a').first().waitFor();
    const api = (await (await owner.page.request.get(`${app.url}/api/reports/movements?days=7`)).json()) as {
      movements: { from: string | null; to: string; guests: number }[];
    };
    const moves = api.movements.filter((m) => m.from !== m.to);
    const counts = (await owner.page.locator('.move-list .move-count').allInnerTexts()).map((t) => Number(t.replace(/\D/g, '')));
    expect(counts).toEqual(moves.map((m) => m.guests).sort((a, b) => b - a));
    // The headline names the biggest move between segments (not the arrival of new guests).
    const biggest = Math.max(...moves.filter((m) => m.from !== null).map((m) => m.guests));
    const headline = await owner.page.locator('.headline').innerText();
    expect([Number(headline.split(' гост')[0]!.replace(/\D/g, '')), headline.includes('Новые гости')]).toEqual([biggest, false]);
    await check('4-movements', '.move-list a');

    const first = owner.page.locator('.move-list li').first();
    const [from, to] = (await first.getAttribute('data-move'))!.split('>') as [string, string];
    await first.getByRole('link').click();
    await owner.page.getByTestId('moved-total').waitFor();
    const who = (await (
      await owner.page.request.get(`${app.url}/api/reports/movements/guests?days=7&to=${to}${from === 'new' ? '' : `&from=${from}`}`)
    ).json()) as { total: number; guests: unknown[] };
    expect(await owner.page.locator('.guest-links li').count()).toBe(Math.min(50, who.guests.length));
    expect(who.total).toBeGreaterThan(0);
    await check('5-moved', '.guest-links a');
    await owner.page.locator('.guest-links a').first().click();
    await owner.page.getByTestId('guest-visits').waitFor();
  }, 120_000);

  it('shows the trend, settings that say what they refuse, and the tablets with a pairing code', async () => {
    await owner.tab('Динамика');
    await owner.page.locator('.trend-table tbody tr').first().waitFor();
    expect(await owner.page.locator('.trend-table tbody tr').count()).toBe(26);
    await check('6-trend', '.trend-table tbody tr');

    await owner.tab('Настройки');
    const input = owner.page.getByLabel('покупок ≥').first();
    await input.fill('-5');
    await owner.page.getByText('Не меньше 0 — значение не принято').waitFor();
    await input.fill('3');
    await expect.poll(() => owner.page.getByTestId('preview-moved').innerText(), { timeout: 10_000 }).toMatch(/сменят сегмент/);
    await check('7-settings', '#rule-set');

    await owner.tab('Планшеты');
    await expect.poll(() => owner.page.locator('.device-list li').count()).toBe(2);
    await owner.page.getByRole('button', { name: 'Подключить планшет' }).click();
    expect(await owner.page.getByTestId('pairing-code').innerText()).toMatch(/^\d{4} \d{4}$/);
    await check('8-devices', '.device-list li');
  }, 120_000);

  it('fits every screen into a 390 px and a 320 px phone with no sideways scroll', async () => {
    for (const width of [390, 320]) {
      await owner.page.setViewportSize({ width, height: 740 });
      for (const screen of visited) {
        await owner.page.goto(`${app.url}${screen.path}`);
        if (screen.name === '0-login') continue; // logged in now: the login screen was measured before.
        await owner.page.locator(screen.ready).first().waitFor();
        await owner.chartsDrawn();
        expect([width, screen.name, await owner.horizontalOverflow()]).toEqual([width, screen.name, []]);
        if (width === 320) await owner.screenshot(`w320-${screen.name}`);
      }
    }
    await owner.page.setViewportSize(PHONE.viewport);
    // A whole visit logged nothing and was refused nothing: not even the session probe before login.
    expect(problems).toEqual([]);
    expect(refused).toEqual([]);
  }, 180_000);

  it('a fresh server explains its setup link, is set up from it, shows the first steps, and takes a new password from the CLI', async () => {
    const fresh = await startApp({}, SERVE, 170_000);
    try {
      const page = new OwnerPage(await context.newPage());
      await page.page.setViewportSize({ width: 320, height: 700 });
      await page.page.goto(`${fresh.url}/owner`);
      await page.page.getByRole('heading', { name: 'Кабинет владельца ещё не создан' }).waitFor();
      expect(await page.accessibilityProblems()).toEqual([]);
      expect(await page.horizontalOverflow()).toEqual([]);
      await page.screenshot('9-no-owner');

      const link = /(http:\/\/localhost:\d+\/owner\/setup#[\w-]+)/.exec(fresh.output())![1]!;
      const setUp = async (email: string) => {
        const p = await context.newPage();
        await p.goto(link);
        await p.getByLabel('Эл. почта').fill(email);
        await p.getByLabel('Новый пароль (от 8 символов)').fill('надёжный-пароль');
        await p.getByLabel('Пароль ещё раз').fill('надёжный-пароль');
        await p.getByRole('button', { name: 'Создать и войти' }).click();
        return p;
      };
      const first = new OwnerPage(await setUp('me@cafe.ru'));
      await first.page.getByTestId('onboarding').waitFor();
      expect(new URL(first.page.url()).pathname).toBe('/owner');
      expect(await first.accessibilityProblems()).toEqual([]);
      expect(await first.horizontalOverflow()).toEqual([]);
      await first.screenshot('10-onboarding');
      // The link works once.
      await (await setUp('other@cafe.ru')).getByText('Владелец уже создан — войдите.').waitFor();

      const printed = cli(fresh, 'owner', 'reset-password', '--url', fresh.url);
      const reset = /(http:\/\/localhost:\d+\/owner\/reset#[\w-]+)/.exec(printed)![1]!;
      // Another phone (its own cookies): the first one's session must end.
      const again = new OwnerPage(await (await browser.newContext(PHONE)).newPage());
      await again.page.goto(reset);
      await again.page.getByRole('heading', { name: 'Новый пароль владельца' }).waitFor();
      expect(await again.accessibilityProblems()).toEqual([]);
      await again.screenshot('11-reset');
      await again.page.getByLabel('Новый пароль (от 8 символов)').fill('ещё-надёжнее');
      await again.page.getByLabel('Пароль ещё раз').fill('ещё-надёжнее');
      await again.page.getByRole('button', { name: 'Сохранить и войти' }).click();
      await again.page.getByTestId('onboarding').waitFor();
      // The first phone's session ended with the reset.
      await first.page.reload();
      await first.page.getByRole('button', { name: 'Войти' }).waitFor();
    } finally {
      await fresh.stop();
    }
  }, 180_000);
});
