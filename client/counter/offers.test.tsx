// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { Promotion, PromotionId } from '../../shared/promotions/promotion.ts';
import { PRESETS } from '../../shared/segments/presets.ts';
import { registerGuest } from '../data/guests.ts';
import { storePromotions } from '../data/offers.ts';
import { useCounterUi } from './store.ts';
import { renderCounter } from './test-utils.tsx';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

type Ui = Awaited<ReturnType<typeof renderCounter>>;

const promotion = (over: Partial<Promotion>): Promotion => ({
  id: crypto.randomUUID() as PromotionId,
  status: 'active',
  name: 'Утро',
  audience: [],
  weekdays: [],
  window: null,
  starts: null,
  ends: null,
  benefit: { kind: 'percent', percent: 20 },
  minCheck: null,
  limit: 'none',
  ...over,
});

/** A newly registered guest (a newcomer) with these promotions on the tablet, their card open. */
async function openAnna(ui: Ui, ...promotions: Promotion[]) {
  await storePromotions(ui.db, promotions);
  const guest = await registerGuest(ui.db, { phone: '+79123456789', name: 'Анна', birthday: '', consent: true }, new Date());
  useCounterUi.setState({ screen: { name: 'guest', guestId: guest.id } });
  await screen.findByRole('heading', { name: 'Анна' });
  return guest;
}

const nbsp = (s: string) => s.replace(/ /g, '\u00a0');

describe('offers on the guest card', () => {
  it('lists the offers that apply now with their benefit, and never the segment they aim at', async () => {
    const ui = await renderCounter();
    await openAnna(
      ui,
      promotion({ name: 'Добро пожаловать', audience: ['newcomer'], benefit: { kind: 'rubles', amount: 150_00 as Kopecks } }),
      promotion({ name: 'Для своих', audience: ['active'] }),
      promotion({ name: 'Маффин', benefit: { kind: 'gift', text: 'Маффин к кофе' }, minCheck: 300_00 as Kopecks }),
      promotion({ name: 'Двойные баллы', benefit: { kind: 'points-x', multiplier: 1.5 } }),
    );
    const list = await screen.findByTestId('offers');
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(3));
    expect(within(list).getByRole('button', { name: 'Применить «Добро пожаловать»' }).textContent).toBe(`Добро пожаловать ${nbsp('−150,00 ₽')}`);
    expect(within(list).getByRole('button', { name: 'Применить «Маффин»' }).textContent).toContain('в подарок: Маффин к кофе');
    expect(within(list).getByRole('button', { name: 'Применить «Маффин»' }).textContent).toContain(`при чеке от ${nbsp('300,00 ₽')}`);
    expect(within(list).getByRole('button', { name: 'Применить «Двойные баллы»' }).textContent).toContain('баллы ×1,5');
    expect(screen.queryByText('Для своих')).toBeNull();
    const names = PRESETS.flatMap((r) => r.segments.flatMap((s) => [s.name.ru, s.name.en]));
    for (const name of names) expect(document.body.textContent).not.toContain(name);
  });

  it('says there are none when nothing applies', async () => {
    const ui = await renderCounter();
    await openAnna(ui, promotion({ status: 'paused' }));
    expect(await screen.findByText('Нет предложений')).toBeTruthy();
  });

  it('speaks English too', async () => {
    const ui = await renderCounter();
    useCounterUi.setState({ locale: 'en' });
    await openAnna(ui, promotion({ name: 'Morning', benefit: { kind: 'gift', text: 'A muffin' } }));
    expect((await screen.findByRole('button', { name: 'Apply “Morning”' })).textContent).toBe('Morning free: A muffin');
  });
});

describe('a purchase with a tapped offer', () => {
  it('shows the discount and to pay, and records the promotion and its discount', async () => {
    const ui = await renderCounter();
    const p = promotion({ benefit: { kind: 'percent', percent: 20 } });
    const guest = await openAnna(ui, p);
    await ui.user.click(await screen.findByRole('button', { name: 'Применить «Утро»' }));
    expect((await screen.findByTestId('applied-offer')).textContent).toContain('Утро');
    await ui.user.type(screen.getByLabelText('Сумма, ₽'), '350');
    expect(screen.getByTestId('discount').textContent).toBe(nbsp('−70,00 ₽'));
    expect(screen.getByTestId('to-pay').textContent).toBe(nbsp('280,00 ₽'));
    await ui.user.click(screen.getByRole('button', { name: 'Провести' }));
    await screen.findByRole('heading', { name: 'Анна' });
    const [purchase] = await ui.db.purchases.where('guestId').equals(guest.id).toArray();
    expect(purchase).toMatchObject({ promotionId: p.id, discount: 70_00, pointsAccrued: 14 });
    const record = (await ui.db.outbox.toArray()).find((o) => o.mutation.kind === 'purchase.record');
    expect(record!.mutation).toMatchObject({ promotionId: p.id, discount: 70_00 });
  });

  it('counts the points on what is left after the discount: amount − discount − points', async () => {
    const ui = await renderCounter();
    await openAnna(ui, promotion({ benefit: { kind: 'rubles', amount: 100_00 as Kopecks } }));
    await ui.user.click(await screen.findByRole('button', { name: 'Применить «Утро»' }));
    await ui.user.type(screen.getByLabelText('Сумма, ₽'), '300');
    await ui.user.click(screen.getByLabelText('Все доступные (60 баллов)'));
    expect(screen.getByTestId('to-pay').textContent).toBe(nbsp('140,00 ₽'));
  });

  it('takes the offer off with one tap: nothing off, no promotion recorded', async () => {
    const ui = await renderCounter();
    const guest = await openAnna(ui, promotion({}));
    await ui.user.click(await screen.findByRole('button', { name: 'Применить «Утро»' }));
    await ui.user.click(await screen.findByRole('button', { name: 'Убрать предложение' }));
    await ui.user.type(screen.getByLabelText('Сумма, ₽'), '350');
    expect(screen.queryByTestId('discount')).toBeNull();
    expect(screen.getByTestId('to-pay').textContent).toBe(nbsp('350,00 ₽'));
    await ui.user.click(screen.getByRole('button', { name: 'Провести' }));
    await screen.findByRole('heading', { name: 'Анна' });
    expect((await ui.db.purchases.where('guestId').equals(guest.id).toArray())[0]).toMatchObject({ promotionId: null, discount: 0 });
  });

  it('shows the gift to hand over, takes nothing off', async () => {
    const ui = await renderCounter();
    await openAnna(ui, promotion({ name: 'Маффин', benefit: { kind: 'gift', text: 'Маффин к кофе' } }));
    await ui.user.click(await screen.findByRole('button', { name: 'Применить «Маффин»' }));
    expect(await screen.findByText('Выдать в подарок: Маффин к кофе')).toBeTruthy();
    await ui.user.type(screen.getByLabelText('Сумма, ₽'), '200');
    expect(screen.queryByTestId('discount')).toBeNull();
    expect(screen.getByTestId('to-pay').textContent).toBe(nbsp('200,00 ₽'));
  });

  it('refuses a check below the offer’s minimum beside the offer, storing nothing', async () => {
    const ui = await renderCounter();
    await openAnna(ui, promotion({ minCheck: 500_00 as Kopecks }));
    await ui.user.click(await screen.findByRole('button', { name: 'Применить «Утро»' }));
    await ui.user.type(screen.getByLabelText('Сумма, ₽'), '400');
    await ui.user.click(screen.getByRole('button', { name: 'Провести' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Чек меньше, чем нужно для этого предложения');
    expect(await ui.db.purchases.count()).toBe(0);
  });

  it('no longer lists a once-only offer after this tablet used it', async () => {
    const ui = await renderCounter();
    await openAnna(ui, promotion({ limit: 'once' }));
    await ui.user.click(await screen.findByRole('button', { name: 'Применить «Утро»' }));
    await ui.user.type(screen.getByLabelText('Сумма, ₽'), '100');
    await ui.user.click(screen.getByRole('button', { name: 'Провести' }));
    expect(await screen.findByText('Нет предложений')).toBeTruthy();
  });
});
