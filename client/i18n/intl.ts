/** The Intl locale of each UI language, and the formats both the counter and the owner use. */
import type { Locale } from './messages.ts';

export const intlLocale = (locale: Locale) => (locale === 'ru' ? 'ru-RU' : 'en-GB');

/** "12:05", on this device's clock. */
export const timeOfDay = (at: string | number, locale: Locale) => new Date(at).toLocaleTimeString(intlLocale(locale), { hour: '2-digit', minute: '2-digit' });

/**
 * Storage sizes in the screen's language: "12,3 МБ" / "12.3 MB", "1,2 ГБ" / "1.2 GB" — the
 * units and the decimal separator are Intl's, never hand-written. Binary multiples, as
 * browsers report storage.
 */
export function formatBytes(bytes: number, locale: Locale): string {
  const mb = bytes / 1_048_576;
  const [value, unit] = mb >= 1024 ? [mb / 1024, 'gigabyte'] : [mb, 'megabyte'];
  return new Intl.NumberFormat(intlLocale(locale), { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}
