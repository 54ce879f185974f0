// @vitest-environment jsdom
/**
 * The owner's screens rendered in jsdom against the real server app (in process, on an
 * in-memory PGlite): fetch goes to createApp(...).request with a cookie jar, so every
 * screen is shown real answers, errors included. Charts need a canvas, which jsdom has not:
 * they are left out here and drawn in the Chromium tests.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import { newId } from '../data/new-id.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { maskPhone, type E164Phone } from '../../shared/domain/phone.ts';
import { createApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openMemoryPglite } from '../../server/db/pglite.ts';
import { ensureCafe } from '../../server/cafe/cafes.repo.ts';
import { createOwner } from '../../server/cafe/owners.repo.ts';
import { insertGuests } from '../../server/guests/guests.repo.ts';
import { recordPurchases } from '../../server/purchases/purchases.repo.ts';
import { recordSegmentChanges } from '../../server/segments/segments.repo.ts';
import { setCsrfToken } from './api.ts';
import { newQueryClient, OwnerApp } from './OwnerApp.tsx';
import { useOwnerUi } from './store.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const day = 86_400_000;
let db: Db;
let cookie = '';

/** Three active regulars, two sleeping guests, one newcomer. */
async function seed() {
  const cafe = await ensureCafe(db);
  await createOwner(db, cafe.id, 'owner@cafe.ru', 'пароль-владельца');
  const plan = [
    { phone: '+79161110001', name: 'Анна', days: [1, 3, 5, 7] },
    { phone: '+79161110002', name: 'Борис', days: [2, 4, 6, 8, 9] },
    { phone: '+79161110003', name: 'Вера', days: [1, 2, 3, 10] },
    { phone: '+79161110004', name: 'Глеб', days: [90, 100] },
    { phone: '+79161110005', name: null, days: [80] },
    { phone: '+79161110006', name: 'Дина', days: [2] },
  ];
  const guests = await insertGuests(
    db,
    cafe.id,
    plan.map((p) => ({
      id: newId<GuestId>(),
      phone: p.phone as E164Phone,
      name: p.name,
      registeredAt: new Date(NOW.getTime() - Math.max(...p.days) * day),
      via: 'import',
    })),
  );
  const idOf = new Map(guests.map((g) => [g.phone, g.id]));
  await recordPurchases(
    db,
    cafe.id,
    plan.flatMap((p) =>
      p.days.map((d) => ({
        id: newId<PurchaseId>(),
        guestId: idOf.get(p.phone as E164Phone)!,
        purchasedAt: new Date(NOW.getTime() - d * day),
        amount: 40000 as Kopecks,
        source: 'test',
      })),
    ),
  );
  await db.transaction((tx) => recordSegmentChanges(tx, cafe, NOW));
}

beforeAll(async () => {
  db = await openMemoryPglite();
  await migrate(db);
  await seed();
  const app = createApp({ db, now: () => NOW });
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await app.request(String(input), { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = /Max-Age=0/i.test(set) ? '' : set.split(';')[0]!;
    return res;
  }) as typeof fetch;
  // jsdom has no layout: give the guest list a viewport to fill.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 390 });
}, 60_000);
afterAll(() => db?.close());
afterEach(() => {
  cleanup();
  cookie = '';
  setCsrfToken(null);
});

async function renderOwner(path = '/owner') {
  history.replaceState(null, '', path);
  useOwnerUi.setState({ route: { name: 'segments' }, locale: 'ru' });
  const user = userEvent.setup();
  render(<OwnerApp client={newQueryClient()} />);
  return user;
}

async function logIn(user: ReturnType<typeof userEvent.setup>, password = 'пароль-владельца') {
  await user.type(await screen.findByLabelText('Эл. почта'), 'owner@cafe.ru');
  await user.type(screen.getByLabelText('Пароль'), password);
  await user.click(screen.getByRole('button', { name: 'Войти' }));
}

describe("the owner's screens", () => {
  it('asks for a login, says when it is wrong, then shows every segment with its count', async () => {
    const user = await renderOwner();
    await logIn(user, 'неверный-пароль');
    expect((await screen.findByRole('alert')).textContent).toBe('Неверная почта или пароль');
    await user.clear(screen.getByLabelText('Пароль'));
    await user.type(screen.getByLabelText('Пароль'), 'пароль-владельца');
    await user.click(screen.getByRole('button', { name: 'Войти' }));
    await screen.findByTestId('guests-none');
    const counts = Object.fromEntries(
      ['newcomer', 'active', 'leaving', 'rare', 'sleeping', 'none'].map((id) => [id, Number(screen.getByTestId(`guests-${id}`).textContent)]),
    );
    expect(counts).toEqual({ newcomer: 1, active: 3, leaving: 0, rare: 0, sleeping: 2, none: 0 });
    expect(screen.getByText('Вне сегментов')).toBeTruthy();
    // Revenue over 30 days: the actives' 13 purchases of 400 ₽ and the newcomer's one.
    const active = screen.getByRole('button', { name: /^Активные/ });
    expect(within(active).getByText(/5\s200,00\s₽/)).toBeTruthy();
  });

  it("opens a segment's list on a tap: its guests, phones partly hidden, a CSV link", async () => {
    const user = await renderOwner();
    await logIn(user);
    await user.click(await screen.findByRole('button', { name: /^Спящие/ }));
    await screen.findByRole('heading', { name: 'Спящие' });
    expect(location.pathname).toBe('/owner/segments/sleeping');
    await waitFor(() => expect(screen.getByTestId('list-total').textContent).toBe('2 гостя'));
    const list = screen.getByRole('list', { name: 'Спящие' });
    await waitFor(() =>
      expect(
        within(list)
          .getAllByText(/\+7 916/)
          .map((e) => e.textContent),
      ).toEqual([maskPhone('+79161110005' as E164Phone), maskPhone('+79161110004' as E164Phone)]),
    );
    expect(within(list).queryByText('+79161110004')).toBeNull();
    // Visits agree in number; spend in whole rubles and the last visit in the café's zone fit a phone's row.
    const text = (sel: string) =>
      within(list)
        .getAllByRole('listitem')
        .map((r) => r.querySelector(sel)!.textContent!.replace(/\s/g, ' '));
    expect(text('.guest-facts')).toEqual(['1 визит · 400 ₽', '2 визита · 800 ₽']);
    expect(text('.guest-last')).toEqual(['03.09.2026, 12:00', '24.08.2026, 12:00']);
    expect(screen.getByRole('link', { name: 'Скачать CSV' }).getAttribute('href')).toBe('/api/segments/sleeping/export.csv');
    await user.type(screen.getByLabelText('Поиск по имени или цифрам телефона'), 'Глеб');
    await waitFor(() => expect(screen.getByTestId('list-total').textContent).toBe('1 гость'));
  });

  it('switches to English with one tap', async () => {
    const user = await renderOwner();
    await logIn(user);
    await screen.findByRole('heading', { name: 'Сегменты сегодня' });
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'Segments today' })).toBeTruthy();
    expect(screen.getByText('Outside segments')).toBeTruthy();
  });

  it('previews what a threshold change would do, and saves it', async () => {
    const user = await renderOwner('/owner/settings');
    useOwnerUi.setState({ route: { name: 'settings' } });
    await logIn(user);
    await screen.findByRole('heading', { name: 'Настройки кофейни' });
    await waitFor(() => expect(screen.getByTestId('preview-moved').textContent).toBe('Ни один гость не сменит сегмент'));
    // Active from 5 purchases instead of 4: Анна and Вера (4 each) drop out of it.
    const threshold = screen.getAllByLabelText('покупок ≥')[0]!;
    await user.clear(threshold);
    await user.type(threshold, '5');
    await waitFor(() => expect(screen.getByTestId('preview-moved').textContent).toBe('2 из 6 гостей сменят сегмент'), { timeout: 5000 });
    expect(screen.getByText('Активные → Вне сегментов: 2')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Сохранить' }));
    expect(await screen.findByText('Сохранено. Сегмент сменили 2 гостя.')).toBeTruthy();
  });

  it('shows a pairing code for a new tablet', async () => {
    const user = await renderOwner('/owner/devices');
    useOwnerUi.setState({ route: { name: 'devices' } });
    await logIn(user);
    await user.click(await screen.findByRole('button', { name: 'Подключить планшет' }));
    expect((await screen.findByTestId('pairing-code')).textContent).toMatch(/^\d{4} \d{4}$/);
    expect(screen.getByText('Планшетов пока нет')).toBeTruthy();
  });
});
