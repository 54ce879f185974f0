/**
 * The language a person chose for a screen, remembered in this browser so a reload keeps it.
 * localStorage rather than the tablet's database: it is read synchronously before the first
 * render, so the app never flashes in the other language. A browser that refuses storage
 * (private mode) simply forgets it.
 */
import type { Locale } from './messages.ts';

export const COUNTER_LOCALE_KEY = 'counter-locale';

export function storedLocale(key: string): Locale | null {
  try {
    const value = globalThis.localStorage?.getItem(key);
    return value === 'ru' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

export function storeLocale(key: string, locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(key, locale);
  } catch {
    // Nothing to do: the choice holds until the page is closed.
  }
}
