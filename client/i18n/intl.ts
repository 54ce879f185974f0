/** The Intl locale of each UI language, and the formats both the counter and the owner use. */
import type { Locale } from './messages.ts';

export const intlLocale = (locale: Locale) => (locale === 'ru' ? 'ru-RU' : 'en-GB');

/** "12:05", on this device's clock. */
export const timeOfDay = (at: string | number, locale: Locale) => new Date(at).toLocaleTimeString(intlLocale(locale), { hour: '2-digit', minute: '2-digit' });
