// @vitest-environment jsdom
/**
 * The owner's first minutes, against the real server app in process on an empty in-memory
 * PGlite: /owner with no owner explains the setup link; once there is an owner and no guest,
 * the dashboard shows the three first steps instead of six zeros; a forgotten password is set
 * anew through the link the CLI prints.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ensureCafe } from '../../server/cafe/cafes.repo.ts';
import { createOwner, createResetToken } from '../../server/cafe/owners.repo.ts';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openMemoryPglite } from '../../server/db/pglite.ts';
import { setCsrfToken } from './api.ts';
import { newQueryClient, OwnerApp } from './OwnerApp.tsx';
import { routeFromPath, useOwnerUi } from './store.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
let db: Db;
let cookie = '';
const calls: string[] = [];

beforeAll(async () => {
  db = await openMemoryPglite();
  await migrate(db);
  const app = createApp({ db, now: () => NOW });
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await app.request(String(input), { ...init, headers });
    calls.push(`${init?.method ?? 'GET'} ${String(input)} ${res.status}`);
    const set = res.headers.get('set-cookie');
    if (set) cookie = /Max-Age=0/i.test(set) ? '' : set.split(';')[0]!;
    return res;
  }) as typeof fetch;
}, 60_000);
afterAll(() => db?.close());
afterEach(() => {
  cleanup();
  cookie = '';
  setCsrfToken(null);
});

function renderAt(url: string) {
  history.replaceState(null, '', url);
  useOwnerUi.setState({ route: routeFromPath(location.pathname), locale: 'ru' });
  render(<OwnerApp client={newQueryClient()} />);
  return userEvent.setup();
}

it('explains the setup link when the café has no owner yet, and asks nothing it would refuse', async () => {
  calls.length = 0;
  renderAt('/owner');
  await screen.findByRole('heading', { name: 'Кабинет владельца ещё не создан' });
  expect(screen.getByText(/одноразовую ссылку вида …\/owner\/setup#…/)).toBeTruthy();
  expect(screen.queryByLabelText('Пароль')).toBeNull();
  expect(screen.getByRole('main')).toBeTruthy();
  // Who is here is a 200: no refused request to log in the browser's console.
  expect(calls).toEqual(['GET /api/auth/state 200']);
});

it('shows the first steps instead of zeros, ticking off what is done', async () => {
  const cafe = await ensureCafe(db);
  await createOwner(db, cafe.id, 'owner@cafe.ru', 'пароль-владельца');
  const user = renderAt('/owner');
  await user.type(await screen.findByLabelText('Эл. почта'), 'owner@cafe.ru');
  await user.type(screen.getByLabelText('Пароль'), 'пароль-владельца');
  await user.click(screen.getByRole('button', { name: 'Войти' }));
  const card = await screen.findByTestId('onboarding');
  expect(screen.queryByTestId('total-guests')).toBeNull();
  expect([...card.querySelectorAll('h2')].map((h) => h.textContent)).toEqual([
    'Подключите планшет на стойке',
    'Перенесите базу гостей',
    'Проверьте часовой пояс кофейни',
  ]);
  expect(card.textContent).toContain('Сейчас: Europe/Moscow.');
  // Pairing a tablet is one tap away.
  await user.click(screen.getByRole('button', { name: 'Подключить планшет' }));
  await screen.findByRole('heading', { name: 'Планшеты на стойке' });
});

it('sets a forgotten password through the printed one-time link, in the screen’s own words', async () => {
  const { token } = (await createResetToken(db, 'owner@cafe.ru', NOW))!;
  const user = renderAt(`/owner/reset#${token}`);
  await screen.findByRole('heading', { name: 'Новый пароль владельца' });
  await user.type(screen.getByLabelText('Новый пароль (от 8 символов)'), 'short');
  await user.type(screen.getByLabelText('Пароль ещё раз'), 'short');
  await user.click(screen.getByRole('button', { name: 'Сохранить и войти' }));
  expect((await screen.findByRole('alert')).textContent).toBe('Пароль — не короче 8 символов');
  for (const label of ['Новый пароль (от 8 символов)', 'Пароль ещё раз']) {
    await user.clear(screen.getByLabelText(label));
    await user.type(screen.getByLabelText(label), 'новый-пароль');
  }
  await user.click(screen.getByRole('button', { name: 'Сохранить и войти' }));
  await screen.findByRole('heading', { name: 'Сегменты сегодня' });
  expect(location.pathname).toBe('/owner');
  expect(location.hash).toBe('');
});

it('says a used reset link is spent, and how to get a new one', async () => {
  const { token } = (await createResetToken(db, 'owner@cafe.ru', NOW))!;
  await db.query('UPDATE password_resets SET used_at = $1', [NOW.toISOString()]);
  const user = renderAt(`/owner/reset#${token}`);
  await user.type(await screen.findByLabelText('Новый пароль (от 8 символов)'), 'ещё-один-пароль');
  await user.type(screen.getByLabelText('Пароль ещё раз'), 'ещё-один-пароль');
  await user.click(screen.getByRole('button', { name: 'Сохранить и войти' }));
  await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^Ссылка для сброса пароля устарела.+owner reset-password$/));
});
