// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BasisPoints } from '../../shared/loyalty/basis-points.ts';
import { DEFAULT_PROGRAM, type LoyaltyProgram } from '../../shared/loyalty/program.ts';
import { PRESETS } from '../../shared/segments/presets.ts';
import { NONE_NAME } from '../../shared/segments/rules.ts';
import { registerGuest } from '../data/guests.ts';
import { recordPurchase } from '../data/purchases.ts';
import { useCounterUi } from './store.ts';
import { renderCounter } from './test-utils.tsx';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

type Ui = Awaited<ReturnType<typeof renderCounter>>;

async function openAnna(ui: Ui, program: Partial<LoyaltyProgram> = {}) {
  await ui.db.settings.put({ key: 'program', value: { ...DEFAULT_PROGRAM, ...program } });
  const guest = await registerGuest(ui.db, { phone: '+79123456789', name: 'Анна', birthday: '', consent: true }, new Date());
  useCounterUi.setState({ screen: { name: 'guest', guestId: guest.id } });
  await screen.findByRole('heading', { name: 'Анна' });
  return guest;
}

const balanceShown = () => screen.getByTestId('balance').textContent;

async function startPurchase(ui: Ui, amount: string) {
  await ui.user.click(screen.getByRole('button', { name: 'Покупка' }));
  await ui.user.type(screen.getByLabelText('Сумма, ₽'), amount);
}

describe('points on the guest card', () => {
  it('shows the balance with the welcome bonus, and never a segment name', async () => {
    const ui = await renderCounter();
    await openAnna(ui);
    await waitFor(() => expect(balanceShown()).toBe('100 баллов'));
    const names = PRESETS.flatMap((r) => r.segments.flatMap((s) => [s.name.ru, s.name.en])).concat(NONE_NAME.ru, NONE_NAME.en);
    for (const name of names) expect(document.body.textContent).not.toContain(name);
  });

  it('shows the nearest reward and how far it is, and the tier when the programme has them', async () => {
    const ui = await renderCounter();
    await openAnna(ui, {
      rewards: [
        { id: 'coffee', name: 'Кофе', price: 90 },
        { id: 'dessert', name: 'Десерт', price: 140 },
      ],
      tiers: [
        { id: 'silver', name: 'Серебро', minSpend: 0 as never, accrualRate: 500 as BasisPoints },
        { id: 'gold', name: 'Золото', minSpend: 10_000_00 as never, accrualRate: 1000 as BasisPoints },
      ],
    });
    expect(await screen.findByText('ещё 40 баллов до «Десерт»')).toBeTruthy();
    expect(screen.getByText('Уровень').nextElementSibling?.textContent).toBe('Серебро');
  });

  it('says nothing of rewards or tiers when the programme has none', async () => {
    const ui = await renderCounter();
    await openAnna(ui);
    await waitFor(() => expect(balanceShown()).toBe('100 баллов'));
    expect(screen.queryByText('Уровень')).toBeNull();
    expect(screen.queryByText(/^ещё .* до/)).toBeNull();
  });
});

describe('spending points on a purchase', () => {
  it('shows the allowed maximum and what is left to pay, spends all allowed and says the points earned', async () => {
    const ui = await renderCounter();
    await openAnna(ui);
    await startPurchase(ui, '200');
    // 30 % of 200 ₽ is 60, under the balance of 100.
    expect(await screen.findByText('можно списать до 60 баллов')).toBeTruthy();
    expect(screen.getByTestId('to-pay').textContent).toBe('200,00\u00a0₽');
    await ui.user.click(screen.getByLabelText('Все доступные (60 баллов)'));
    expect(screen.getByTestId('to-pay').textContent).toBe('140,00\u00a0₽');
    await ui.user.click(screen.getByRole('button', { name: 'Провести' }));
    await screen.findByText('Покупка проведена');
    // 5 % of the 140 ₽ paid.
    expect(screen.getByTestId('points-earned').textContent).toBe('+7 баллов');
    await waitFor(() => expect(balanceShown()).toBe('47 баллов'));
    expect(await ui.db.purchases.toArray()).toMatchObject([{ amount: 200_00, pointsRedeemed: 60, pointsAccrued: 7 }]);
  });

  it('spends a number typed in, and none by default', async () => {
    const ui = await renderCounter();
    const anna = await openAnna(ui);
    await startPurchase(ui, '500');
    expect(screen.getByLabelText('Не списывать')).toHaveProperty('checked', true);
    await ui.user.type(screen.getByLabelText('Число баллов', { selector: '#points' }), '25');
    expect(screen.getByTestId('to-pay').textContent).toBe('475,00\u00a0₽');
    await ui.user.click(screen.getByRole('button', { name: 'Провести' }));
    await screen.findByText('Покупка проведена');
    expect(screen.getByTestId('points-earned').textContent).toBe('+23 балла');
    expect((await ui.db.purchases.where('guestId').equals(anna.id).first())!.pointsRedeemed).toBe(25);
  });

  it.each([
    ['61', 'Больше, чем можно списать с этого чека'],
    ['-5', 'Число баллов не может быть отрицательным'],
    ['2,5', 'Баллы списываются только целыми'],
    ['abc', 'Баллы — это целое число'],
  ])('refuses %s points with a message beside the field and stores nothing', async (points, message) => {
    const ui = await renderCounter();
    await openAnna(ui);
    await startPurchase(ui, '200');
    const field = screen.getByLabelText('Число баллов', { selector: '#points' });
    await ui.user.type(field, points);
    await ui.user.click(screen.getByRole('button', { name: 'Провести' }));
    const error = await screen.findByText(message);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toContain(error.id);
    expect(await ui.db.purchases.count()).toBe(0);
    expect(await ui.db.outbox.count()).toBe(1);
  });

  it('bounds spending by the balance, not only by the check', async () => {
    const ui = await renderCounter();
    const anna = await openAnna(ui);
    await recordPurchase(ui.db, { guestId: anna.id, amount: '300', items: [], points: '90' }, new Date());
    // Balance 100 − 90 + 10 = 20; 30 % of 1000 ₽ would be 300.
    await startPurchase(ui, '1000');
    expect(await screen.findByText('можно списать до 20 баллов')).toBeTruthy();
    await ui.user.type(screen.getByLabelText('Число баллов', { selector: '#points' }), '21');
    await ui.user.click(screen.getByRole('button', { name: 'Провести' }));
    expect(await screen.findByText('У гостя нет столько баллов')).toBeTruthy();
    expect(await ui.db.purchases.count()).toBe(1);
  });

  it('speaks English too', async () => {
    const ui = await renderCounter();
    await openAnna(ui);
    useCounterUi.setState({ locale: 'en' });
    await waitFor(() => expect(balanceShown()).toBe('100 points'));
    await ui.user.click(screen.getByRole('button', { name: 'Purchase' }));
    await ui.user.type(screen.getByLabelText('Amount, ₽'), '100');
    expect(await screen.findByText('up to 30 points can be spent')).toBeTruthy();
    expect(within(screen.getByRole('group', { name: 'Spend points' })).getByLabelText('All allowed (30 points)')).toBeTruthy();
    expect(screen.getByText('To pay')).toBeTruthy();
  });
});

describe('rewards at the counter', () => {
  it('gives an affordable reward in two taps and takes its price off the balance', async () => {
    const ui = await renderCounter();
    await openAnna(ui, {
      rewards: [
        { id: 'coffee', name: 'Кофе', price: 90 },
        { id: 'cake', name: 'Торт', price: 300 },
      ],
    });
    const panel = await screen.findByRole('region', { name: 'Награды за баллы' });
    // Only what the 100 points pay for is offered.
    expect(within(panel).queryByRole('button', { name: /Торт/ })).toBeNull();
    await ui.user.click(within(panel).getByRole('button', { name: 'Кофе — 90 баллов' }));
    expect((await ui.db.ledger.toArray()).filter((e) => e.kind === 'reward')).toEqual([]);
    await ui.user.click(within(panel).getByRole('button', { name: 'Выдать: Кофе — 90 баллов' }));
    await screen.findByText('Выдано: Кофе');
    await waitFor(() => expect(balanceShown()).toBe('10 баллов'));
    // Nothing more is affordable: the panel is gone.
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Награды за баллы' })).toBeNull());
    expect((await ui.db.outbox.toArray()).map((o) => o.mutation.kind)).toEqual(['guest.register', 'loyalty.reward']);
  });
});
