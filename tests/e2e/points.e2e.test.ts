import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PullResponse } from '../../shared/sync/protocol.ts';
import { chromiumAvailable } from './browser.ts';
import { appAndBrowser } from './harness.ts';
import { CounterPage, pairThroughUi } from './pages/counter-page.ts';
import type { RunningApp } from './server.ts';

/** A pairing code from the CLI, which asks the running server (it holds the embedded database). */
function pairCode(app: RunningApp): string {
  const out = execFileSync('npm', ['run', '-s', 'cli', '--', 'pair'], { env: { ...process.env, DATA_DIR: app.dataDir, DATABASE_URL: '' }, encoding: 'utf8' });
  return out.trim().split('\n').at(-1)!;
}

/** The server's balance of a phone's guest, as a fresh tablet's first pull brings it. */
async function serverBalance(app: RunningApp, phone: string): Promise<PullResponse['balances'][number] | undefined> {
  const claim = await fetch(`${app.url}/api/devices/claim`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: pairCode(app), name: `проверка ${Math.random()}` }),
  });
  const { token } = (await claim.json()) as { token: string };
  const page = (await (await fetch(`${app.url}/api/sync/pull?since=0`, { headers: { authorization: `Bearer ${token}` } })).json()) as PullResponse;
  const guest = page.guests.find((g) => g.phone === phone);
  return page.balances.find((b) => b.guestId === guest?.id);
}

const nbsp = (s: string) => s.replace(/\s/g, ' ');
const synced = (counter: CounterPage) =>
  counter.page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.textContent === '0', undefined, { timeout: 30_000 });

describe.skipIf(!chromiumAvailable)('bonus points at the counter in Chromium', () => {
  const env = appAndBrowser();

  it('spends points with the network off and through reloads; back online, the server’s balance agrees', async () => {
    const context = await env.browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    const counter = new CounterPage(await context.newPage());
    await counter.open(env.app().url);
    await counter.waitForServiceWorker();
    await pairThroughUi(counter, pairCode(env.app()), 'Стойка');
    await counter.registerGuest('+7 916 222-33-44', 'Олег');
    expect(nbsp(await counter.balance())).toBe('100 баллов');
    await synced(counter);

    await context.setOffline(true);
    await counter.reload();
    await counter.openGuest('3344', 'Олег');
    // 200 ₽: 30 % is 60 points; paid 140 ₽ earns 7.
    expect(nbsp(await counter.recordPurchaseWithPoints('200', 'all'))).toBe('+7 баллов');
    await expect.poll(async () => nbsp(await counter.balance())).toBe('47 баллов');

    await counter.reload();
    await counter.openGuest('3344', 'Олег');
    expect(nbsp(await counter.balance())).toBe('47 баллов');
    // 100 ₽, 30 points: paid 70 ₽ earns 3.
    expect(nbsp(await counter.recordPurchaseWithPoints('100', 30))).toBe('+3 балла');
    await counter.reload();
    await counter.openGuest('3344', 'Олег');
    expect(nbsp(await counter.balance())).toBe('20 баллов');
    expect(await counter.pendingCount()).toBe('2');

    await context.setOffline(false);
    await synced(counter);
    expect(await serverBalance(env.app(), '+79162223344')).toMatchObject({ balance: 20, overdraft: 0 });
    await counter.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await counter.reload();
    await counter.openGuest('3344', 'Олег');
    expect(nbsp(await counter.balance())).toBe('20 баллов');
    await context.close();
  }, 180_000);

  it('two offline tablets spend one balance: both sales stay, the server records the overdraft, and every tablet shows its balance', async () => {
    const tablets: { context: Awaited<ReturnType<ReturnType<typeof env.browser>['newContext']>>; counter: CounterPage }[] = [];
    for (const name of ['Стойка 1', 'Стойка 2']) {
      const context = await env.browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
      const counter = new CounterPage(await context.newPage());
      await counter.open(env.app().url);
      await pairThroughUi(counter, pairCode(env.app()), name);
      tablets.push({ context, counter });
    }
    const [one, two] = tablets as [(typeof tablets)[0], (typeof tablets)[0]];
    await one.counter.registerGuest('+7 917 444-55-66', 'Нина');
    await synced(one.counter);
    // The second tablet hears of the guest and the welcome bonus at its next round.
    await two.counter.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => two.counter.storedGuest('+79174445566'), { timeout: 30_000 }).not.toBeNull();
    await two.counter.openGuest('5566', 'Нина');
    await expect.poll(async () => nbsp(await two.counter.balance()), { timeout: 30_000 }).toBe('100 баллов');

    for (const t of tablets) await t.context.setOffline(true);
    // Each sees 100 and spends 60 of them on a 200 ₽ check, earning 7.
    for (const t of tablets) expect(nbsp(await t.counter.recordPurchaseWithPoints('200', 'all'))).toBe('+7 баллов');
    for (const t of tablets) expect(nbsp(await t.counter.balance())).toBe('47 баллов');

    for (const t of tablets) await t.context.setOffline(false);
    for (const t of tablets) await synced(t.counter);
    // 100 − 60 + 7 − 60 + 7: both sales kept, 6 points overdrawn and recorded.
    expect(await serverBalance(env.app(), '+79174445566')).toMatchObject({ balance: -6, overdraft: 6 });
    for (const t of tablets) await t.counter.page.evaluate(() => window.dispatchEvent(new Event('online')));
    for (const t of tablets) await expect.poll(async () => nbsp(await t.counter.balance()), { timeout: 30_000 }).toBe('-6 баллов');
    for (const t of tablets) await t.context.close();
  }, 240_000);
});
