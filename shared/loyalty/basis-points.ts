/**
 * Rates (accrual percent, the share of a check payable in points) are whole basis points:
 * 1 bp = 0.01 %, so 5 % is 500 and 2.75 % is 275. Keeping them integers lets every
 * "percent of a sum" below be exact integer arithmetic with one floor at the end, never a
 * float that turns 333,33 ₽ × 30 % into 99.99899… . Owners type percents; parsePercent reads
 * the text (like parseRubles, never through a float) and formatPercent writes it back.
 */
import type { Brand } from '../domain/brand.ts';

export type BasisPoints = Brand<number, 'BasisPoints'>;

/** 100 % in basis points: the largest rate the programme accepts. */
export const FULL_RATE = 10_000;

export const basisPoints = (n: number): BasisPoints => {
  if (!Number.isSafeInteger(n) || n < 0 || n > FULL_RATE) throw new RangeError(`basis points must be a whole number from 0 to ${FULL_RATE}, got ${n}`);
  return n as BasisPoints;
};

export type PercentProblem = 'percent-empty' | 'percent-not-number' | 'percent-too-precise' | 'percent-over-100';

const PERCENT = /^(\d+)(?:[.,](\d+))?%?$/;

/** "5", "2,5", "2.75 %" → basis points; more than two decimals or over 100 % is refused. */
export function parsePercent(text: string): { ok: true; value: BasisPoints } | { ok: false; error: PercentProblem } {
  const compact = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return { ok: false, error: 'percent-empty' };
  const m = PERCENT.exec(compact);
  if (!m) return { ok: false, error: 'percent-not-number' };
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 2) return { ok: false, error: 'percent-too-precise' };
  const bp = Number(m[1]) * 100 + Number(fraction.padEnd(2, '0'));
  if (bp > FULL_RATE) return { ok: false, error: 'percent-over-100' };
  return { ok: true, value: bp as BasisPoints };
}

/** 500 → "5 %", 275 → "2,75 %" (ru) or "2.75%" (en); no trailing zeros. */
export function formatPercent(rate: BasisPoints, locale: 'ru' | 'en' = 'ru'): string {
  const whole = Math.trunc(rate / 100);
  const fraction = String(rate % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  const number = fraction ? `${whole}${locale === 'ru' ? ',' : '.'}${fraction}` : String(whole);
  return locale === 'ru' ? `${number}\u00a0%` : `${number}%`;
}

/**
 * floor(kopecks × rate) in whole rubles, i.e. in points: floor(k × bp / 1 000 000), optionally
 * times a multiplier given in hundredths (150 = ×1.5). BigInt keeps the product exact whatever
 * the amount; the result is small again.
 */
export function pointsAtRate(amount: number, rate: BasisPoints, multiplierHundredths = 100): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amount must be whole non-negative kopecks, got ${amount}`);
  return Number((BigInt(amount) * BigInt(rate) * BigInt(multiplierHundredths)) / 100_000_000n);
}
