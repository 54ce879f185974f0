/**
 * The counter-offline flow of counter-offline.e2e.test.ts, in WebKit (Safari's engine; the
 * cafés' iPads run the counter). WebDriver has no offline switch, so the network is cut for
 * real outside the browser: the page is loaded through a proxy on localhost, and "offline"
 * unplugs it — every connection to the page's origin is then refused.
 *
 * WebKit keeps navigator.onLine true through such a cut (it follows the machine's network
 * interfaces, which stay up), so the status bar's "Нет сети" is not asserted here; the test
 * proves the cut instead by a request from the page that fails.
 */
import { describe, expect, it } from 'vitest';
import { CounterPage } from './webkit/counter-page.ts';
import { appBehindProxyInWebKit } from './webkit/harness.ts';
import { webkitAvailable } from './webkit/webkit.ts';

const norm = (s: string) => s.replace(/\s/g, ' ');

describe.skipIf(!webkitAvailable)('counter tablet in WebKit, offline for real', () => {
  const env = appBehindProxyInWebKit();

  it('keeps every guest and purchase through network loss and reloads, and opens offline from the service worker', async () => {
    const session = env.webkit().session;
    const counter = new CounterPage(session);
    await counter.open(env.proxy().url);
    await counter.waitForServiceWorker();
    expect(await counter.serverReachable()).toBe(true);

    await counter.registerGuest('+7 912 345-67-89', 'Анна');
    await counter.recordPurchase('350');
    await counter.recordPurchase('120,5');
    expect(await counter.visits()).toBe('2');

    await env.proxy().unplug();
    await counter.reload();
    expect(await counter.serverReachable()).toBe(false);
    expect(await counter.controlledByServiceWorker()).toBe(true);
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
    await session.newTab();
    const second = new CounterPage(session);
    await second.open(env.proxy().url);
    expect(await second.serverReachable()).toBe(false);
    await second.openGuest('9123456789', 'Анна');
    expect(await second.visits()).toBe('4');
  }, 120_000);
});
