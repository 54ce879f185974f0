import { formatRubles, type Kopecks } from '../../shared/domain/money.ts';
import { intlLocale } from '../i18n/intl.ts';
import type { Locale } from '../i18n/messages.ts';

export const money = (k: Kopecks, locale: Locale) => formatRubles(k, locale);

/** A moment on the café's clock: "22 нояб., 12:05". */
export function when(ms: number, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(ms);
}
