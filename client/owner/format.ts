import { formatRubles, type Kopecks } from '../../shared/domain/money.ts';
import { intlLocale } from '../i18n/intl.ts';
import type { Locale } from '../i18n/messages.ts';

export const rubles = (kopecks: number, locale: Locale) => formatRubles(Math.round(kopecks) as Kopecks, locale);
export const percent = (share: number, locale: Locale) =>
  new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 1 }).format(share);
export const count = (n: number, locale: Locale) => new Intl.NumberFormat(intlLocale(locale)).format(n);

const WHOLE_RUB = {
  ru: new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'RUB', maximumFractionDigits: 0 }),
};
/** Whole rubles, for the list's narrow rows (the CSV has the kopecks). */
export const wholeRubles = (kopecks: number, locale: Locale) => WHOLE_RUB[locale].format(kopecks / 100);

export function dateTime(iso: string, locale: Locale, timeZone: string, withTime = true): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  }).format(new Date(iso));
}

/** A café date (YYYY-MM-DD) as "23.11": the year is plain from the chart. */
export const shortDate = (date: string, locale: Locale) =>
  new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', day: '2-digit', month: '2-digit' }).format(new Date(`${date}T12:00:00Z`));

/** "12:05" on the café's clock (the owner's phone may be in another zone). */
export const clockTime = (iso: string, locale: Locale, timeZone: string) =>
  new Intl.DateTimeFormat(intlLocale(locale), { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** "08.11, 16:06" this year, "08.11.2025, 16:06" before: short enough for a list row on a 320 px phone. */
export function rowDateTime(iso: string, locale: Locale, timeZone: string, now: Date = new Date()): string {
  const year = (d: Date) => new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(d);
  const at = new Date(iso);
  const sameYear = year(at) === year(now);
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}
