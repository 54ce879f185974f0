import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PromotionReport } from '../../shared/api/promotions.ts';
import { chromiumAvailable } from './browser.ts';
import { appAndBrowser } from './harness.ts';
import { CounterPage, pairThroughUi } from './pages/counter-page.ts';
import type { RunningApp } from './server.ts';

/** The CLI against the running server (it holds the embedded database); its last line. */
function cli(app: RunningApp, ...argv: string[]): string {
  const out = execFileSync('npm', ['run', '-s', 'cli', '--', ...argv], { env: { ...process.env, DATA_DIR: app.dataDir, DATABASE_URL: '' }, encoding: 'utf8' });
  return out.trim().split('\n').at(-1)!;
}

/** The owner's report of one promotion, through the owner's API. */
async function report(app: RunningApp, promotionId: string): Promise<PromotionReport> {
  const login = await fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@cafe.ru', password: 'пароль-владельца' }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${app.url}/api/promotions/${promotionId}/report`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as PromotionReport;
}

const nbsp = (s: string) => s.replace(/\s/g, ' ');
const synced = (counter: CounterPage) =>
  counter.page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.textContent === '0', undefined, { timeout: 30_000 });

describe.skipIf(!chromiumAvailable)('offers at the counter in Chromium', () => {
  const env = appAndBrowser();

  it('applies an offer with the network off and through a reload; back online the server has it, unflagged', async () => {
    cli(env.app(), 'owner', 'create', '--email', 'owner@cafe.ru', '--password', 'пароль-владельца');
    const promotionId = cli(env.app(), 'promotion', 'add', '--name', 'Добро пожаловать', '--segments', 'newcomer', '--percent', '20', '--limit', 'once');
    const context = await env.browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    const counter = new CounterPage(await context.newPage());
    await counter.open(env.app().url);
    await counter.waitForServiceWorker();
    await pairThroughUi(counter, cli(env.app(), 'pair'), 'Стойка');
    await counter.registerGuest('+7 916 555-66-77', 'Вера');
    await synced(counter);

    await context.setOffline(true);
    await counter.reload();
    await counter.openGuest('6677', 'Вера');
    expect((await counter.offers()).map(nbsp)).toEqual(['Добро пожаловать −20 %']);
    // 350 ₽, 20 % off: 70 ₽ off, 280 ₽ to pay.
    const shown = await counter.recordPurchaseWithOffer('Добро пожаловать', '350');
    expect([nbsp(shown.discount), nbsp(shown.toPay)]).toEqual(['−70,00 ₽', '280,00 ₽']);
    await counter.reload();
    await counter.openGuest('6677', 'Вера');
    // Once per guest: this tablet knows it was used, through the reload.
    expect(await counter.page.getByText('Нет предложений').isVisible()).toBe(true);
    expect(await counter.pendingCount()).toBe('1');

    await context.setOffline(false);
    await counter.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await synced(counter);
    expect(await report(env.app(), promotionId)).toMatchObject({ applied: 1, guests: 1, discount: 70_00, paidRevenue: 280_00, flagged: 0 });
    await context.close();
  }, 180_000);
});
