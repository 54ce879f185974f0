/**
 * The owner imports a base from their phone, in Chromium, against `npm start` with a fresh data
 * folder: upload a guests CSV (Russian headers, Russian dates, a bad phone) and a purchases CSV
 * whose date column has a header nothing recognises; map that column by hand; the dry run lists
 * the bad lines by file and number and writes nothing; the commit shows its progress bar and a
 * summary whose counts equal what the database holds. The screen passes axe-core and fits a
 * 390 px screen at each step; screenshots go to tests/e2e/screenshots/ (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './browser.ts';
import { ImportPage } from './pages/import-page.ts';
import { OwnerPage } from './pages/owner-page.ts';
import { SERVE, startApp, type RunningApp } from './server.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ru-RU' };
const PURCHASES = 40_000;

function cli(app: RunningApp, ...argv: string[]): string {
  return execFileSync('npm', ['run', '-s', 'cli', '--', ...argv], {
    env: { ...process.env, DATA_DIR: app.dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Small files as another system would export them; enough purchases that the commit takes a moment. */
function writeFiles(): { guests: string; purchases: string } {
  const dir = mkdtempSync(join(tmpdir(), 'owner-import-'));
  const guests = join(dir, 'Гости.csv');
  const purchases = join(dir, 'Продажи.csv');
  writeFileSync(
    guests,
    `\uFEFF${['Телефон;Имя;Дата регистрации;Баллы', '+7 912 345-67-89;Анна;01.11.2026 10:00;150', '8 (912) 000-11-22;Борис;02.11.2026;0', 'не телефон;Вера;03.11.2026;0'].join('\r\n')}\r\n`,
  );
  const rows = ['Телефон;Когда;Сумма, руб.'];
  for (let i = 0; i < PURCHASES; i++) {
    const day = 1 + (i % 28);
    rows.push(
      `+7912${String(10_000_000 + (i % 500)).slice(1)};${String(day).padStart(2, '0')}.10.2026 ${9 + (i % 10)}:${String(i % 60).padStart(2, '0')};${100 + (i % 900)},50`,
    );
  }
  rows.push('+79120001122;31.02.2026 10:00;200');
  writeFileSync(purchases, `${rows.join('\n')}\n`);
  return { guests, purchases };
}

describe.skipIf(!chromiumAvailable)('the owner imports a base on a phone, in Chromium', () => {
  let app: RunningApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: ImportPage;
  let owner: OwnerPage;
  const problems: string[] = [];

  async function check(name: string) {
    expect([name, await owner.accessibilityProblems()]).toEqual([name, []]);
    expect([name, await owner.horizontalOverflow()]).toEqual([name, []]);
    await owner.screenshot(name);
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({}, SERVE, 240_000), launchChromium()]);
    cli(app, 'owner', 'create', '--email', 'owner@cafe.ru', '--password', 'пароль-владельца');
    context = await browser.newContext(PHONE);
    const tab = await context.newPage();
    page = new ImportPage(tab);
    owner = new OwnerPage(tab);
    tab.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    tab.on('pageerror', (e) => problems.push(e.message));
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('uploads, maps, dry-runs with the bad lines, commits with progress, and shows counts equal to the database', async () => {
    const files = writeFiles();
    await page.open(app.url, 'owner@cafe.ru', 'пароль-владельца');
    await page.upload('Гости', files.guests);
    expect(await page.column('Гости', 'Телефон').inputValue()).toBe('phone');
    expect(await page.column('Гости', 'Баллы').inputValue()).toBe('balance');
    await page.upload('Покупки', files.purchases);
    expect(await page.column('Покупки', 'Когда').inputValue()).toBe('');
    expect(await page.file('Покупки').getByRole('alert').innerText()).toBe('Выберите столбец «Дата покупки»');
    await check('import-1-mapping');
    await page.column('Покупки', 'Когда').selectOption('purchased_at');

    const bad = await page.check();
    expect(bad).toEqual(['Гости.csv, строка 4: не похоже на номер телефона', `Продажи.csv, строка ${PURCHASES + 2}: такой даты нет в календаре`]);
    expect(await page.totals()).toEqual([
      'Гости: 2 новых, 0 уже есть',
      `Покупки: ${PURCHASES.toLocaleString('ru-RU')} новых, 0 уже есть`,
      '500 гостей появятся из покупок',
      '2 строки пропущены',
    ]);
    expect(Object.keys(JSON.parse(cli(app, 'segments', '--format', 'json')) as object)).toHaveLength(0);
    await check('import-2-dry-run');

    await page.page.getByRole('button', { name: 'Загрузить в базу' }).click();
    await page.page.locator('.import-job progress').waitFor();
    await check('import-3-progress');
    await page.page.getByRole('heading', { name: 'Готово' }).waitFor({ timeout: 120_000 });
    const summary = await page.totals();
    await check('import-4-done');

    const guestsInDb = Object.keys(JSON.parse(cli(app, 'segments', '--format', 'json')) as object).length;
    const purchasesInDb = cli(app, 'export', 'purchases').trim().split('\n').length - 1;
    expect(guestsInDb).toBe(502);
    expect(purchasesInDb).toBe(PURCHASES);
    expect(summary).toEqual([
      `Добавлено гостей: ${guestsInDb}`,
      `Добавлено покупок: ${purchasesInDb.toLocaleString('ru-RU')}`,
      'Уже были в базе: 0',
      '2 строки пропущены',
    ]);
    expect(problems).toEqual([]);
  }, 240_000);
});
