/**
 * Segment rules are data, not code: a rule set is an ordered list of segments, each a
 * conjunction of threshold conditions on a guest's metrics. The first segment whose every
 * condition holds is the guest's; a guest no segment matches is `none` ("Вне сегментов"),
 * so gaps in a rule set are shown, never silently filled by a neighbour. The owner edits
 * thresholds; the schema below is what any edited or imported rule set must satisfy.
 */
import { z } from 'zod';

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

export const NONE_SEGMENT = 'none';

const localized = z.object({ ru: z.string().min(1), en: z.string().min(1) });

export const conditionSchema = z
  .object({
    metric: z.enum(METRIC_IDS),
    op: z.enum(['gte', 'gt', 'lt', 'lte']),
    value: z.number().finite().nonnegative(),
  })
  .refine((c) => !INTEGER_METRICS.has(c.metric) || Number.isInteger(c.value), {
    message: 'a threshold on a whole-number metric must be a whole number',
    path: ['value'],
  });
export type Condition = z.infer<typeof conditionSchema>;

export const segmentRuleSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'segment id must be lower_snake_case')
    .refine((id) => id !== NONE_SEGMENT, `"${NONE_SEGMENT}" is reserved for guests outside every segment`),
  name: localized,
  when: z.array(conditionSchema).min(1),
});
export type SegmentRule = z.infer<typeof segmentRuleSchema>;

export const ruleSetSchema = z
  .object({
    id: z.string().min(1),
    name: localized,
    /** Where the rules come from (seed file and lines), and how its gaps are handled. */
    source: z.string(),
    segments: z.array(segmentRuleSchema).min(1),
  })
  .refine((r) => new Set(r.segments.map((s) => s.id)).size === r.segments.length, {
    message: 'segment ids must be unique',
    path: ['segments'],
  });
export type RuleSet = z.infer<typeof ruleSetSchema>;

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
