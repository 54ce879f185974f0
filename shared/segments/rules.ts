/**
 * Segment rules are data, not code: a rule set is an ordered list of segments, each a
 * conjunction of threshold conditions on a guest's metrics. The first segment whose every
 * condition holds is the guest's; a guest no segment matches is `none` ("Вне сегментов"),
 * so gaps in a rule set are shown, never silently filled by a neighbour. The owner edits
 * thresholds; shared/segments/rule-set-schema.ts is what any edited or stored rule set must satisfy.
 * (The types live here without zod so the counter's bundle does not carry it.)
 */
export const METRIC_IDS = [
  'daysSinceRegistration',
  'daysSinceLastPurchase',
  'daysSinceFirstPurchase',
  'purchases',
  'totalSpend',
  'averageCheck',
  'visitsPerMonth',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** Metrics whose values are whole numbers; thresholds on them must be whole too. */
export const INTEGER_METRICS: ReadonlySet<MetricId> = new Set<MetricId>([
  'daysSinceRegistration',
  'daysSinceLastPurchase',
  'daysSinceFirstPurchase',
  'purchases',
  'totalSpend',
]);

/** Metrics measured in money (kopecks): shown and typed as rubles. */
export const MONEY_METRICS: ReadonlySet<MetricId> = new Set<MetricId>(['totalSpend', 'averageCheck']);

export const NONE_SEGMENT = 'none';

export type Op = 'gte' | 'gt' | 'lt' | 'lte';

export interface Condition {
  metric: MetricId;
  op: Op;
  value: number;
}

export interface LocalizedName {
  ru: string;
  en: string;
}

export interface SegmentRule {
  id: string;
  name: LocalizedName;
  when: Condition[];
}

export interface RuleSet {
  id: string;
  name: LocalizedName;
  /** Where the rules come from (seed file and lines), and how its gaps are handled. */
  source: string;
  segments: SegmentRule[];
}

export type SegmentId = string;

export const NONE_NAME = { ru: 'Вне сегментов', en: 'Outside segments' } as const;

/** Every segment id a report must list for this rule set, `none` last. */
export function segmentIds(rules: RuleSet): SegmentId[] {
  return [...rules.segments.map((s) => s.id), NONE_SEGMENT];
}

export function segmentName(rules: RuleSet, id: SegmentId, locale: 'ru' | 'en'): string {
  if (id === NONE_SEGMENT) return NONE_NAME[locale];
  return rules.segments.find((s) => s.id === id)?.name[locale] ?? id;
}

/** Both names, for screens that switch language without asking again. */
export function segmentNames(rules: RuleSet, id: SegmentId): { ru: string; en: string } {
  return { ru: segmentName(rules, id, 'ru'), en: segmentName(rules, id, 'en') };
}
