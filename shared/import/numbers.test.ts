import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImportAmount, parseOpeningBalance } from './numbers.ts';
import type { Cell } from './row-issue.ts';

const amount = (cell: Cell) => {
  const r = parseImportAmount(cell);
  return r.ok ? r.value : r.issue.code;
};
const balance = (cell: Cell) => {
  const r = parseOpeningBalance(cell);
  return r.ok ? r.value : r.issue.code;
};

describe('purchase amounts in rubles', () => {
  it.each([
    ['350', 35000],
    ['350.5', 35050],
    ['350,50', 35050],
    ['0.29', 29],
    ['1 200,50', 120050],
    ['1\u00a0200,50', 120050], // no-break space, as Russian Excel writes thousands
    ['1\u202f200,50', 120050], // narrow no-break space
    ['12 345 678', 'amount-too-large'],
    ['1 000 000', 100000000],
    ['1000000.99', 100000099], // the ceiling is on whole rubles, as at the counter
    ['1 200 ₽', 120000],
    ['1200₽', 120000],
    ['₽ 350', 35000],
    ['350 р.', 35000],
    ['350р', 35000],
    ['350,50 руб.', 35050],
    ['350 руб', 35000],
    ['350 RUB', 35000],
    ['  350 ', 35000],
  ])('reads %j as %j kopecks', (text, want) => {
    expect(amount(text)).toBe(want);
  });

  it.each([
    ['', 'amount-empty'],
    ['  ', 'amount-empty'],
    ['abc', 'amount-invalid'],
    ['350.555', 'amount-invalid'],
    ['1,200.50', 'amount-invalid'],
    ['350 $', 'amount-invalid'],
    ['-5', 'amount-negative'],
    ['−5 ₽', 'amount-negative'],
    ['0', 'amount-zero'],
    ['0,00 руб.', 'amount-zero'],
    ['1000001', 'amount-too-large'],
  ])('refuses %j (%s)', (text, code) => {
    expect(amount(text)).toBe(code);
  });

  it('keeps the CLI’s reasons word for word', () => {
    const r = parseImportAmount('abc');
    expect(!r.ok && r.issue).toEqual({ code: 'amount-invalid', field: 'amount', message: 'amount "abc" is not a number of rubles (e.g. 350.50)' });
    const z = parseImportAmount('0');
    expect(!z.ok && z.issue.message).toBe('amount is zero');
  });

  it('rounds a spreadsheet’s numeric cell to the kopeck, and refuses a real fraction of one', () => {
    expect(amount(350.5)).toBe(35050);
    expect(amount(350.49999999999994)).toBe(35050);
    expect(amount(0.1 + 0.2)).toBe(30);
    expect(amount(1200)).toBe(120000);
    expect(amount(350.555)).toBe('amount-invalid');
    expect(amount(-1)).toBe('amount-negative');
    expect(amount(0)).toBe('amount-zero');
    expect(amount(1_000_001)).toBe('amount-too-large');
  });

  it('reads every amount written with a decimal comma and grouped thousands exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.constantFrom(' ', '\u00a0', '\u202f'),
        fc.constantFrom('', ' ₽', ' руб.', 'р.'),
        (k, space, unit) => {
          const rubles = String(Math.floor(k / 100)).replace(/\B(?=(\d{3})+$)/g, space);
          const text = `${rubles},${String(k % 100).padStart(2, '0')}${unit}`;
          expect(amount(text)).toBe(k);
        },
      ),
    );
  });
});

describe('opening balances in points', () => {
  it.each([
    ['', 0],
    ['0', 0],
    ['120', 120],
    [' 1 200 ', 1200],
    ['120,00', 120],
    ['120.0', 120],
    ['150 баллов', 150],
    [120, 120],
    [120.00000000001, 120],
  ])('reads %j as %d', (cell, want) => {
    expect(balance(cell)).toBe(want);
  });

  it.each([
    ['12,5', 'balance-invalid'],
    ['много', 'balance-invalid'],
    [12.5, 'balance-invalid'],
    ['-10', 'balance-negative'],
    [-10, 'balance-negative'],
    ['10000001', 'balance-too-large'],
    [79123456789, 'balance-too-large'],
  ])('refuses %j (%s)', (cell, code) => {
    expect(balance(cell)).toBe(code);
  });
});
