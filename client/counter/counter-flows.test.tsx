// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '@testing-library/react';
import { DEFAULT_RULES, PRESETS } from '../../shared/segments/presets.ts';
import { NONE_NAME } from '../../shared/segments/rules.ts';
import { guestSegment } from '../data/guest-segment.ts';
import { registerGuest } from '../data/guests.ts';
import { recordPurchase } from '../data/purchases.ts';
import { renderCounter } from './test-utils.tsx';

afterEach(cleanup);

async function registerAnna(ui: Awaited<ReturnType<typeof renderCounter>>) {
  await ui.user.type(screen.getByLabelText('Телефон гостя'), '8 912 345-67-89');
  await ui.user.click(screen.getByRole('button', { name: 'Новый гость' }));
  expect(screen.getByLabelText('Телефон')).toHaveProperty('value', '8 912 345-67-89');
  await ui.user.type(screen.getByLabelText('Имя'), 'Анна');
  await ui.user.click(screen.getByRole('button', { name: 'Зарегистрировать' }));
  await screen.findByRole('heading', { name: 'Анна' });
}

describe('counter flows', () => {
  it('registers a guest in one screen, consent unchecked by default', async () => {
    const ui = await renderCounter();
    await ui.user.click(screen.getByRole('button', { name: 'Новый гость' }));
    expect(screen.getByLabelText('Согласен получать сообщения')).toHaveProperty('checked', false);
    await ui.user.click(screen.getByRole('button', { name: 'Отмена' }));
    await registerAnna(ui);
    expect(screen.getByText('+7 912 345-67-89')).toBeTruthy();
    const [guest] = await ui.db.guests.toArray();
    expect(guest).toMatchObject({ phone: '+79123456789', name: 'Анна', consent: { granted: false } });
  });

  it('shows what is wrong beside the field and stores nothing', async () => {
    const ui = await renderCounter();
    await ui.user.click(screen.getByRole('button', { name: 'Новый гость' }));
    await ui.user.type(screen.getByLabelText('Телефон'), '+7 495 123 45 67');
    await ui.user.type(screen.getByLabelText('День рождения'), '2099-01-01');
    await ui.user.click(screen.getByRole('button', { name: 'Зарегистрировать' }));
    expect((await screen.findByLabelText('Телефон')).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Это не российский мобильный номер')).toBeTruthy();
    expect(screen.getByText('Дата рождения в будущем')).toBeTruthy();
    expect(await ui.db.guests.count()).toBe(0);
  });

  it('finds a guest by the last four digits as you type', async () => {
    const ui = await renderCounter();
    await registerGuest(ui.db, { phone: '+79261116789', name: 'Борис', birthday: '', consent: true }, new Date());
    await ui.user.type(screen.getByLabelText('Телефон гостя'), '6789');
    await ui.user.click(await screen.findByRole('button', { name: /\+7 926 111-67-89.*Борис/ }));
    await screen.findByRole('heading', { name: 'Борис' });
  });

  it('records a purchase from the keypad with items, in two taps after the amount', async () => {
    const ui = await renderCounter();
    await registerAnna(ui);
    await ui.user.click(screen.getByRole('button', { name: 'Покупка' }));
    for (const k of ['3', '5', '0', ',', '5']) await ui.user.click(within(screen.getByRole('group', { name: 'Цифры' })).getByRole('button', { name: k }));
    expect(screen.getByLabelText('Сумма, ₽')).toHaveProperty('value', '350,5');
    await ui.user.click(screen.getByRole('button', { name: 'Латте' }));
    await ui.user.click(screen.getByRole('button', { name: 'Латте' }));
    await ui.user.click(screen.getByRole('button', { name: 'Провести' }));
    await screen.findByText('Покупка проведена');
    const history = screen.getByRole('list', { name: 'Покупки' });
    expect(within(history).getByText(/350,50/)).toBeTruthy();
    expect(within(history).getByText('Латте ×2')).toBeTruthy();
    expect(screen.getByText('Визитов').nextElementSibling?.textContent).toBe('1');
    expect(screen.getByTestId('pending-count').textContent).toBe('2');
  });

  it.each([
    ['', 'Введите сумму'],
    ['0', 'Сумма не может быть нулевой'],
    ['abc', 'Сумма — это число рублей'],
    ['60000', 'Слишком большая сумма'],
  ])('refuses the amount %j with "%s" and records nothing', async (amount, message) => {
    const ui = await renderCounter();
    await registerAnna(ui);
    await ui.user.click(screen.getByRole('button', { name: 'Покупка' }));
    if (amount) await ui.user.type(screen.getByLabelText('Сумма, ₽'), amount);
    await ui.user.click(screen.getByRole('button', { name: 'Провести' }));
    expect(await screen.findByText(message)).toBeTruthy();
    expect(await ui.db.purchases.count()).toBe(0);
  });

  it('voids a mistaken purchase after confirmation with a reason', async () => {
    const ui = await renderCounter();
    await registerAnna(ui);
    const [guest] = await ui.db.guests.toArray();
    await recordPurchase(ui.db, { guestId: guest!.id, amount: '500', items: [] }, new Date());
    await ui.user.click(await screen.findByRole('button', { name: /^Отменить 500,00/ }));
    const dialog = screen.getByRole('dialog');
    await ui.user.click(within(dialog).getByRole('button', { name: 'Да, отменить' }));
    expect(within(dialog).getByText('Укажите причину')).toBeTruthy();
    await ui.user.type(within(dialog).getByLabelText('Причина отмены'), 'не тот гость');
    await ui.user.click(within(dialog).getByRole('button', { name: 'Да, отменить' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('отменена: не тот гость')).toBeTruthy();
    expect(screen.getByText('Визитов').nextElementSibling?.textContent).toBe('0');
  });

  it('unsubscribes a guest at the counter', async () => {
    const ui = await renderCounter();
    const guest = await registerGuest(ui.db, { phone: '+79031112233', name: 'Вера', birthday: '', consent: true }, new Date());
    await ui.user.type(screen.getByLabelText('Телефон гостя'), '9031112233');
    await ui.user.click(await screen.findByRole('button', { name: /Вера/ }));
    await ui.user.click(await screen.findByRole('button', { name: 'Изменить' }));
    await ui.user.click(await screen.findByLabelText('Согласен получать сообщения'));
    await ui.user.click(screen.getByRole('button', { name: 'Сохранить' }));
    await screen.findByText('Сохранено');
    expect((await ui.db.guests.get(guest.id))!.consent.granted).toBe(false);
  });

  it("lists the shift's purchases", async () => {
    const ui = await renderCounter();
    const guest = await registerGuest(ui.db, { phone: '+79031112233', name: 'Вера', birthday: '', consent: true }, new Date());
    await recordPurchase(ui.db, { guestId: guest.id, amount: '270', items: [] }, new Date());
    await ui.user.click(screen.getByRole('button', { name: 'Покупки смены' }));
    const list = await screen.findByRole('list', { name: 'Покупки смены' });
    await within(list).findByText(/270,00/);
    expect(within(list).getByRole('button', { name: 'Вера' })).toBeTruthy();
  });

  it('switches to English', async () => {
    const ui = await renderCounter();
    await ui.user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByLabelText("Guest's phone")).toBeTruthy();
    expect(screen.getByRole('button', { name: 'New guest' })).toBeTruthy();
  });
});

describe('what the barista never sees', () => {
  // The café's rule set names, both languages, and every preset's segment ids as words.
  const labels = DEFAULT_RULES.segments.flatMap((s) => [s.name.ru, s.name.en]).concat(NONE_NAME.ru, NONE_NAME.en);
  const ids = new RegExp(
    `\\b(${PRESETS.flatMap((r) => r.segments.map((s) => s.id))
      .concat('none')
      .join('|')})\\b`,
  );

  it('no segment name or id on any counter screen, in either language', async () => {
    const ui = await renderCounter();
    const seen: string[] = [];
    const look = () => seen.push(document.body.textContent ?? '');
    const guest = await registerGuest(ui.db, { phone: '+79031112233', name: 'Вера', birthday: '', consent: true }, new Date());
    for (let i = 0; i < 5; i++) await recordPurchase(ui.db, { guestId: guest.id, amount: '300', items: [] }, new Date());
    expect(await guestSegment(ui.db, guest.id, new Date())).toBe('active'); // computed, just never shown
    for (const locale of ['Русский', 'English']) {
      look();
      await ui.user.type(screen.getByRole('textbox'), '9031112233');
      await ui.user.click(await screen.findByRole('button', { name: /Вера/ }));
      await screen.findByRole('heading', { name: 'Вера' });
      look();
      await ui.user.click(screen.getAllByRole('button').find((b) => /^(Покупка|Purchase)$/.test(b.textContent ?? ''))!);
      look();
      await ui.user.click(screen.getAllByRole('button').find((b) => /^(Отмена|Cancel)$/.test(b.textContent ?? ''))!);
      await ui.user.click(await screen.findByRole('button', { name: /^(Изменить|Edit)$/ }));
      const cancelEdit = await screen.findByRole('button', { name: /^(Отмена|Cancel)$/ });
      look();
      await ui.user.click(cancelEdit);
      await ui.user.click(await screen.findByRole('button', { name: /^(Назад|Back)$/ }));
      await ui.user.click(screen.getByRole('button', { name: /^(Покупки смены|Shift's purchases)$/ }));
      look();
      await ui.user.click(screen.getByRole('button', { name: /^(Назад|Back)$/ }));
      await ui.user.click(screen.getByRole('button', { name: /^(Новый гость|New guest)$/ }));
      look();
      await ui.user.click(screen.getByRole('button', { name: /^(Отмена|Cancel)$/ }));
      if (locale === 'Русский') await ui.user.click(screen.getByRole('button', { name: 'English' }));
    }
    expect(seen).toHaveLength(12);
    for (const text of seen) {
      for (const label of labels) expect(text.includes(label), `"${label}" shown`).toBe(false);
      expect(text).not.toMatch(ids);
    }
  });

  it('every input has a label', async () => {
    const ui = await renderCounter();
    await ui.user.click(screen.getByRole('button', { name: 'Новый гость' }));
    const inputs = [...document.querySelectorAll('input')];
    expect(inputs.length).toBeGreaterThan(3);
    for (const input of inputs) expect(input.labels?.length, input.outerHTML).toBeGreaterThan(0);
  });
});
