/** The zod schema every rule set must satisfy (an owner's edit, a stored setting, a sync message). */
import { z } from 'zod';
import { INTEGER_METRICS, METRIC_IDS, NONE_SEGMENT, type RuleSet } from './rules.ts';

const localized = z.object({ ru: z.string().min(1).max(60), en: z.string().min(1).max(60) });

/** Beyond any metric a café can reach (days, visits, kopecks), and far within what sums and SQL numerics hold. */
export const MAX_THRESHOLD = 1e12;

export const conditionSchema = z
  .object({
    metric: z.enum(METRIC_IDS),
    op: z.enum(['gte', 'gt', 'lt', 'lte']),
    value: z.number().finite().nonnegative().max(MAX_THRESHOLD, `a threshold must be at most ${MAX_THRESHOLD}`),
  })
  .refine((c) => !INTEGER_METRICS.has(c.metric) || Number.isInteger(c.value), {
    message: 'a threshold on a whole-number metric must be a whole number',
    path: ['value'],
  });

export const segmentRuleSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'segment id must be lower_snake_case')
    .refine((id) => id !== NONE_SEGMENT, `"${NONE_SEGMENT}" is reserved for guests outside every segment`),
  name: localized,
  when: z.array(conditionSchema).min(1),
});

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

/** The schema and the hand-written types must describe the same thing. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const schemaMatchesType: Same<z.infer<typeof ruleSetSchema>, RuleSet> = true;
