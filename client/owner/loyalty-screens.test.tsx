// @vitest-environment jsdom
/**
 * The owner's bonus-programme screens in jsdom against the real server app (in process, on an
 * in-memory PGlite): a café where two offline tablets spent one guest's welcome bonus, the
 * report that shows it, the programme form refusing bad input beside the field and saving a
 * reward, and the guest's ledger component.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ensureCafe } from '../../server/cafe/cafes.repo.ts';
import { createOwner } from '../../server/cafe/owners.repo.ts';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openMemoryPglite } from '../../server/db/pglite.ts';
import type { MutationOf } from '../../shared/sync/mutations.ts';
import { envelope, pairTablet, push, register } from '../../tests/support/sync-helpers.ts';
import { newId } from '../data/new-id.ts';
import { setCsrfToken } from './api.ts';
import { GuestLedger } from './GuestLedger.tsx';
import { newQueryClient, OwnerApp } from './OwnerApp.tsx';
import { useOwnerUi } from './store.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
let db: Db;
let cookie = '';
const guest = newId();

const spend = (points: number, when: Date): MutationOf<'purchase.record'> => ({
  kind: 'purchase.record',
  purchaseId: newId(),
  guestId: guest,
  purchasedAt: when.toISOString(),
  amount: 40000,
  items: [],
  discount: 0,
  pointsRedeemed: points,
  redemptionEntryId: newId(),
});

beforeAll(async () => {
  db = await openMemoryPglite();
  await migrate(db);
  const cafe = await ensureCafe(db);
  await createOwner(db, cafe.id, 'owner@cafe.ru', 'пароль-владельца');
  const app = createApp({ db, now: () => NOW });
  const a = await pairTablet(app, db, NOW, 'Стойка');
  const b = await pairTablet(app, db, NOW, 'Веранда');
  await push(app, a, [envelope({ ...register(guest, '+79161110001', at(-60), 'Анна') })]);
  await push(app, a, [envelope(spend(100, at(-30)))]);
  await push(app, b, [envelope(spend(100, at(-29)))]);
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await app.request(String(input), { ...init, headers });
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

async function renderOwner(route: 'loyalty' | 'program') {
  history.replaceState(null, '', route === 'loyalty' ? '/owner/loyalty' : '/owner/loyalty/program');
  useOwnerUi.setState({ route: { name: route }, locale: 'ru' });
  const user = userEvent.setup();
  render(<OwnerApp client={newQueryClient()} />);
  await user.type(await screen.findByLabelText('Эл. почта'), 'owner@cafe.ru');
  await user.type(screen.getByLabelText('Пароль'), 'пароль-владельца');
  await user.click(screen.getByRole('button', { name: 'Войти' }));
  return user;
}

describe('the bonus programme for the owner', () => {
  it('reports points issued, spent, held, the liability, and the overdraft with the guest and both tablets', async () => {
    const user = await renderOwner('loyalty');
    await screen.findByRole('heading', { name: 'Бонусная программа' });
    const figure = async (id: string) => (await screen.findByTestId(`loyalty-${id}`)).textContent!.replace(/\s/g, ' ');
    // Welcome 100, two accruals of 15; 200 spent; the guest owes 70.
    expect(await figure('issued')).toBe('130 баллов');
    expect(await figure('spent')).toBe('200 баллов');
    expect(await figure('outstanding')).toBe('-70 баллов');
    expect(await figure('liability')).toBe('0,00 ₽');
    expect(await figure('overdrawn')).toBe('1 гость · 70 баллов');
    const list = screen.getByRole('list', { name: 'Перерасход баллов' });
    expect(within(list).getByText('Анна')).toBeTruthy();
    expect(within(list).getByText('списано сверх баланса: 85 баллов')).toBeTruthy();
    expect(within(list).getByText('должен ещё 70 баллов')).toBeTruthy();
    expect(within(list).getByText(/Планшеты: Веранда, Стойка/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'Bonus programme' })).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Points overdrawn' })).getByText('still owes 70 points')).toBeTruthy();
  });

  it('refuses bad input beside the field and saves nothing, then saves a reward “Десерт — 150 баллов”', async () => {
    const user = await renderOwner('program');
    await screen.findByRole('heading', { name: 'Настройки бонусной программы' });
    const rate = await screen.findByLabelText('Начисление, % от оплаченного');
    expect((rate as HTMLInputElement).value).toBe('5');
    await user.clear(rate);
    await user.type(rate, '101');
    await user.click(screen.getByRole('button', { name: 'Добавить награду' }));
    await user.type(screen.getByLabelText('Награда'), 'Десерт');
    await user.click(screen.getByRole('button', { name: 'Сохранить' }));
    expect(rate.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Не больше 100 %')).toBeTruthy();
    expect(screen.getByText('Заполните поле')).toBeTruthy();
    expect(await (await fetch('/api/loyalty/program')).json()).toMatchObject({ accrualRate: 500, rewards: [] });

    await user.clear(rate);
    await user.type(rate, '5');
    await user.type(screen.getByLabelText('Цена, баллов'), '150');
    await user.click(screen.getByRole('button', { name: 'Сохранить' }));
    expect(await screen.findByText('Сохранено. Планшеты получат настройки при следующей синхронизации.')).toBeTruthy();
    await waitFor(async () =>
      expect(await (await fetch('/api/loyalty/program')).json()).toMatchObject({ accrualRate: 500, rewards: [{ name: 'Десерт', price: 150 }] }),
    );
  });

  it('shows a tier threshold below the one before beside its field, before asking the server', async () => {
    const user = await renderOwner('program');
    await user.click(await screen.findByRole('button', { name: 'Добавить уровень' }));
    await user.click(screen.getByRole('button', { name: 'Добавить уровень' }));
    const names = screen.getAllByLabelText('Название уровня');
    const spends = screen.getAllByLabelText('От суммы, ₽');
    const rates = screen.getAllByLabelText('Начисление, %');
    for (const [i, [name, minSpend, rate]] of [
      ['Серебро', '10 000', '7'],
      ['Золото', '5 000', '10'],
    ].entries()) {
      await user.type(names[i]!, name!);
      await user.type(spends[i]!, minSpend!);
      await user.type(rates[i]!, rate!);
    }
    await user.click(screen.getByRole('button', { name: 'Сохранить' }));
    expect(spends[1]!.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Порог уровня должен быть выше порога предыдущего')).toBeTruthy();
  });

  it('lists a guest’s entries for the profile, with the tablets and the overdraft', async () => {
    await renderOwner('loyalty');
    await screen.findByRole('heading', { name: 'Бонусная программа' });
    cleanup();
    render(
      <QueryClientProvider client={newQueryClient()}>
        <GuestLedger guestId={guest} timeZone="Europe/Moscow" />
      </QueryClientProvider>,
    );
    expect((await screen.findByTestId('ledger-balance')).textContent!.replace(/\s/g, ' ')).toBe('-70 баллов');
    expect(screen.getByText(/в минусе на 70 баллов/)).toBeTruthy();
    const rows = screen.getAllByRole('listitem').map((li) => li.getAttribute('data-kind'));
    expect(rows).toEqual(['accrual', 'redemption', 'accrual', 'redemption', 'welcome']);
    expect(screen.getAllByText(/Веранда/).length).toBeGreaterThan(0);
  });
});
