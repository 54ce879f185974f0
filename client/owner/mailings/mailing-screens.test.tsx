// @vitest-environment jsdom
/**
 * The mailing screens in jsdom against the real server app (in process, in-memory PGlite):
 * from a segment's card to a new mailing, its counts before sending, a refusal beside the
 * text, the mailing queued and listed; and a guest's consent history with the owner's change.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { phones, seedGuests } from '../../../tests/support/mailing-cafe.ts';
import type { GuestId } from '../../../shared/domain/ids.ts';
import { kopecks } from '../../../shared/domain/money.ts';
import type { BasisPoints } from '../../../shared/loyalty/basis-points.ts';
import { DEFAULT_PROGRAM } from '../../../shared/loyalty/program.ts';
import { createApp } from '../../../server/app.ts';
import { ensureCafe } from '../../../server/cafe/cafes.repo.ts';
import { createOwner } from '../../../server/cafe/owners.repo.ts';
import { lockCafe } from '../../../server/db/cafe-lock.ts';
import { creditOpeningBalances } from '../../../server/loyalty/opening.ts';
import { newId } from '../../../server/new-id.ts';
import { createPromotion } from '../../../server/promotions/promotions.repo.ts';
import type { PromotionDraft, PromotionId } from '../../../shared/promotions/promotion.ts';
import { saveProgram } from '../../../server/loyalty/program.repo.ts';
import type { Db } from '../../../server/db/db.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { openMemoryPglite } from '../../../server/db/pglite.ts';
import { setCsrfToken } from '../api.ts';
import { newQueryClient, OwnerApp } from '../OwnerApp.tsx';
import { useOwnerUi } from '../store.ts';
import { ConsentHistory } from './ConsentHistory.tsx';

const NOW = new Date('2026-11-20T09:00:00Z');
let db: Db;
let cookie = '';
let guestIds: GuestId[];

beforeAll(async () => {
  db = await openMemoryPglite();
  await migrate(db);
  const cafe = await ensureCafe(db);
  await createOwner(db, cafe.id, 'owner@cafe.ru', 'пароль-владельца');
  // Ten newcomers, eight of them with marketing consent.
  guestIds = (
    await seedGuests(
      db,
      phones(10, 2000).map((phone, i) => ({ phone, name: `Гость ${i}`, consent: i < 8, registeredAt: new Date('2026-11-19T09:00:00Z') })),
      NOW,
    )
  ).ids;
  const app = createApp({ db, now: () => NOW, mailings: { env: { MESSAGES_LOG: '/dev/null' } } });
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await app.request(String(input), { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = /Max-Age=0/i.test(set) ? '' : set.split(';')[0]!;
    return res;
  }) as typeof fetch;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}, 60_000);
afterAll(() => db?.close());
afterEach(() => {
  cleanup();
  cookie = '';
  setCsrfToken(null);
});

async function logIn(path: string) {
  history.replaceState(null, '', path);
  useOwnerUi.setState({ route: { name: 'segments' }, locale: 'ru' });
  const user = userEvent.setup();
  render(<OwnerApp client={newQueryClient()} />);
  await user.type(await screen.findByLabelText('Эл. почта'), 'owner@cafe.ru');
  await user.type(screen.getByLabelText('Пароль'), 'пароль-владельца');
  await user.click(screen.getByRole('button', { name: 'Войти' }));
  return user;
}

it("opens a new mailing from a segment's card, counts it, refuses an unknown placeholder beside the text, and queues it", async () => {
  const user = await logIn('/owner');
  useOwnerUi.getState().go({ name: 'segment', id: 'newcomer' });
  await user.click(await screen.findByRole('button', { name: 'Написать этому сегменту' }));
  expect(location.pathname).toBe('/owner/mailings/new/newcomer');
  expect(((await screen.findByRole('checkbox', { name: 'Новички' })) as HTMLInputElement).checked).toBe(true);
  await user.type(screen.getByLabelText('Текст'), 'Привет, {{imya}!');
  await user.click(screen.getByRole('button', { name: 'Посчитать получателей' }));
  expect((await screen.findByRole('alert')).textContent).toBe('Проверьте текст: пустой или с неизвестной подстановкой');
  await user.clear(screen.getByLabelText('Текст'));
  await user.type(screen.getByLabelText('Текст'), 'Привет, {{name}!');
  await user.click(screen.getByRole('button', { name: 'Посчитать получателей' }));
  const counts = await screen.findByTestId('audience-counts');
  const count = (label: string) => within(counts).getByText(label).nextSibling?.textContent;
  // 10 in the segment, 2 without consent, 8 eligible, 10 % of 8 = 0.8 → 1 held out, 7 queued.
  expect([count('В сегментах'), count('Без согласия на рассылки'), count('Согласны и доступны'), count('Контрольная группа'), count('Получат')]).toEqual([
    '10',
    '2',
    '8',
    '1',
    '7',
  ]);
  expect(screen.getByText('Привет, Гость 0!')).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Отправить' }));
  expect((await screen.findByRole('status')).textContent).toBe('Рассылка поставлена в очередь');
  const rows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM message_queue WHERE status = 'queued'");
  expect(rows[0]!.n).toBe(7);
  useOwnerUi.getState().go({ name: 'mailings' });
  await waitFor(() => expect(screen.getByText('Привет, {name}!')).toBeTruthy());
});

it('narrows the audience by balance and tier, and says beside the balance field what is wrong with it', async () => {
  await db.transaction(async (tx) => {
    const cafe = await ensureCafe(tx);
    await lockCafe(tx, cafe.id);
    await saveProgram(
      tx,
      cafe.id,
      { ...DEFAULT_PROGRAM, tiers: [{ id: 'silver', name: 'Серебро', minSpend: kopecks(1000_00), accrualRate: 700 as BasisPoints }] },
      NOW,
    );
    // Three of the eight guests with consent have more than 50 points.
    await creditOpeningBalances(
      tx,
      cafe.id,
      guestIds.slice(0, 4).map((guestId, i) => ({ guestId, points: [100, 60, 51, 50][i]! })),
      NOW,
    );
  });
  const user = await logIn('/owner');
  useOwnerUi.getState().go({ name: 'compose', segment: 'newcomer' });
  await user.type(await screen.findByLabelText('Текст'), 'У вас {{balance}');
  const filters = await screen.findByRole('group', { name: 'Дополнительно (необязательно)' });
  await user.type(within(filters).getByLabelText('Баланс больше, баллов'), '1,5');
  await user.click(screen.getByRole('button', { name: 'Посчитать получателей' }));
  expect((await within(filters).findByRole('alert')).textContent).toBe('Баланс — целое число баллов, 0 или больше');
  await user.clear(within(filters).getByLabelText('Баланс больше, баллов'));
  await user.type(within(filters).getByLabelText('Баланс больше, баллов'), '50');
  await user.click(screen.getByRole('button', { name: 'Посчитать получателей' }));
  const counts = await screen.findByTestId('audience-counts');
  const count = (label: string) => within(counts).getByText(label).nextSibling?.textContent;
  await waitFor(() => expect(count('Согласны и доступны')).toBe('3'));
  // Nobody here has paid anything yet, so nobody is in the silver tier.
  await user.click(within(filters).getByRole('checkbox', { name: 'Серебро' }));
  await user.click(screen.getByRole('button', { name: 'Посчитать получателей' }));
  await waitFor(() => expect(count('Согласны и доступны')).toBe('0'));
});

it('turns on a win-back with points, shows how they are sized, and asks a birthday offer for its number of points', async () => {
  const user = await logIn('/owner');
  useOwnerUi.getState().go({ name: 'mailings' });
  await user.click(await screen.findByText('Возврат уходящих'));
  const winBack = screen.getByText('Возврат уходящих').closest('details')!;
  await user.click(within(winBack).getByRole('checkbox', { name: 'Включён' }));
  await user.click(within(winBack).getByRole('checkbox', { name: 'Подарить баллы с сообщением' }));
  expect(within(winBack).getByText(/Баллы по тратам гостя за 90 дней: 100 \(от 0 ₽\), 200 \(от 1\s500 ₽\)/)).toBeTruthy();
  await user.click(within(winBack).getByRole('button', { name: 'Сохранить' }));
  await within(winBack).findByRole('status');
  const [row] = await db.query<{ enabled: boolean; config: { offer?: string } }>("SELECT enabled, config FROM scenarios WHERE id = 'win-back'");
  expect([row!.enabled, row!.config.offer]).toEqual([true, 'points']);
  await user.click(screen.getByText('День рождения'));
  const birthday = screen.getByText('День рождения').closest('details')!;
  await user.click(within(birthday).getByRole('checkbox', { name: 'Подарить баллы с сообщением' }));
  await user.click(within(birthday).getByRole('button', { name: 'Сохранить' }));
  expect((await within(birthday).findByRole('alert')).textContent).toBe('Баллы — целое число от 1 до 100 000');
  await user.type(within(birthday).getByLabelText('Баллов'), '200');
  await user.click(within(birthday).getByRole('button', { name: 'Сохранить' }));
  await within(birthday).findByRole('status');
});

it("shows a guest's consent history and records the owner's withdrawal", async () => {
  const user = await logIn('/owner');
  await screen.findByRole('navigation');
  cleanup();
  // The owner's guest profile (another screen) embeds this component; here it stands alone, logged in.
  render(
    <QueryClientProvider client={newQueryClient()}>
      <ConsentHistory guestId={guestIds[0]!} />
    </QueryClientProvider>,
  );
  expect(await screen.findByText('Дал согласие', { selector: 'strong' })).toBeTruthy();
  expect(screen.getByText(/импорт/)).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Отозвать согласие' }));
  await screen.findByText('Отозвал согласие', { selector: 'strong' });
  expect(screen.getByText(/владелец/)).toBeTruthy();
});

it('attaches a personal promotion to a mailing (only personal ones are offered) and to the win-back', async () => {
  const cafe = await ensureCafe(db);
  const base: Omit<PromotionDraft, 'name' | 'benefit'> = { audience: [], weekdays: [], window: null, starts: null, ends: null, minCheck: null, limit: 'once' };
  const personal = await createPromotion(
    db,
    cafe.id,
    newId<PromotionId>(),
    { ...base, name: 'Возвращайтесь', benefit: { kind: 'percent', percent: 10 }, personal: true },
    NOW,
  );
  await createPromotion(db, cafe.id, newId<PromotionId>(), { ...base, name: 'Для всех', benefit: { kind: 'percent', percent: 5 } }, NOW);
  const user = await logIn('/owner');
  useOwnerUi.getState().go({ name: 'compose', segment: 'newcomer' });
  await user.type(await screen.findByLabelText('Текст'), 'Для вас: {{reward}');
  const offer = screen.getByLabelText('Персональная акция') as HTMLSelectElement;
  await waitFor(() => expect([...offer.options].map((o) => o.textContent)).toEqual(['Без акции', 'Возвращайтесь']));
  await user.selectOptions(offer, 'Возвращайтесь');
  await user.click(screen.getByRole('button', { name: 'Посчитать получателей' }));
  expect(await screen.findByText('Для вас: Возвращайтесь: скидка 10 %')).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Отправить' }));
  await screen.findByText('Рассылка поставлена в очередь');
  const [sent] = await db.query<{ id: string; promotion_id: string; queued: number; granted: number }>(
    `SELECT m.id, m.promotion_id,
            (SELECT count(*)::int FROM message_queue q WHERE q.mailing_id = m.id AND q.status = 'queued') AS queued,
            (SELECT count(*)::int FROM promotion_grants g WHERE g.source = 'mailing:' || m.id::text) AS granted
     FROM mailings m ORDER BY m.created_at DESC, m.id DESC LIMIT 1`,
  );
  expect(sent!.promotion_id).toBe(personal.id);
  expect(sent!.granted).toBe(sent!.queued);
  expect(sent!.queued).toBeGreaterThan(0);

  const again = user;
  useOwnerUi.getState().go({ name: 'mailings' });
  // The earlier test turned the win-back on, so its title reads 'Возврат уходящих · Включён'.
  await again.click(await screen.findByText(/^Возврат уходящих/));
  const winBack = screen.getByText(/^Возврат уходящих/).closest('details')!;
  await again.selectOptions(within(winBack).getByLabelText('Персональная акция'), 'Возвращайтесь');
  expect(within(winBack).getByText(/Скидка акции растёт с тратами гостя за 90 дней/)).toBeTruthy();
  await again.click(within(winBack).getByRole('button', { name: 'Сохранить' }));
  await within(winBack).findByRole('status');
  const [row] = await db.query<{ config: { offer?: string; promotionId?: string } }>("SELECT config FROM scenarios WHERE id = 'win-back'");
  expect([row!.config.offer, row!.config.promotionId]).toEqual(['promotion', personal.id]);
});
