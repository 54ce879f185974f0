import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../domain/calendar.ts';
import { parseBirthday, parseConsent, parseEmail } from './profile.ts';
import type { Cell } from './row-issue.ts';

const TODAY = '2026-11-22' as LocalDate;
const birthday = (cell: Cell) => {
  const r = parseBirthday(cell, TODAY);
  return r.ok ? r.value : r.issue.code;
};

describe('birthdays', () => {
  it.each([
    ['', null],
    ['1985-03-05', '1985-03-05'],
    ['05.03.1985', '1985-03-05'],
    ['5.3.1985', '1985-03-05'],
    [' 29.02.2000 ', '2000-02-29'],
    ['2026-11-22', '2026-11-22'], // born today
    ['1900-01-01', '1900-01-01'],
    [31111, '1985-03-05'], // a spreadsheet's number: the Excel serial of 1985-03-05
  ])('reads %j as %j', (cell, want) => {
    expect(birthday(cell)).toBe(want);
  });

  it.each([
    ['2026-11-23', 'birthday-in-future'],
    ['23.11.2026', 'birthday-in-future'],
    ['1899-12-31', 'birthday-too-early'],
    ['30.02.1985', 'birthday-invalid'],
    ['29.02.2001', 'birthday-invalid'],
    ['1985-13-01', 'birthday-invalid'],
    ['05.03.85', 'birthday-invalid'], // a two-digit year is no birthday: 1985 or 2085?
    ['5 марта', 'birthday-invalid'],
    ['31111', 'birthday-invalid'], // digits in a text cell are not read as a serial
    [31111.5, 'birthday-invalid'],
  ])('refuses %j (%s)', (cell, code) => {
    expect(birthday(cell)).toBe(code);
  });
});

describe('e-mail addresses', () => {
  it.each([
    ['', null],
    ['  anna@example.ru ', 'anna@example.ru'],
    ['Anna.Ivanova+cafe@mail.example.com', 'Anna.Ivanova+cafe@mail.example.com'],
    ['пётр@почта.рф', 'пётр@почта.рф'],
  ])('reads %j', (cell, want) => {
    const r = parseEmail(cell);
    expect(r.ok && r.value).toBe(want);
  });

  it.each(['anna', 'anna@', '@example.ru', 'anna@example', 'anna @example.ru', 'anna@example..ru', 'a@b@example.ru', `${'a'.repeat(250)}@example.ru`])(
    'refuses %j without quoting it',
    (cell) => {
      const r = parseEmail(cell);
      expect(!r.ok && r.issue).toEqual({ code: 'email-invalid', field: 'email', message: 'email is not an e-mail address (name@example.ru)' });
    },
  );
});

describe('marketing consent', () => {
  it.each([
    ['1', true],
    ['да', true],
    ['Да', true],
    ['ДА', true],
    ['yes', true],
    ['Yes', true],
    ['true', true],
    ['TRUE', true],
    ['  истина ', true],
    [1, true],
    ['0', false],
    ['нет', false],
    ['Нет', false],
    ['no', false],
    ['false', false],
    ['FALSE', false],
    ['', false],
    ['   ', false],
    [0, false],
  ])('reads %j as %s', (cell, want) => {
    const r = parseConsent(cell);
    expect(r.ok && r.value).toBe(want);
  });

  it.each(['maybe', '2', 'не знаю', 2])('refuses %j', (cell) => {
    const r = parseConsent(cell);
    expect(!r.ok && r.issue.code).toBe('consent-invalid');
  });
});
