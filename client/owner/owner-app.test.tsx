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
      // Глеб said yes to messages when he was imported.
      consent: { granted: p.name === 'Глеб', at: new Date(NOW.getTime() - 100 * day) },
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
    expect(screen.getByRole('button', { name: /^Вне сегментов/ })).toBeTruthy();
    // The bars beside the cards: one per segment, in the cards' order, with the same counts.
    const bars = screen.getByRole('img', { name: 'Гостей в сегментах' });
    expect([...bars.querySelectorAll('.segment-bar')].map((b) => b.textContent)).toEqual([
      'Новички1',
      'Активные3',
      'Уходящие0',
      'Редкие гости0',
      'Спящие2',
      'Вне сегментов0',
    ]);
    // Revenue over 30 days: the actives' 13 purchases of 400 ₽ and the newcomer's one.
    const active = screen.getByRole('button', { name: /^Активные/ });
    expect(within(active).getByText(/^5\s200\s₽$/)).toBeTruthy();
  });

  it('says per segment who is in it and what changed this week; no purchase, no average check', async () => {
    const user = await renderOwner();
    await logIn(user);
    const active = await screen.findByRole('button', { name: /^Активные/ });
    // Both lines are there as soon as the card is: a line added later would push the cards below down.
    expect(within(active).getByText('были в последние 14 дней, 4+ покупки')).toBeTruthy();
    // Every guest was sorted into a segment for the first time today: 3 came into "active".
    expect(within(active).getByTestId('week-active').textContent!.replace(/\s/g, ' ')).toBe('За неделю: +3 (пришли 3, ушли 0)');
    const leaving = screen.getByRole('button', { name: /^Уходящие/ });
    expect(within(leaving).getByText('—')).toBeTruthy();
    expect(within(leaving).getByTestId('week-leaving').textContent!.replace(/\s/g, ' ')).toBe('За неделю: ±0 (пришли 0, ушли 0)');
    // A tablet is not paired yet: said once, with the way to do it.
    expect(screen.getByText(/Планшет на стойке не подключён/)).toBeTruthy();
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
    // The year is left out within the current one.
    expect(text('.guest-last')).toEqual([expect.stringMatching(/^03\.09(\.2026)?, 12:00$/), expect.stringMatching(/^24\.08(\.2026)?, 12:00$/)]);
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
    expect(screen.getByRole('button', { name: /^Outside segments/ })).toBeTruthy();
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

  it('sets how long a tablet may void a sale, and the café keeps it', async () => {
    const user = await renderOwner('/owner/settings');
    useOwnerUi.setState({ route: { name: 'settings' } });
    await logIn(user);
    const window = (await screen.findByLabelText('Аннулировать покупку на планшете можно')) as HTMLSelectElement;
    expect(window.selectedOptions[0]!.textContent).toBe('только в день покупки (до полуночи)');
    await user.selectOptions(window, 'в день покупки и ещё 2 дня');
    await user.click(screen.getByRole('button', { name: 'Сохранить' }));
    await screen.findByText(/^Сохранено\./);
    expect(((await (await fetch('/api/settings')).json()) as { voidWindowDays: number }).voidWindowDays).toBe(2);
    await waitFor(() => expect((screen.getByLabelText('Аннулировать покупку на планшете можно') as HTMLSelectElement).value).toBe('2'));
  });

  it("opens a guest's profile from the list; edits, withdraws consent and deletes them on request", async () => {
    window.confirm = () => true;
    const user = await renderOwner();
    await logIn(user);
    await user.click(await screen.findByRole('button', { name: /^Спящие/ }));
    await user.click(await screen.findByRole('link', { name: /Глеб/ }));
    await screen.findByRole('heading', { name: 'Глеб', level: 1 });
    expect(location.pathname).toMatch(/^\/owner\/guests\/[\w-]+$/);
    expect(screen.getByRole('link', { name: '+7 916 111-00-04' }).getAttribute('href')).toBe('tel:+79161110004');
    expect(screen.getByTestId('guest-segment').textContent).toBe('Сегмент сегодня: Спящие');
    expect(screen.getByTestId('guest-visits').textContent).toBe('2');
    expect(screen.getAllByTestId('profile-purchase').map((li) => li.textContent!.replace(/\s/g, ' '))).toEqual([
      '24 авг. 2026 г., 12:00400,00 ₽из импорта',
      '14 авг. 2026 г., 12:00400,00 ₽из импорта',
    ]);
    expect(screen.getByRole('link', { name: 'Скачать данные (JSON)' }).getAttribute('href')).toMatch(/^\/api\/guests\/[\w-]+\/export\.json$/);

    await user.click(screen.getByRole('button', { name: 'Изменить' }));
    const name = screen.getByLabelText('Имя');
    await user.clear(name);
    await user.type(name, 'Глеб Иванов');
    await user.type(screen.getByLabelText('День рождения'), '2099-01-01');
    await user.click(screen.getByRole('button', { name: 'Сохранить' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Дата рождения — настоящая дата, не в будущем');
    await user.clear(screen.getByLabelText('День рождения'));
    await user.click(screen.getByRole('button', { name: 'Сохранить' }));
    await screen.findByRole('heading', { name: 'Глеб Иванов', level: 1 });

    expect(screen.getByTestId('consent-state').textContent).toMatch(/^дано/);
    await user.click(screen.getByRole('button', { name: 'Отозвать согласие' }));
    await waitFor(() => expect(screen.getByTestId('consent-state').textContent).toMatch(/^не дано/));
    expect(screen.getByText('владелец в кабинете', { exact: false })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Удалить по просьбе гостя' }));
    await screen.findByRole('heading', { name: 'Гость удалён по его просьбе', level: 1 });
    expect(screen.queryByRole('link', { name: /\+7 916/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Изменить' })).toBeNull();
    // Still in the segment, anonymous.
    await user.click(screen.getByRole('button', { name: /Назад/ }));
    await waitFor(() => expect(screen.getByRole('link', { name: /Гость удалён/ })).toBeTruthy());
  });

  it('opens the guests behind a movement, and a guest from there', async () => {
    const user = await renderOwner('/owner/movements');
    useOwnerUi.setState({ route: { name: 'movements' } });
    await logIn(user);
    const moves = await screen.findByRole('list', { name: 'Переходы между сегментами' });
    // The biggest move first.
    await waitFor(() => expect(within(moves).getAllByRole('link')[0]!.textContent!.replace(/\s/g, ' ')).toBe('Новые гости→ Активные3'));
    await user.click(within(moves).getAllByRole('link')[0]!);
    await screen.findByRole('heading', { name: '«Новые гости» → «Активные»' });
    expect(location.pathname).toBe('/owner/movements/7/new/active');
    expect(screen.getByTestId('moved-total').textContent).toBe('за 7 дней перешли: 3 гостя');
    await user.click(screen.getByRole('link', { name: /Анна/ }));
    await screen.findByRole('heading', { name: 'Анна', level: 1 });
  });

  it('says in its own words why a value is not taken, and the header takes a new café name', async () => {
    const user = await renderOwner('/owner/settings');
    useOwnerUi.setState({ route: { name: 'settings' } });
    await logIn(user);
    await screen.findByRole('heading', { name: 'Настройки кофейни' });
    const threshold = (await screen.findAllByLabelText('покупок ≥'))[0]!;
    await user.clear(threshold);
    await user.type(threshold, '-5');
    expect(screen.getByText('Не меньше 0 — значение не принято')).toBeTruthy();
    expect(threshold.getAttribute('aria-invalid')).toBe('true');

    await user.type(screen.getByLabelText('Текущий пароль'), 'пароль-владельца');
    await user.type(screen.getByLabelText('Новый пароль (от 8 символов)'), 'short');
    await user.click(screen.getByRole('button', { name: 'Сменить пароль' }));
    expect(await screen.findByText('Пароль — не короче 8 символов')).toBeTruthy();
    expect(screen.queryByText(/at least 8 characters/)).toBeNull();

    const name = screen.getByLabelText('Название');
    await user.clear(name);
    await user.type(name, 'Кофейня на Садовой');
    await user.clear(threshold);
    await user.type(threshold, '4');
    await user.click(screen.getByRole('button', { name: 'Сохранить' }));
    const saved = await screen.findByText(/^Сохранено\./);
    // Beside the button that saved.
    expect(saved.parentElement!.querySelector('button[type="submit"]')).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('banner').textContent).toMatch(/^Кофейня на Садовой/));
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
