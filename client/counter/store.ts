/** UI state of the counter (which screen, which guest, which language) — not data, which lives in Dexie. */
import { create } from 'zustand';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { PromotionId } from '../../shared/promotions/promotion.ts';
import { COUNTER_LOCALE_KEY, storedLocale, storeLocale } from '../i18n/locale-pref.ts';
import type { Locale } from '../i18n/messages.ts';

export type Screen =
  | { name: 'search'; prefill?: string }
  | { name: 'register'; phone: string }
  | { name: 'guest'; guestId: GuestId }
  /** `promotionId`: the offer the barista tapped on the guest card. */
  | { name: 'purchase'; guestId: GuestId; promotionId?: PromotionId }
  | { name: 'edit'; guestId: GuestId }
  | { name: 'shift' };

interface CounterUi {
  screen: Screen;
  locale: Locale;
  /** A short confirmation shown after a write ("Покупка проведена"). */
  notice: string | null;
  /** Points the purchase just recorded earned ("+17 баллов"), said beside the notice. */
  earned: number | null;
  go(screen: Screen): void;
  /** Switches the language and remembers it in this browser. */
  setLocale(locale: Locale): void;
  notify(notice: string | null, earned?: number): void;
}

export const useCounterUi = create<CounterUi>((set) => ({
  screen: { name: 'search' },
  locale: storedLocale(COUNTER_LOCALE_KEY) ?? 'ru',
  notice: null,
  earned: null,
  go: (screen) => set({ screen, notice: null, earned: null }),
  setLocale: (locale) => {
    storeLocale(COUNTER_LOCALE_KEY, locale);
    set({ locale });
  },
  notify: (notice, earned) => set({ notice, earned: earned ?? null }),
}));
