import { describe, expect, it } from 'vitest';
import { importMessages } from './import-messages.ts';

const { ru, en } = importMessages;
const NBSP = '\u00a0';

describe('the import screen’s sentences with counts', () => {
  it('agree in number in Russian and English', () => {
    expect([0, 1, 2, 5, 21].map((n) => ru.bad(n))).toEqual([
      'Ошибок нет',
      '1 строка пропущена',
      '2 строки пропущены',
      '5 строк пропущено',
      '21 строка пропущена',
    ]);
    expect([1, 3, 500].map((n) => ru.guestsFromPurchases(n))).toEqual([
      '1 гость появится из покупок',
      '3 гостя появятся из покупок',
      '500 гостей появятся из покупок',
    ]);
    expect([0, 1, 2].map((n) => en.bad(n))).toEqual(['No errors', '1 line skipped', '2 lines skipped']);
  });

  it('group counts but never a line number, which the owner looks up in an editor', () => {
    expect(ru.guestsLine(12345, 0)).toBe(`Гости: 12${NBSP}345 новых, 0 уже есть`);
    expect(ru.line('Продажи.csv', 40002)).toBe('Продажи.csv, строка 40002');
    expect(en.line('sales.csv', 40002)).toBe('sales.csv, line 40002');
  });

  it('say the time left in seconds up to 90, then in minutes, never breaking before the unit', () => {
    expect([0.2, 89, 90, 600].map((s) => ru.left(s))).toEqual([
      `осталось ≈ 1${NBSP}с`,
      `осталось ≈ 89${NBSP}с`,
      `осталось ≈ 2${NBSP}мин`,
      `осталось ≈ 10${NBSP}мин`,
    ]);
    expect(en.left(45)).toBe(`≈ 45${NBSP}s left`);
  });
});
