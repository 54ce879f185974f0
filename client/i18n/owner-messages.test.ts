import { describe, expect, it } from 'vitest';
import { ownerMessages } from './owner-messages.ts';

const { ru, en } = ownerMessages;
const NBSP = '\u00a0';

describe("the owner's sentences with counts", () => {
  it('agree in number in Russian: 1 гость, 2–4 гостя, 5–20 гостей, 21 гость, 111 гостей', () => {
    expect([1, 2, 4, 5, 11, 21, 22, 111].map((n) => ru.list.found(n))).toEqual([
      '1 гость',
      '2 гостя',
      '4 гостя',
      '5 гостей',
      '11 гостей',
      '21 гость',
      '22 гостя',
      '111 гостей',
    ]);
    expect(ru.movements.sentence(1, 'Активные', 'Уходящие', 7)).toBe('1 гость перешёл «Активные» → «Уходящие» за 7 дней');
    expect(ru.settings.previewMoved(3, 21)).toBe('3 из 21 гостя сменят сегмент');
  });

  it('group thousands as the cards do', () => {
    expect(ru.list.found(12345)).toBe(`12${NBSP}345 гостей`);
    expect(ru.settings.previewMoved(1200, 1000000)).toBe(`1${NBSP}200 из 1${NBSP}000${NBSP}000 гостей сменят сегмент`);
    expect(en.list.found(12345)).toBe('12,345 guests');
    expect(en.movements.sentence(1, 'Active', 'Leaving', 30)).toBe('1 guest moved “Active” → “Leaving” in 30 days');
  });
});
