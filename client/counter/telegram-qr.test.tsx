// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeQrSvg } from '../../tests/support/qr-decode.ts';
import { readSettings, saveSetting } from '../data/settings.ts';
import { renderCounter } from './test-utils.tsx';

const LINK = 'https://t.me/cafe_test_bot?start=c_0190d4a7e3b7c8a9d0e1f2a3b4c5d6e7';
const TOKEN = 'tablet-token';

/** The server as far as this panel asks it: the link (or none), and a record of what it was asked. */
function server(url: string | null) {
  const asked: { path: string; auth: string | null }[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), 'http://cafe.test').pathname;
    asked.push({ path, auth: new Headers(init?.headers).get('authorization') });
    if (path === '/api/counter/telegram-link') return new Response(JSON.stringify({ url }), { status: 200, headers: { 'content-type': 'application/json' } });
    return new Response('{}', { status: 503 });
  });
  globalThis.fetch = fetchFn as unknown as typeof fetch;
  return { asked, fetchFn };
}

const setOnline = (online: boolean) =>
  act(() => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
    window.dispatchEvent(new Event(online ? 'online' : 'offline'));
  });

/** The QR code on screen, read back by an independent decoder. */
function shownCode(): string | null {
  const img = screen.getByRole('img', { name: 'QR-код бота кафе в Telegram' }) as HTMLImageElement;
  return decodeQrSvg(decodeURIComponent(img.src.slice(img.src.indexOf(',') + 1)));
}

beforeEach(() => setOnline(true));
afterEach(() => {
  cleanup();
  setOnline(true);
});

describe("the counter's Telegram QR code", () => {
  it('a paired tablet online asks the server with its token, keeps the link, and shows its QR code on tap', async () => {
    const { asked } = server(LINK);
    const ui = await renderCounter();
    await saveSetting(ui.db, 'serverUrl', 'http://cafe.test');
    await saveSetting(ui.db, 'token', TOKEN);
    await ui.user.click(await screen.findByRole('button', { name: 'Telegram' }));
    await waitFor(() => expect(shownCode()).toBe(LINK));
    expect(screen.getByText(LINK.replace('https://', ''))).toBeTruthy();
    expect(asked.filter((a) => a.path === '/api/counter/telegram-link')[0]).toEqual({ path: '/api/counter/telegram-link', auth: `Bearer ${TOKEN}` });
    expect((await readSettings(ui.db)).telegramLink).toBe(LINK);
    await ui.user.click(screen.getByRole('button', { name: 'Закрыть' }));
    expect(screen.queryByRole('region', { name: 'Подписка в Telegram' })).toBeNull();
  });

  it('offline, shows the link it already knows without asking anyone', async () => {
    const { fetchFn } = server(null);
    setOnline(false);
    const ui = await renderCounter();
    await saveSetting(ui.db, 'token', TOKEN);
    await saveSetting(ui.db, 'telegramLink', LINK);
    await ui.user.click(await screen.findByRole('button', { name: 'Telegram' }));
    await waitFor(() => expect(shownCode()).toBe(LINK));
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('shows no button while no link is known, and forgets the link when the server says the bot is gone', async () => {
    server(null);
    const ui = await renderCounter();
    expect(screen.queryByRole('button', { name: 'Telegram' })).toBeNull();
    await saveSetting(ui.db, 'telegramLink', LINK);
    await screen.findByRole('button', { name: 'Telegram' });
    await saveSetting(ui.db, 'token', TOKEN);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Telegram' })).toBeNull());
    expect((await readSettings(ui.db)).telegramLink).toBeNull();
  });
});
