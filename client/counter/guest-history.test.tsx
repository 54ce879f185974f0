// @vitest-environment jsdom
/**
 * The guest card's purchase list against the real server app (in process, on an in-memory
 * PGlite), with two tablets that really sync with it: the card shows every tablet's purchases
 * when online, and says plainly when it shows only its own.
 */
import 'fake-indexeddb/auto';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openMemoryPglite } from '../../server/db/pglite.ts';
import { DEFAULT_RULES } from '../../shared/segments/presets.ts';
import { NONE_NAME } from '../../shared/segments/rules.ts';
import { pairTablet } from '../../tests/support/sync-helpers.ts';
import { appTransport } from '../../tests/sync/app-transport.ts';
import { CounterDb } from '../data/db.ts';
import { registerGuest } from '../data/guests.ts';
import { recordPurchase, voidPurchase } from '../data/purchases.ts';
import { saveSetting } from '../data/settings.ts';
import { syncOnce } from '../data/sync/sync-once.ts';
import { useCounterUi } from './store.ts';
import { renderCounter } from './test-utils.tsx';

let server: Db;
let app: ReturnType<typeof createApp>;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  server = await openMemoryPglite();
  await migrate(server);
  app = createApp({ db: server, now: () => new Date() });
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => app.request(String(input), init)) as typeof fetch;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await server.close();
});
afterEach(() => {
  cleanup();
  setOnline(true);
});

function setOnline(online: boolean) {
  act(() => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
    window.dispatchEvent(new Event(online ? 'online' : 'offline'));
  });
}

const rowTexts = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .map((li) => [...li.children].map((c) => c.textContent?.replace(/\s/g, ' ')));

/** Tablet 2 registers Анна and sells her a latte and a mistake it voids; tablet 1 (on screen) pulls her and sells her a tea it has not uploaded yet. */
async function twoTablets() {
  const ui = await renderCounter();
  const other = new CounterDb(`other-${Math.random()}`);
  await other.open();
  const otherToken = await pairTablet(app, server, new Date(), 'Стойка 2');
  const anna = await registerGuest(
    other,
    { phone: `+7916${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, name: 'Анна', birthday: '', consent: false },
    new Date(),
  );
  await recordPurchase(other, { guestId: anna.id, amount: '350', items: [{ name: 'Латте', qty: 2 }] }, new Date(Date.now() - 60_000));
  const mistake = await recordPurchase(other, { guestId: anna.id, amount: '99', items: [] }, new Date(Date.now() - 30_000));
  await voidPurchase(other, mistake.id, 'не тот гость', new Date());
  await syncOnce(
    other,
    appTransport(() => app, otherToken),
    () => new Date(),
  );

  const token = await pairTablet(app, server, new Date(), 'Стойка 1');
  await saveSetting(ui.db, 'token', token);
  await saveSetting(ui.db, 'serverUrl', '');
  await syncOnce(
    ui.db,
    appTransport(() => app, token),
    () => new Date(),
  );
  await recordPurchase(ui.db, { guestId: anna.id, amount: '120', items: [{ name: 'Чай', qty: 1 }] }, new Date());
  act(() => useCounterUi.getState().go({ name: 'guest', guestId: anna.id }));
  await screen.findByRole('heading', { level: 1, name: 'Анна' });
  return { ui, anna };
}

describe("the guest card's purchases", () => {
  it("shows every tablet's purchases when online: items, voids and which tablet; only this tablet's can be voided", async () => {
    await twoTablets();
    await screen.findByText('Все покупки гостя, со всех планшетов');
    const list = screen.getByRole('list', { name: 'Покупки' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    const rows = rowTexts(list).map((cells) => cells.slice(1));
    expect(rows).toEqual([
      ['120,00 ₽', 'Чай', 'этот планшет', 'Аннулировать'],
      ['99,00 ₽', '', 'Стойка 2', 'аннулирована: не тот гость'],
      ['350,00 ₽', 'Латте ×2', 'Стойка 2', ''],
    ]);
    expect(within(list).getAllByRole('button')).toHaveLength(1);
    expect(screen.getByText('Визитов').nextElementSibling?.textContent).toBe('2');
    // Nothing from the server names a segment.
    const text = document.body.textContent ?? '';
    for (const label of DEFAULT_RULES.segments.flatMap((s) => [s.name.ru, s.name.en]).concat(NONE_NAME.ru, NONE_NAME.en)) expect(text).not.toContain(label);
  });

  it("says plainly when it shows only this tablet's purchases, and how many are elsewhere", async () => {
    await twoTablets();
    await screen.findByText('Все покупки гостя, со всех планшетов');
    setOnline(false);
    expect(screen.getByTestId('history-source').textContent).toBe('Нет связи с сервером — здесь только покупки этого планшета · ещё 1 — на других планшетах');
    const list = screen.getByRole('list', { name: 'Покупки' });
    expect(rowTexts(list).map((cells) => cells.slice(1, 3))).toEqual([['120,00 ₽', 'Чай']]);
    setOnline(true);
    await screen.findByText('Все покупки гостя, со всех планшетов');
  });

  it('says so when the tablet is not paired, or the server refuses', async () => {
    const { ui } = await twoTablets();
    await screen.findByText('Все покупки гостя, со всех планшетов');
    await saveSetting(ui.db, 'token', 'revoked-or-wrong');
    await waitFor(() =>
      expect(screen.getByTestId('history-source').textContent).toBe(
        'Не удалось получить покупки с сервера — здесь только покупки этого планшета · ещё 1 — на других планшетах',
      ),
    );
    await saveSetting(ui.db, 'token', null);
    await waitFor(() =>
      expect(screen.getByTestId('history-source').textContent).toBe(
        'Планшет не подключён к серверу — здесь только покупки этого планшета · ещё 1 — на других планшетах',
      ),
    );
  });
});
