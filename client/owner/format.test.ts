import { expect, it } from 'vitest';
import { rowDateTime, wholeRubles } from './format.ts';

const NBSP = '\u00a0';
const NOW = new Date('2026-11-22T09:00:00Z');

it('leaves the year out of a row within the current year, in the café’s zone', () => {
  expect(rowDateTime('2026-11-08T13:06:00Z', 'ru', 'Europe/Moscow', NOW)).toBe('08.11, 16:06');
  expect(rowDateTime('2025-11-08T13:06:00Z', 'ru', 'Europe/Moscow', NOW)).toBe('08.11.2025, 16:06');
  // 31 Dec 22:30 UTC is already 1 January in Moscow: this year there, last year in UTC.
  expect(rowDateTime('2025-12-31T22:30:00Z', 'ru', 'Europe/Moscow', NOW)).toBe('01.01, 01:30');
  expect(rowDateTime('2025-12-31T22:30:00Z', 'ru', 'UTC', NOW)).toBe('31.12.2025, 22:30');
});

it('says money in whole rubles on cards', () => {
  expect(wholeRubles(123_456_78, 'ru')).toBe(`123${NBSP}457${NBSP}₽`);
  expect(wholeRubles(0, 'ru')).toBe(`0${NBSP}₽`);
});
