/**
 * Money is an integer number of kopecks everywhere inside the product; rubles exist only
 * at the edges (typed input, CSV, display). Parsing works on the text, never through a
 * float, so "0.29" is 29 kopecks and not 28.999….
 */
import type { Brand } from './brand.ts';
import { err, ok, type Result } from './result.ts';

export type Kopecks = Brand<number, 'Kopecks'>;

export const kopecks = (n: number): Kopecks => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`kopecks must be a safe integer, got ${n}`);
  return n as Kopecks;
};

export const ZERO_KOPECKS = kopecks(0);

/** Accepts "350", "350.5", "350,50", "1 234,50" (space or no-break space as thousands). */
const RUBLES = /^(\d+)(?:[.,](\d{1,2}))?$/;

/** The largest amount a single purchase may have when nothing else is configured. */
export const MAX_PURCHASE_RUBLES = 1_000_000;

export function parseRubles(text: string): Result<Kopecks> {
  const compact = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return err('amount is empty');
  if (compact.startsWith('-')) return err(`amount "${text.trim()}" is negative`);
  const m = RUBLES.exec(compact);
  if (!m) return err(`amount "${text.trim()}" is not a number of rubles (e.g. 350.50)`);
  const whole = Number(m[1]);
  const fraction = Number((m[2] ?? '').padEnd(2, '0'));
  if (whole > MAX_PURCHASE_RUBLES) return err(`amount "${text.trim()}" is over ${MAX_PURCHASE_RUBLES} rubles`);
  return ok(kopecks(whole * 100 + fraction));
}

/** A positive purchase amount: what a café can actually charge. */
export function parsePurchaseAmount(text: string): Result<Kopecks> {
  const parsed = parseRubles(text);
  if (parsed.ok && parsed.value === 0) return err('amount is zero');
  return parsed;
}

// The one ruble format of every screen. Russian puts the sign after the number with no-break
// spaces ("1 200,00 ₽", U+00A0 between groups and before ₽); English puts the narrow symbol
// first ("₽1,200.00") — the default currencyDisplay would print "RUB 1,200.00".
const RUB = {
  ru: new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol' }),
};

/** Kopecks as rubles for a person: "1 200,00 ₽" (ru, no-break spaces) or "₽1,200.00" (en). */
export function formatRubles(amount: Kopecks, locale: 'ru' | 'en' = 'ru'): string {
  return RUB[locale].format(amount / 100);
}

/** Rubles with a "." decimal for CSV and JSON, exact to the kopeck. */
export function kopecksToDecimal(amount: Kopecks): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The default ceiling of one purchase at the counter; the café may change it. */
export const DEFAULT_PURCHASE_CEILING = kopecks(50_000_00);

export type AmountProblem = 'amount-empty' | 'amount-not-number' | 'amount-zero' | 'amount-over-ceiling';

/** An amount typed at the counter, with a reason code the screen turns into words. */
export function parseCounterAmount(text: string, ceiling: Kopecks): { ok: true; value: Kopecks } | { ok: false; error: AmountProblem } {
  if (text.trim() === '') return { ok: false, error: 'amount-empty' };
  const parsed = parseRubles(text);
  if (!parsed.ok) return { ok: false, error: parsed.error.includes('over') ? 'amount-over-ceiling' : 'amount-not-number' };
  if (parsed.value === 0) return { ok: false, error: 'amount-zero' };
  if (parsed.value > ceiling) return { ok: false, error: 'amount-over-ceiling' };
  return parsed;
}
