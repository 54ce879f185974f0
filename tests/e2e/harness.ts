/** The app as `npm start` serves it and a Chromium, for one browser suite, started together and stopped after. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { startApp, type RunningApp } from './server.ts';

export function appAndBrowser(): { app: () => RunningApp; browser: () => Browser } {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  return { app: () => app, browser: () => browser };
}
