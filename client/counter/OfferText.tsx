import type { Benefit } from '../../shared/promotions/promotion.ts';
import type { Locale, Messages } from '../i18n/messages.ts';
import { money } from './format.ts';

/** A benefit as the barista reads it out: "−20 %", "−150 ₽", "баллы ×2", "в подарок: Маффин". */
export function benefitText(t: Messages, benefit: Benefit, locale: Locale): string {
  switch (benefit.kind) {
    case 'percent':
      return t.offerBenefit.percent(benefit.percent);
    case 'rubles':
      return t.offerBenefit.rubles(money(benefit.amount, locale));
    case 'points-x':
      return t.offerBenefit.pointsX(benefit.multiplier.toLocaleString(locale === 'ru' ? 'ru-RU' : 'en-GB'));
    case 'gift':
      return t.offerBenefit.gift(benefit.text);
  }
}
