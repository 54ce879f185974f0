import { describe, expect, it } from 'vitest';
import { formatRubles, kopecksToDecimal, parsePurchaseAmount, parseRubles, type Kopecks } from './money.ts';

describe('money', () => {
  it.each([
    ['350', 35000],
    ['350.5', 35050],
    ['350,50', 35050],
    ['0.29', 29],
    ['1 234,50', 123450],
    ['1\u00a0234.05', 123405],
  ])('parses %s rubles to %i kopecks', (text, expected) => {
    expect(parseRubles(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'empty'],
    ['-5', 'negative'],
    ['abc', 'not a number'],
    ['1.234', 'not a number'],
    ['12.3.4', 'not a number'],
    ['1e5', 'not a number'],
    ['2000000', 'over'],
  ])('refuses %j naming the problem (%s)', (text, reason) => {
    const r = parseRubles(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(reason);
  });

  it('refuses a zero purchase', () => {
    expect(parsePurchaseAmount('0')).toEqual({ ok: false, error: 'amount is zero' });
  });

  it('formats kopecks exactly', () => {
    expect(kopecksToDecimal(123405 as Kopecks)).toBe('1234.05');
    expect(kopecksToDecimal(5 as Kopecks)).toBe('0.05');
    expect(formatRubles(35050 as Kopecks).replace(/\s/g, ' ')).toBe('350,50 ₽');
  });

  it.each([
    [120000, 'ru', '1\u00a0200,00\u00a0₽'],
    [35050, 'ru', '350,50\u00a0₽'],
    [5, 'ru', '0,05\u00a0₽'],
    [123456789, 'ru', '1\u00a0234\u00a0567,89\u00a0₽'],
    [-120050, 'ru', '-1\u00a0200,50\u00a0₽'],
    [120000, 'en', '₽1,200.00'],
    [35050, 'en', '₽350.50'],
    [123456789, 'en', '₽1,234,567.89'],
    [-120050, 'en', '-₽1,200.50'],
  ] as const)('formats %i kopecks in %s as exactly %j (no-break spaces, the ₽ sign, never "RUB")', (k, locale, text) => {
    expect(formatRubles(k as Kopecks, locale)).toBe(text);
  });
});

import { DEFAULT_PURCHASE_CEILING, parseCounterAmount } from './money.ts';

describe('amounts at the counter', () => {
  it.each([
    ['', 'amount-empty'],
    ['0', 'amount-zero'],
    ['0,00', 'amount-zero'],
    ['-100', 'amount-not-number'],
    ['abc', 'amount-not-number'],
    ['50000.01', 'amount-over-ceiling'],
    ['9999999', 'amount-over-ceiling'],
  ])('refuses %j as %s', (text, code) => {
    expect(parseCounterAmount(text, DEFAULT_PURCHASE_CEILING)).toEqual({ ok: false, error: code });
  });

  it('accepts up to the ceiling exactly', () => {
    expect(parseCounterAmount('50000', DEFAULT_PURCHASE_CEILING)).toEqual({ ok: true, value: 5_000_000 });
    expect(parseCounterAmount('350,5', DEFAULT_PURCHASE_CEILING)).toEqual({ ok: true, value: 35_050 });
  });
});
