/**
 * A segment's rule in one plain line, generated from the rule set itself so it can never
 * disagree with the thresholds the owner set: "были 15–60 дней назад, 4+ покупки". The
 * conditions on one metric are folded into one range first (`> 60` and `≤ 90` become
 * 61–90 for whole-number metrics), then each range is said the way a café owner would.
 */
import { INTEGER_METRICS, MONEY_METRICS, NONE_SEGMENT, type Condition, type MetricId, type RuleSet } from '../../shared/segments/rules.ts';
import type { Locale } from '../i18n/messages.ts';

interface Range {
  lo: number | null;
  hi: number | null;
  /** Exclusive ends, for metrics that are not whole numbers (an average check, visits a month). */
  loOpen: boolean;
  hiOpen: boolean;
}

/** The conditions on each metric, folded into one range per metric, in the order the rule names them. */
export function ranges(when: readonly Condition[]): Map<MetricId, Range> {
  const out = new Map<MetricId, Range>();
  for (const c of when) {
    const r = out.get(c.metric) ?? { lo: null, hi: null, loOpen: false, hiOpen: false };
    const whole = INTEGER_METRICS.has(c.metric);
    if (c.op === 'gte' || c.op === 'gt') {
      const open = c.op === 'gt' && !whole;
      const lo = c.op === 'gt' && whole ? c.value + 1 : c.value;
      if (r.lo === null || lo > r.lo) Object.assign(r, { lo, loOpen: open });
    } else {
      const open = c.op === 'lt' && !whole;
      const hi = c.op === 'lt' && whole ? c.value - 1 : c.value;
      if (r.hi === null || hi < r.hi) Object.assign(r, { hi, hiOpen: open });
    }
    out.set(c.metric, r);
  }
  return out;
}

const RU_PLURAL = new Intl.PluralRules('ru');
const ru = (n: number, one: string, few: string, many: string) => {
  const form = RU_PLURAL.select(n);
  return form === 'one' ? one : form === 'many' ? many : few;
};

function number(n: number, metric: MetricId, locale: Locale): string {
  const value = MONEY_METRICS.has(metric) ? n / 100 : n;
  const text = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
  return MONEY_METRICS.has(metric) ? (locale === 'ru' ? `${text} ₽` : `₽${text}`) : text;
}

function ruPhrase(metric: MetricId, r: Range): string {
  const n = (v: number) => number(v, metric, 'ru');
  const span = r.lo !== null && r.hi !== null ? (r.lo === r.hi ? n(r.lo) : `${n(r.lo)}–${n(r.hi)}`) : null;
  const from = (v: number, open: boolean) => (open ? `больше ${n(v)}` : `от ${n(v)}`);
  const upTo = (v: number, open: boolean) => (open ? `меньше ${n(v)}` : `до ${n(v)}`);
  const days = (v: number) => ru(v, 'день', 'дня', 'дней');
  switch (metric) {
    case 'daysSinceLastPurchase':
      if (span) return `были ${span} ${days(r.hi!)} назад`;
      if (r.hi !== null) return r.hi === 0 ? 'были сегодня' : `были в последние ${n(r.hi)} ${days(r.hi)}`;
      // "> 60" reads better than "61+": whole days, so the two are the same.
      return `не были больше ${n(r.lo! - 1)} ${days(r.lo! - 1)}`;
    case 'daysSinceRegistration':
      if (span) return `с нами ${span} ${days(r.hi!)}`;
      if (r.hi !== null) return `зарегистрированы в последние ${n(r.hi)} ${days(r.hi)}`;
      return `с нами ${n(r.lo!)}+ ${days(r.lo!)}`;
    case 'daysSinceFirstPurchase':
      if (span) return `первая покупка ${span} ${days(r.hi!)} назад`;
      if (r.hi !== null) return `первая покупка в последние ${n(r.hi)} ${days(r.hi)}`;
      return `первая покупка ${n(r.lo!)}+ ${days(r.lo!)} назад`;
    case 'purchases':
      if (span) return `${span} ${ru(r.hi!, 'покупка', 'покупки', 'покупок')}`;
      if (r.hi !== null) return r.hi <= 0 ? 'без покупок' : `до ${n(r.hi)} ${ru(r.hi, 'покупки', 'покупок', 'покупок')}`;
      return `${n(r.lo!)}+ ${ru(r.lo!, 'покупка', 'покупки', 'покупок')}`;
    case 'totalSpend':
      if (span) return `потратили ${span}`;
      return `потратили ${r.hi !== null ? upTo(r.hi, r.hiOpen) : from(r.lo!, r.loOpen)}`;
    case 'averageCheck':
      if (span) return `средний чек ${span}`;
      return `средний чек ${r.hi !== null ? upTo(r.hi, r.hiOpen) : from(r.lo!, r.loOpen)}`;
    case 'visitsPerMonth':
      if (span) return `${span} визита в месяц`;
      return `${r.hi !== null ? upTo(r.hi, r.hiOpen) : from(r.lo!, r.loOpen)} визитов в месяц`;
  }
}

function enPhrase(metric: MetricId, r: Range): string {
  const n = (v: number) => number(v, metric, 'en');
  const span = r.lo !== null && r.hi !== null ? (r.lo === r.hi ? n(r.lo) : `${n(r.lo)}–${n(r.hi)}`) : null;
  const from = (v: number, open: boolean) => (open ? `over ${n(v)}` : `${n(v)} or more`);
  const upTo = (v: number, open: boolean) => (open ? `under ${n(v)}` : `up to ${n(v)}`);
  const days = (v: number) => (v === 1 ? 'day' : 'days');
  switch (metric) {
    case 'daysSinceLastPurchase':
      if (span) return `came ${span} days ago`;
      if (r.hi !== null) return r.hi === 0 ? 'came today' : `came in the last ${n(r.hi)} ${days(r.hi)}`;
      return `away over ${r.lo! - 1} ${days(r.lo! - 1)}`;
    case 'daysSinceRegistration':
      if (span) return `joined ${span} days ago`;
      if (r.hi !== null) return `joined in the last ${n(r.hi)} ${days(r.hi)}`;
      return `joined ${n(r.lo!)}+ days ago`;
    case 'daysSinceFirstPurchase':
      if (span) return `first purchase ${span} days ago`;
      if (r.hi !== null) return `first purchase in the last ${n(r.hi)} ${days(r.hi)}`;
      return `first purchase ${n(r.lo!)}+ days ago`;
    case 'purchases':
      if (span) return `${span} purchases`;
      if (r.hi !== null) return r.hi <= 0 ? 'no purchases' : `up to ${n(r.hi)} ${r.hi === 1 ? 'purchase' : 'purchases'}`;
      return `${n(r.lo!)}+ ${r.lo === 1 ? 'purchase' : 'purchases'}`;
    case 'totalSpend':
      return `spent ${span ?? (r.hi !== null ? upTo(r.hi, r.hiOpen) : from(r.lo!, r.loOpen))}`;
    case 'averageCheck':
      return `average check ${span ?? (r.hi !== null ? upTo(r.hi, r.hiOpen) : from(r.lo!, r.loOpen))}`;
    case 'visitsPerMonth':
      return `${span ?? (r.hi !== null ? upTo(r.hi, r.hiOpen) : from(r.lo!, r.loOpen))} visits a month`;
  }
}

/** One line saying who is in the segment, from its conditions; `none` says that no rule matched. */
export function ruleWords(rules: RuleSet, segment: string, locale: Locale): string {
  if (segment === NONE_SEGMENT) return locale === 'ru' ? 'не подошли ни под одно правило' : 'matched no rule';
  const rule = rules.segments.find((s) => s.id === segment);
  if (!rule) return '';
  const phrase = locale === 'ru' ? ruPhrase : enPhrase;
  return [...ranges(rule.when)].map(([metric, r]) => phrase(metric, r)).join(', ');
}
