// @vitest-environment jsdom
/**
 * The owner's promotions screen in jsdom against the real server app (in process, on an
 * in-memory PGlite): a form that refuses bad input beside each field and stores nothing, a
 * promotion created from a segment's card with that segment chosen, edited, paused and ended, and its
 * report.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { ensureCafe } from '../../../server/cafe/cafes.repo.ts';
import { createOwner } from '../../../server/cafe/owners.repo.ts';
import type { Db } from '../../../server/db/db.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { openMemoryPglite } from '../../../server/db/pglite.ts';
import type { PromotionView } from '../../../shared/api/promotions.ts';
import { setCsrfToken } from '../api.ts';
import { newQueryClient, OwnerApp } from '../OwnerApp.tsx';
import { type OwnerRoute, useOwnerUi } from '../store.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
let db: Db;
let cookie = '';

beforeAll(async () => {
  db = await openMemoryPglite();
  await migrate(db);
  const cafe = await ensureCafe(db);
  await createOwner(db, cafe.id, 'owner@cafe.ru', 'пароль-владельца');
  const app = createApp({ db, now: () => NOW });
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await app.request(String(input), { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = /Max-Age=0/i.test(set) ? '' : set.split(';')[0]!;
    return res;
  }) as typeof fetch;
  globalThis.confirm = () => true;
}, 120_000);
afterAll(() => db?.close());
afterEach(() => {
  cleanup();
  cookie = '';
  setCsrfToken(null);
});

async function renderOwner(route: OwnerRoute, path: string) {
  history.replaceState(null, '', path);
  useOwnerUi.setState({ route, locale: 'ru' });
  const user = userEvent.setup();
  render(<OwnerApp client={newQueryClient()} />);
  await user.type(await screen.findByLabelText('Эл. почта'), 'owner@cafe.ru');
  await user.type(screen.getByLabelText('Пароль'), 'пароль-владельца');
  await user.click(screen.getByRole('button', { name: 'Войти' }));
  return user;
}

const stored = async () => ((await (await fetch('/api/promotions')).json()) as { promotions: PromotionView[] }).promotions;

describe('promotions for the owner', () => {
  it('refuses bad input beside each field and stores nothing', async () => {
    const user = await renderOwner({ name: 'promotions' }, '/owner/promotions');
    await user.click(await screen.findByRole('button', { name: 'Новая акция' }));
    const form = await screen.findByRole('form', { name: 'Новая акция' });
    await user.type(within(form).getByLabelText('Название (его видит бариста)'), 'Спящие');
    await user.type(within(form).getByLabelText('Размер'), '101');
    await user.type(within(form).getByLabelText('С (ЧЧ:ММ)'), '12:00');
    await user.type(within(form).getByLabelText('До (ЧЧ:ММ)'), '10:00');
    await user.click(within(form).getByRole('button', { name: 'Создать акцию' }));
    expect(within(form).getByLabelText('Размер').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByText('Процент — целое число от 1 до 100')).toBeTruthy();
    expect(within(form).getByText('«До» раньше «с» (окно не может переходить через полночь)')).toBeTruthy();
    expect(within(form).getByText('Название сегмента бариста видеть не должен — придумайте другое')).toBeTruthy();
    expect(await stored()).toEqual([]);
  });

  it('creates one from a segment’s card with that segment chosen, edits, pauses and ends it, and shows its report', async () => {
    const user = await renderOwner({ name: 'promotions', segment: 'leaving' }, '/owner/promotions/leaving');
    const form = await screen.findByRole('form', { name: 'Новая акция' });
    expect((within(form).getByLabelText('Уходящие') as HTMLInputElement).checked).toBe(true);
    await user.type(within(form).getByLabelText('Название (его видит бариста)'), 'Капучино −20 %');
    await user.type(within(form).getByLabelText('Размер'), '20');
    await user.type(within(form).getByLabelText('С (ЧЧ:ММ)'), '08:00');
    await user.type(within(form).getByLabelText('До (ЧЧ:ММ)'), '12:00');
    await user.click(within(form).getByRole('button', { name: 'Создать акцию' }));
    await waitFor(async () =>
      expect(await stored()).toMatchObject([
        { name: 'Капучино −20 %', audience: ['leaving'], window: { from: '08:00', to: '12:00' }, benefit: { kind: 'percent', percent: 20 }, status: 'active' },
      ]),
    );
    const item = (await screen.findByText('Капучино −20 %')).closest('li')!;
    await user.click(within(item).getByRole('button', { name: 'Изменить' }));
    const editForm = await within(item).findByRole('form', { name: 'Изменить: Капучино −20 %' });
    expect((within(editForm).getByLabelText('С (ЧЧ:ММ)') as HTMLInputElement).value).toBe('08:00');
    await user.clear(within(editForm).getByLabelText('Размер'));
    await user.type(within(editForm).getByLabelText('Размер'), '25');
    await user.click(within(editForm).getByRole('button', { name: 'Сохранить' }));
    await waitFor(async () => expect((await stored())[0]!.benefit).toEqual({ kind: 'percent', percent: 25 }));
    await user.click(within(item).getByRole('button', { name: 'Пауза' }));
    await waitFor(async () => expect((await stored())[0]!.status).toBe('paused'));
    await user.click(await within(item).findByRole('button', { name: 'Продолжить' }));
    await user.click(await within(item).findByRole('button', { name: 'Завершить' }));
    await waitFor(async () => expect((await stored())[0]!.status).toBe('ended'));
    expect(await within(item).findByText('Завершена')).toBeTruthy();
    await user.click(within(item).getByRole('button', { name: 'Отчёт' }));
    expect(await within(item).findByText('Применена')).toBeTruthy();
    expect(within(item).getByText('Визиты этих гостей: до акции 0, во время 0')).toBeTruthy();
  });

  it('fills the form from a preset of the seed’s mechanics, and back to the segment chosen with «Свой вариант»', async () => {
    // The owner's phone reads the café's today from its own clock: only Date is held at NOW.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    onTestFinished(() => void vi.useRealTimers());
    const user = await renderOwner({ name: 'promotions', segment: 'rare' }, '/owner/promotions/rare');
    const form = await screen.findByRole('form', { name: 'Новая акция' });
    await user.selectOptions(within(form).getByLabelText('Шаблон'), 'Приветственная скидка −10 %');
    expect((within(form).getByLabelText('Название (его видит бариста)') as HTMLInputElement).value).toBe('Приветственная скидка −10 %');
    expect((within(form).getByLabelText('Новички') as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByLabelText('Редкие гости') as HTMLInputElement).checked).toBe(false);
    expect((within(form).getByLabelText('Размер') as HTMLInputElement).value).toBe('10');
    await user.selectOptions(within(form).getByLabelText('Шаблон'), 'Свой вариант');
    expect((within(form).getByLabelText('Название (его видит бариста)') as HTMLInputElement).value).toBe('');
    expect((within(form).getByLabelText('Редкие гости') as HTMLInputElement).checked).toBe(true);
    await user.selectOptions(within(form).getByLabelText('Шаблон'), '2 по цене 1');
    await user.click(within(form).getByRole('button', { name: 'Создать акцию' }));
    // A two-week run from the café's today (NOW is 22 November in Moscow).
    await waitFor(async () =>
      expect((await stored()).find((p) => p.name === '2 по цене 1')).toMatchObject({
        audience: ['sleeping', 'leaving'],
        starts: '2026-11-22',
        ends: '2026-12-05',
        benefit: { kind: 'gift', text: 'Второй такой же напиток в подарок' },
        limit: 'once',
      }),
    );
  });
});
