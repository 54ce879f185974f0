// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from '@testing-library/react';
import { DEFAULT_RULES, PRESETS } from '../../shared/segments/presets.ts';
import { NONE_NAME } from '../../shared/segments/rules.ts';
import { guestSegment } from '../data/guest-segment.ts';
import { registerGuest } from '../data/guests.ts';
import { recordPurchase, voidPurchase } from '../data/purchases.ts';
import { renderCounter } from './test-utils.tsx';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

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
    const history = await screen.findByRole('list', { name: 'Покупки' });
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

  it('voids ("Аннулировать") a mistaken purchase after confirmation with a reason, and confirms it', async () => {
    const ui = await renderCounter();
    await registerAnna(ui);
    const [guest] = await ui.db.guests.toArray();
    await recordPurchase(ui.db, { guestId: guest!.id, amount: '500', items: [] }, new Date());
    await ui.user.click(await screen.findByRole('button', { name: /^Аннулировать 500,00/ }));
    const dialog = screen.getByRole('dialog', { name: 'Аннулировать покупку 500,00\u00a0₽?' });
    // Nothing on the card is called "Отменить" beside "Отмена" any more.
    expect(screen.queryByRole('button', { name: /^Отменить/ })).toBeNull();
    await ui.user.click(within(dialog).getByRole('button', { name: 'Да, аннулировать' }));
    expect(within(dialog).getByText('Укажите причину')).toBeTruthy();
    await ui.user.type(within(dialog).getByLabelText('Причина'), 'не тот гость');
    await ui.user.click(within(dialog).getByRole('button', { name: 'Да, аннулировать' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('аннулирована: не тот гость')).toBeTruthy();
    expect(screen.getByText('Покупка аннулирована').getAttribute('role')).toBe('status');
    expect(screen.getByText('Визитов').nextElementSibling?.textContent).toBe('0');
    // The void button is gone with the purchase's void: focus lands on the card's title, not on the page.
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Анна' }));
  });

  it("offers to void only the sales still in the owner's window: yesterday's sale has no button, today's has", async () => {
    const ui = await renderCounter();
    await registerAnna(ui);
    const [guest] = await ui.db.guests.toArray();
    await recordPurchase(ui.db, { guestId: guest!.id, amount: '400', items: [] }, new Date(Date.now() - 2 * 86_400_000));
    await recordPurchase(ui.db, { guestId: guest!.id, amount: '500', items: [] }, new Date());
    await screen.findByRole('button', { name: /^Аннулировать 500,00/ });
    expect(screen.queryByRole('button', { name: /^Аннулировать 400,00/ })).toBeNull();
    await act(() => ui.db.settings.put({ key: 'voidWindowDays', value: 3 }));
    expect(await screen.findByRole('button', { name: /^Аннулировать 400,00/ })).toBeTruthy();
  });

  it('closes the void dialog on Escape, keeps Tab inside it, and gives focus back', async () => {
    const ui = await renderCounter();
    await registerAnna(ui);
    const [guest] = await ui.db.guests.toArray();
    await recordPurchase(ui.db, { guestId: guest!.id, amount: '500', items: [] }, new Date());
    const voidButton = await screen.findByRole('button', { name: /^Аннулировать 500,00/ });
    await ui.user.click(voidButton);
    const dialog = screen.getByRole('dialog');
    const reason = within(dialog).getByLabelText('Причина');
    const cancel = within(dialog).getByRole('button', { name: 'Отмена' });
    expect(document.activeElement).toBe(reason);
    await ui.user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Да, аннулировать' }));
    await ui.user.tab();
    expect(document.activeElement).toBe(cancel);
    await ui.user.tab(); // past the last control: back to the first, never out to the page
    expect(document.activeElement).toBe(reason);
    await ui.user.tab({ shift: true }); // before the first: the last
    expect(document.activeElement).toBe(cancel);
    await ui.user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(voidButton);
    expect((await ui.db.purchases.toArray())[0]!.voided).toBe(null);
  });

  it('heads the purchase with whose it is, and takes an item off the check', async () => {
    const ui = await renderCounter();
    await registerAnna(ui);
    await ui.user.click(screen.getByRole('button', { name: 'Покупка' }));
    await screen.findByRole('heading', { level: 1, name: 'Покупка — Анна' });
    expect(screen.getByText('+7 912 345-67-89')).toBeTruthy();
    await ui.user.type(screen.getByLabelText('Сумма, ₽'), '400');
    for (const item of ['Латте', 'Латте', 'Круассан']) await ui.user.click(screen.getByRole('button', { name: new RegExp(`^${item}`) }));
    const check = screen.getByRole('region', { name: 'В чеке' });
    expect(
      within(check)
        .getAllByRole('listitem')
        .map((li) => li.firstChild?.textContent),
    ).toEqual(['Латте ×2', 'Круассан']);
    await ui.user.click(within(check).getByRole('button', { name: 'Убрать: Латте' }));
    await ui.user.click(within(check).getByRole('button', { name: 'Убрать: Круассан' }));
    expect(
      within(check)
        .getAllByRole('listitem')
        .map((li) => li.firstChild?.textContent),
    ).toEqual(['Латте']);
    expect(screen.getByRole('button', { name: 'Круассан' }).getAttribute('aria-pressed')).toBe('false');
    await ui.user.click(screen.getByRole('button', { name: 'Провести' }));
    await screen.findByText('Покупка проведена');
    expect((await ui.db.purchases.toArray())[0]!.items).toEqual([{ name: 'Латте', qty: 1 }]);
  });

  it('opens the guest who has the number when a registration repeats it', async () => {
    const ui = await renderCounter();
    await registerAnna(ui);
    await ui.user.click(screen.getByRole('button', { name: 'Назад' }));
    await ui.user.click(screen.getByRole('button', { name: 'Новый гость' }));
    await ui.user.type(screen.getByLabelText('Телефон'), '+7 (912) 345 67 89');
    await ui.user.type(screen.getByLabelText('Имя'), 'Другая Анна');
    await ui.user.click(screen.getByRole('button', { name: 'Зарегистрировать' }));
    await screen.findByRole('heading', { level: 1, name: 'Анна' });
    expect(screen.getByText('Гость с этим номером уже есть — открыта его карточка').getAttribute('role')).toBe('status');
    expect(await ui.db.guests.count()).toBe(1);
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

  it("lists the shift's purchases with their count and total, voided ones apart", async () => {
    const ui = await renderCounter();
    const guest = await registerGuest(ui.db, { phone: '+79031112233', name: 'Вера', birthday: '', consent: true }, new Date());
    await recordPurchase(ui.db, { guestId: guest.id, amount: '270', items: [] }, new Date());
    await recordPurchase(ui.db, { guestId: guest.id, amount: '1000', items: [] }, new Date());
    const mistake = await recordPurchase(ui.db, { guestId: guest.id, amount: '30', items: [] }, new Date());
    await voidPurchase(ui.db, mistake.id, 'ошибка', new Date());
    await ui.user.click(screen.getByRole('button', { name: 'Покупки смены' }));
    const list = await screen.findByRole('list', { name: 'Покупки смены' });
    await within(list).findByText(/270,00/);
    expect(within(list).getAllByRole('button', { name: 'Вера' })).toHaveLength(3);
    expect(screen.getByTestId('shift-count').textContent).toBe('2');
    expect(screen.getByTestId('shift-total').textContent).toBe('1\u00a0270,00\u00a0₽');
    expect(screen.getByText('Аннулировано').nextElementSibling?.textContent).toBe('1');
  });

  it('switches to English, remembers it across a reload and sets the page language; rubles read "₽1,200.00"', async () => {
    const ui = await renderCounter();
    expect(document.documentElement.lang).toBe('ru');
    const guest = await registerGuest(ui.db, { phone: '+79031112233', name: 'Vera', birthday: '', consent: true }, new Date());
    await recordPurchase(ui.db, { guestId: guest.id, amount: '1200', items: [] }, new Date());
    await ui.user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByLabelText("Guest's phone")).toBeTruthy();
    expect(screen.getByRole('button', { name: 'New guest' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('counter-locale')).toBe('en');
    await ui.user.click(screen.getByRole('button', { name: "Shift's purchases" }));
    expect(await screen.findByTestId('shift-total')).toHaveProperty('textContent', '₽1,200.00');
    // A reload: the store is made again from what the browser kept.
    vi.resetModules();
    const fresh = await import('./store.ts');
    expect(fresh.useCounterUi.getState().locale).toBe('en');
    await ui.user.click(screen.getByRole('button', { name: 'Русский' }));
    expect([document.documentElement.lang, localStorage.getItem('counter-locale')]).toEqual(['ru', 'ru']);
  });

  it('has exactly one h1 on every screen', async () => {
    const ui = await renderCounter();
    const h1s = () => [...document.querySelectorAll('h1')].map((h) => h.textContent);
    expect(h1s()).toEqual(['Найти гостя']);
    await ui.user.click(screen.getByRole('button', { name: 'Новый гость' }));
    expect(h1s()).toEqual(['Новый гость']);
    await ui.user.click(screen.getByRole('button', { name: 'Отмена' }));
    await registerAnna(ui);
    expect(h1s()).toEqual(['Анна']);
    await ui.user.click(screen.getByRole('button', { name: 'Покупка' }));
    await screen.findByRole('heading', { name: 'Покупка — Анна' });
    expect(h1s()).toEqual(['Покупка — Анна']);
    await ui.user.click(screen.getByRole('button', { name: 'Отмена' }));
    await ui.user.click(await screen.findByRole('button', { name: 'Изменить' }));
    await screen.findByRole('heading', { name: 'Изменить: Анна' });
    expect(h1s()).toEqual(['Изменить: Анна']);
    await ui.user.click(screen.getByRole('button', { name: 'Отмена' }));
    await ui.user.click(await screen.findByRole('button', { name: 'Назад' }));
    await ui.user.click(screen.getByRole('button', { name: 'Покупки смены' }));
    expect(h1s()).toEqual(['Покупки смены']);
  });
});

describe('searching at the counter', () => {
  const typeSearch = (ui: Awaited<ReturnType<typeof renderCounter>>, text: string) => ui.user.type(screen.getByLabelText('Телефон гостя'), text);

  it('finds a guest by digits from the middle of the number', async () => {
    const ui = await renderCounter();
    await registerGuest(ui.db, { phone: '+79261116789', name: 'Борис', birthday: '', consent: true }, new Date());
    await typeSearch(ui, '1116');
    await ui.user.click(await screen.findByRole('button', { name: /\+7 926 111-67-89.*Борис/ }));
    await screen.findByRole('heading', { name: 'Борис' });
  });

  it('shows 20, says how many more with "уточните номер", and keeps "Новый гость" before the list', async () => {
    const ui = await renderCounter();
    for (let i = 0; i < 25; i++)
      await registerGuest(ui.db, { phone: `+7977000${String(i).padStart(4, '0')}`, name: '', birthday: '', consent: false }, new Date());
    await typeSearch(ui, '977');
    const list = await screen.findByRole('list', { name: 'Найденные гости' });
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(20));
    expect(screen.getByText('ещё 5 — уточните номер')).toBeTruthy();
    const register = screen.getByRole('button', { name: 'Новый гость' });
    expect(register.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await typeSearch(ui, '0000002');
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(1));
    expect(screen.queryByText(/уточните номер/)).toBeNull();
  });

  it('opens the guest on Enter when the whole number is typed, and the registration when no one has it', async () => {
    const ui = await renderCounter();
    await registerGuest(ui.db, { phone: '+79261116789', name: 'Борис', birthday: '', consent: true }, new Date());
    await typeSearch(ui, '8 926 111-67-89{Enter}');
    await screen.findByRole('heading', { level: 1, name: 'Борис' });
    await ui.user.click(screen.getByRole('button', { name: 'Назад' }));
    await typeSearch(ui, '926 111{Enter}'); // not a whole number: Enter does nothing
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Найти гостя');
    await ui.user.clear(screen.getByLabelText('Телефон гостя'));
    await typeSearch(ui, '+7 903 000-00-01{Enter}');
    await screen.findByRole('heading', { level: 1, name: 'Новый гость' });
    expect(screen.getByLabelText('Телефон')).toHaveProperty('value', '+7 903 000-00-01');
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
