/**
 * What any created or edited promotion must satisfy, against the café's rule set (so an
 * audience names only segments that exist), as a zod schema for the HTTP body and the CLI. It
 * reads the flat `PromotionInput` — the shape of the owner's form, the HTTP body and the CLI
 * flags — and yields a `PromotionDraft`, or issues that each name the input field and carry a
 * `PromotionProblem` code in `params.problem` (see `promotionProblems`). The rules themselves
 * are promotion-rules.ts's, free of zod so the owner's form runs them too.
 */
import { z } from 'zod';
import type { RuleSet } from '../segments/rules.ts';
import type { PromotionDraft, PromotionInput, PromotionProblem } from './promotion.ts';
import { checkPromotionInput, type Report } from './promotion-rules.ts';

export { GIFT_MAX, MULTIPLIER_MAX, NAME_MAX } from './promotion-rules.ts';

const shape = z.object({
  name: z.string(),
  audience: z.array(z.string()).nullish(),
  weekdays: z.array(z.number()).nullish(),
  from: z.string().nullish(),
  to: z.string().nullish(),
  starts: z.string().nullish(),
  ends: z.string().nullish(),
  percentOff: z.number().nullish(),
  amountOff: z.number().int().nullish(),
  pointsMultiplier: z.number().nullish(),
  gift: z.string().nullish(),
  minCheck: z.number().int().nullish(),
  limit: z.enum(['none', 'once', 'daily']).nullish(),
  personal: z.boolean().nullish(),
});

/** The schema of a promotion typed in for `rules`' café; build it per rule set. */
export function promotionInputSchema(rules: RuleSet): z.ZodType<PromotionDraft, PromotionInput> {
  return shape.transform((input, ctx): PromotionDraft => {
    const report: Report = (field, problem, message) => {
      ctx.issues.push({ code: 'custom', path: [field], message, params: { problem }, input });
      return null;
    };
    const before = ctx.issues.length;
    const draft = checkPromotionInput(input, rules, report);
    return ctx.issues.length === before ? draft : z.NEVER;
  });
}

/** Each refused field with its code and words, in the order of the form. */
export function promotionProblems(error: z.ZodError): { field: string; problem: PromotionProblem; message: string }[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'body',
    problem: issue.code === 'custom' && typeof issue.params?.problem === 'string' ? (issue.params.problem as PromotionProblem) : 'invalid',
    message: issue.message,
  }));
}
