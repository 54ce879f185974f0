/**
 * The app as `npm start` serves it, a proxy the test can unplug in front of it, and WebKit,
 * for one WebKit suite: started together, and all stopped after the suite even when it fails.
 */
import { afterAll, beforeAll } from 'vitest';
import { startApp, type RunningApp } from '../server.ts';
import { startTcpProxy, type TcpProxy } from '../tcp-proxy.ts';
import { launchWebKit, type WebKit } from './webkit.ts';

export interface AppBehindProxyInWebKit {
  app: () => RunningApp;
  /** The browser reaches the app only through this: `proxy().url` is the page's origin. */
  proxy: () => TcpProxy;
  webkit: () => WebKit;
}

export function appBehindProxyInWebKit(): AppBehindProxyInWebKit {
  let app: RunningApp | undefined;
  let proxy: TcpProxy | undefined;
  let webkit: WebKit | undefined;
  beforeAll(async () => {
    // Both are started at once and each is kept when it is up, so afterAll stops it even if the other failed.
    const [started, launched] = await Promise.allSettled([startApp(), launchWebKit()]);
    if (started.status === 'fulfilled') app = started.value;
    if (launched.status === 'fulfilled') webkit = launched.value;
    for (const result of [started, launched]) if (result.status === 'rejected') throw result.reason;
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(app!.url).port) });
  }, 120_000);
  afterAll(async () => {
    const results = await Promise.allSettled([webkit?.close(), proxy?.close(), app?.stop()]);
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  });
  return { app: () => app!, proxy: () => proxy!, webkit: () => webkit! };
}
