import { expect, it } from 'vitest';
import { sinceText } from './since.ts';

const T = 1_800_000_000_000;
const ago = (ms: number, locale: 'ru' | 'en' = 'ru') => sinceText(T - ms, T, locale);

it('says how long ago, with each boundary on its own side', () => {
  expect(ago(0)).toBe('только что');
  expect(ago(59_999)).toBe('только что');
  expect(ago(60_000)).toBe('1 мин назад');
  expect(ago(59 * 60_000 + 59_999)).toBe('59 мин назад');
  expect(ago(3_600_000)).toBe('1 ч назад');
  expect(ago(47 * 3_600_000)).toBe('47 ч назад');
  expect(ago(48 * 3_600_000)).toBe('2 дн. назад');
  expect(ago(5 * 60_000, 'en')).toBe('5 min ago');
  // A clock set back: never "in the future".
  expect(sinceText(T + 10_000, T, 'en')).toBe('just now');
});
