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

describe.skipIf(!chromiumAvailable)('two tablets in Chromium', () => {
  const env = appAndBrowser();

  it('both offline register the same phone; back online, both show one guest with every purchase, and the server agrees', async () => {
    const tablets = [];
    for (const name of ['Стойка 1', 'Стойка 2']) {
      const context = await env.browser().newContext({ viewport: { width: 1280, height: 800 } });
      const counter = new CounterPage(await context.newPage());
      await counter.open(env.app().url);
      await pairThroughUi(counter, pairCode(env.app()), name);
      tablets.push({ context, counter });
    }
    const [one, two] = tablets as [(typeof tablets)[0], (typeof tablets)[0]];
    for (const t of tablets) await t.context.setOffline(true);

    await one.counter.registerGuest('+7 915 555-12-34', 'Мария');
    await one.counter.recordPurchase('300');
    await two.counter.registerGuest('8 (915) 5551234', 'Маша');
    await two.counter.recordPurchase('150');
    await two.counter.recordPurchase('200');
    expect(await one.counter.pendingCount()).toBe('2');

    for (const t of tablets) await t.context.setOffline(false);
    // Once both have uploaded everything, the server holds the merged guest.
    for (const t of tablets) {
      await t.counter.page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.textContent === '0', undefined, { timeout: 30_000 });
    }
    // Whoever synced first has not heard of the merge: one more round on each pulls it (a
    // round asked for while one runs follows it). Wait until both tablets hold the one guest.
    for (const t of tablets) await t.counter.page.evaluate(() => window.dispatchEvent(new Event('online')));
    for (const t of tablets) {
      await expect.poll(() => t.counter.storedGuest('+79155551234'), { timeout: 30_000 }).toMatchObject({ name: 'Маша', purchaseCount: 3 });
    }
    expect((await one.counter.storedGuest('+79155551234'))!.id).toBe((await two.counter.storedGuest('+79155551234'))!.id);

    for (const t of tablets) {
      await t.counter.reload();
      await t.counter.page.getByLabel('Телефон гостя').fill('1234');
      await expect.poll(() => t.counter.page.getByRole('list', { name: 'Найденные гости' }).getByRole('listitem').count()).toBe(1);
      await t.counter.page.getByRole('list', { name: 'Найденные гости' }).getByRole('button').click();
      // One guest; the name is the later of the two writes (last writer wins per field).
      await t.counter.page.getByRole('heading', { name: 'Маша' }).waitFor();
      await expect.poll(() => t.counter.visits(), { timeout: 15_000 }).toBe('3');
      // The card lists every tablet's purchases, from the server, each with the tablet that recorded it.
      await t.counter.page.getByText('Все покупки гостя, со всех планшетов').waitFor();
      const list = t.counter.page.getByRole('list', { name: 'Покупки' });
      await expect.poll(() => list.locator('.amount').allInnerTexts()).toEqual(['200,00 ₽', '150,00 ₽', '300,00 ₽'].map((a) => a.replace(/ /g, '\u00a0')));
      expect(await list.locator('.tablet').allInnerTexts()).toEqual(
        t === one ? ['Стойка 2', 'Стойка 2', 'этот планшет'] : ['этот планшет', 'этот планшет', 'Стойка 1'],
      );
    }

    // The server's view, through a third tablet's pull.
    const claim = await fetch(`${env.app().url}/api/devices/claim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: pairCode(env.app()), name: 'проверка' }),
    });
    const { token } = (await claim.json()) as { token: string };
    const page = (await (await fetch(`${env.app().url}/api/sync/pull?since=0`, { headers: { authorization: `Bearer ${token}` } })).json()) as PullResponse;
    const guests = page.guests.filter((g) => g.phone === '+79155551234');
    expect(guests).toHaveLength(1);
    expect(guests[0]!.stats).toMatchObject({ purchaseCount: 3, totalSpend: 65000 });
  }, 180_000);
});
