// @vitest-environment jsdom
/**
 * The printable poster: a QR code that a camera reads as exactly the bot's deep link the
 * server gives (start parameter included), the link in print beside it, and a plain message
 * when the bot is not set up. The server is stood in for by its two answers.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { decodeQrSvg } from '../../../tests/support/qr-decode.ts';
import { newQueryClient } from '../OwnerApp.tsx';
import { useOwnerUi } from '../store.ts';
import { PosterScreen } from './PosterScreen.tsx';

const LINK = 'https://t.me/kofeinya_bot?start=c0190d4a7e3b7c8a9d0e1f2a3b4c5d6e';

function serve(link: { configured: boolean; url: string | null; bot: string | null }) {
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const path = String(input);
    const body = path.startsWith('/api/mailings/telegram-link')
      ? link
      : { ownerExists: true, session: { csrfToken: 't', cafe: { name: 'Кофейня' }, email: 'owner@cafe.ru' } };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  useOwnerUi.setState({ locale: 'ru' });
  render(
    <QueryClientProvider client={newQueryClient()}>
      <PosterScreen />
    </QueryClientProvider>,
  );
}

afterEach(cleanup);

it('shows a QR code that reads as the exact deep link, and the link beside it', async () => {
  serve({ configured: true, url: LINK, bot: 'kofeinya_bot' });
  const img = (await screen.findByRole('img', { name: 'QR-код ссылки на Telegram-бота' })) as HTMLImageElement;
  const src = img.getAttribute('src')!;
  expect(src.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
  expect(decodeQrSvg(decodeURIComponent(src.slice(src.indexOf(',') + 1)))).toBe(LINK);
  expect(screen.getByRole('link', { name: LINK.replace('https://', '') }).getAttribute('href')).toBe(LINK);
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Подарки и новости «Кофейня» — в Telegram');
});

it('draws no code and says what to set up when the bot is not configured', async () => {
  serve({ configured: false, url: null, bot: null });
  expect((await screen.findByRole('alert')).textContent).toBe('Telegram-бот не настроен: укажите токен в «Каналы и ограничения».');
  expect(screen.queryByRole('img')).toBeNull();
});
