/** Every word of the owner's bonus-programme screens, in Russian (default) and English. */
import type { EntryKind } from '../../shared/loyalty/ledger.ts';

/** Why a field of the programme form is refused: the form's own reading, or the server's (by field). */
export type ProgramProblem =
  | 'required'
  | 'percent-not-number'
  | 'percent-too-precise'
  | 'percent-over-100'
  | 'points-not-whole'
  | 'points-too-large'
  | 'rubles-not-number'
  | 'price-below-one'
  | 'months-not-whole'
  | 'tier-threshold-order'
  | 'tier-rate-order'
  | 'duplicate'
  | 'server';

const RU_PLURAL = new Intl.PluralRules('ru');
const plural = (n: number, one: string, few: string, many: string) => {
  const form = RU_PLURAL.select(n);
  return form === 'one' ? one : form === 'many' ? many : few;
};
const ruPoints = (n: number) => `${n.toLocaleString('ru-RU')} ${plural(Math.abs(n), 'балл', 'балла', 'баллов')}`;
const enPoints = (n: number) => `${n.toLocaleString('en-GB')} ${Math.abs(n) === 1 ? 'point' : 'points'}`;

const ru = {
  nav: 'Баллы',
  report: {
    title: 'Бонусная программа',
    period: 'Период',
    periods: { all: 'Всё время', '30': '30 дней', '90': '90 дней' },
    issued: 'Начислено',
    spent: 'Списано',
    expired: 'Сгорело',
    outstanding: 'На счетах гостей',
    liability: 'Обязательства, ₽',
    overdrawn: 'В минусе',
    overdrawnGuests: (n: number) => `${n.toLocaleString('ru-RU')} ${plural(n, 'гость', 'гостя', 'гостей')}`,
    overdrafts: 'Перерасход баллов',
    overdraftsHint: 'Два планшета без связи списали одни и те же баллы. Обе продажи сохранены; долг гасят следующие начисления.',
    noOverdrafts: 'Перерасходов не было',
    owes: (n: number) => (n > 0 ? `должен ещё ${ruPoints(n)}` : 'погашено'),
    overdraftLine: (points: number) => `списано сверх баланса: ${ruPoints(points)}`,
    tablets: 'Планшеты',
    more: (n: number) => `и ещё ${n.toLocaleString('ru-RU')}`,
    settings: 'Настройки программы',
  },
  program: {
    title: 'Настройки бонусной программы',
    back: 'К отчёту',
    accrualRate: 'Начисление, % от оплаченного',
    welcomeBonus: 'Приветственный бонус, баллов',
    maxRedeemShare: 'Баллами можно оплатить до, % чека',
    expiryMonths: 'Баллы сгорают через, месяцев',
    expiryHint: 'Пусто — не сгорают',
    offlineSpendCap: 'Без связи можно списать гостю не больше, баллов',
    offlineHint: 'Пусто — без ограничения, кроме баланса на планшете',
    tiers: 'Уровни по оплатам за 365 дней',
    tierName: 'Название уровня',
    tierMinSpend: 'От суммы, ₽',
    tierRate: 'Начисление, %',
    addTier: 'Добавить уровень',
    rewards: 'Каталог наград',
    rewardName: 'Награда',
    rewardPrice: 'Цена, баллов',
    addReward: 'Добавить награду',
    remove: 'Убрать',
    rewardLine: (name: string, price: number) => `${name} — ${ruPoints(price)}`,
    save: 'Сохранить',
    saved: 'Сохранено. Планшеты получат настройки при следующей синхронизации.',
    problems: {
      required: 'Заполните поле',
      'percent-not-number': 'Введите процент числом, например 5 или 2,5',
      'percent-too-precise': 'Не больше двух знаков после запятой',
      'percent-over-100': 'Не больше 100 %',
      'points-not-whole': 'Целое число баллов, не меньше нуля',
      'points-too-large': 'Слишком большое число',
      'rubles-not-number': 'Введите сумму в рублях, например 10 000',
      'price-below-one': 'Цена — целое число баллов, не меньше 1',
      'months-not-whole': 'Целое число месяцев от 1 до 120, или пусто',
      'tier-threshold-order': 'Порог уровня должен быть выше порога предыдущего',
      'tier-rate-order': 'Уровень выше не может начислять меньше предыдущего',
      duplicate: 'Такой уже есть',
      server: 'Проверьте значение',
    } satisfies Record<ProgramProblem, string>,
  },
  ledger: {
    title: 'Бонусные баллы',
    balance: 'Баланс',
    overdraft: (n: number) => `в минусе на ${ruPoints(n)}`,
    none: 'Операций с баллами пока не было',
    kinds: {
      welcome: 'Приветственный бонус',
      opening: 'Баланс при переносе базы',
      accrual: 'Начисление за покупку',
      redemption: 'Оплата баллами',
      reversal: 'Отмена',
      reward: 'Награда',
      expiry: 'Сгорание',
      adjustment: 'Корректировка',
    } satisfies Record<EntryKind, string>,
    tabletSaid: (n: number) => `планшет считал ${ruPoints(n)}`,
    shown: (shown: number, total: number) => `Показаны последние ${shown} из ${total}`,
  },
  points: ruPoints,
};

export type LoyaltyMessages = typeof ru;

const en: LoyaltyMessages = {
  nav: 'Points',
  report: {
    title: 'Bonus programme',
    period: 'Period',
    periods: { all: 'All time', '30': '30 days', '90': '90 days' },
    issued: 'Issued',
    spent: 'Spent',
    expired: 'Expired',
    outstanding: 'Held by guests',
    liability: 'Liability, ₽',
    overdrawn: 'Overdrawn',
    overdrawnGuests: (n) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'guest' : 'guests'}`,
    overdrafts: 'Points overdrawn',
    overdraftsHint: 'Two offline tablets spent the same points. Both sales are kept; later accruals repay the debt.',
    noOverdrafts: 'No overdrafts',
    owes: (n) => (n > 0 ? `still owes ${enPoints(n)}` : 'repaid'),
    overdraftLine: (points) => `spent beyond the balance: ${enPoints(points)}`,
    tablets: 'Tablets',
    more: (n) => `and ${n.toLocaleString('en-GB')} more`,
    settings: 'Programme settings',
  },
  program: {
    title: 'Bonus programme settings',
    back: 'Back to the report',
    accrualRate: 'Accrual, % of what was paid',
    welcomeBonus: 'Welcome bonus, points',
    maxRedeemShare: 'Points may pay up to, % of a check',
    expiryMonths: 'Points expire after, months',
    expiryHint: 'Empty: never',
    offlineSpendCap: 'Most points one guest may spend offline',
    offlineHint: 'Empty: no cap beyond the balance the tablet sees',
    tiers: 'Tiers by paid spend over 365 days',
    tierName: 'Tier name',
    tierMinSpend: 'From, ₽',
    tierRate: 'Accrual, %',
    addTier: 'Add a tier',
    rewards: 'Reward catalogue',
    rewardName: 'Reward',
    rewardPrice: 'Price, points',
    addReward: 'Add a reward',
    remove: 'Remove',
    rewardLine: (name, price) => `${name} — ${enPoints(price)}`,
    save: 'Save',
    saved: 'Saved. Tablets get the settings at their next sync.',
    problems: {
      required: 'Fill this in',
      'percent-not-number': 'A percent as a number, e.g. 5 or 2.5',
      'percent-too-precise': 'At most two decimals',
      'percent-over-100': 'At most 100%',
      'points-not-whole': 'Whole points, zero or more',
      'points-too-large': 'Too large a number',
      'rubles-not-number': 'An amount in rubles, e.g. 10000',
      'price-below-one': 'A price is whole points, at least 1',
      'months-not-whole': 'Whole months from 1 to 120, or empty',
      'tier-threshold-order': "A tier's threshold must be above the one before",
      'tier-rate-order': 'A higher tier may not earn less than the one before',
      duplicate: 'Already listed',
      server: 'Check this value',
    },
  },
  ledger: {
    title: 'Bonus points',
    balance: 'Balance',
    overdraft: (n) => `overdrawn by ${enPoints(n)}`,
    none: 'No points yet',
    kinds: {
      welcome: 'Welcome bonus',
      opening: 'Imported balance',
      accrual: 'Earned on a purchase',
      redemption: 'Paid with points',
      reversal: 'Reversed',
      reward: 'Reward',
      expiry: 'Expired',
      adjustment: 'Adjustment',
    },
    tabletSaid: (n) => `the tablet counted ${enPoints(n)}`,
    shown: (shown, total) => `The latest ${shown} of ${total}`,
  },
  points: enPoints,
};

export const loyaltyMessages = { ru, en };
