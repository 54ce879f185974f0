/**
 * A promotion as it travels once it exists: stored on the server (its `definition` column),
 * pulled by tablets and returned by the owner's API. It trusts nothing it reads back — an
 * older server's row or a tampered response parses here or not at all — but checks only the
 * shape: what makes a promotion *acceptable* (an audience the café has, a window that is not
 * empty…) is promotion-schema.ts's, judged once when the owner creates or edits it.
 */
import { z } from 'zod';
import type { LocalDate, Weekday } from '../domain/calendar.ts';
import type { Kopecks } from '../domain/money.ts';
import type { Benefit, Promotion, PromotionDraft, PromotionId } from './promotion.ts';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
const date = z.iso.date().transform((d) => d as LocalDate);
const kopecks = z
  .number()
  .int()
  .positive()
  .transform((k) => k as Kopecks);

export const benefitSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), percent: z.number().int().min(1).max(100) }),
  z.object({ kind: z.literal('rubles'), amount: kopecks }),
  z.object({ kind: z.literal('points-x'), multiplier: z.number().gt(1).max(10) }),
  z.object({ kind: z.literal('gift'), text: z.string().min(1).max(200) }),
]);

export const promotionDraftSchema = z.object({
  name: z.string().min(1).max(200),
  audience: z.array(z.string().min(1).max(64)),
  weekdays: z.array(
    z
      .number()
      .int()
      .min(1)
      .max(7)
      .transform((d) => d as Weekday),
  ),
  window: z.object({ from: time, to: time }).nullable(),
  starts: date.nullable(),
  ends: date.nullable(),
  benefit: benefitSchema,
  minCheck: kopecks.nullable(),
  limit: z.enum(['none', 'once', 'daily']),
  personal: z.boolean().optional(),
});

export const promotionStatusSchema = z.enum(['active', 'paused', 'ended']);

export const promotionSchema = promotionDraftSchema.extend({
  id: z.uuid().transform((id) => id as PromotionId),
  status: promotionStatusSchema,
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const draftMatchesType: Same<z.output<typeof promotionDraftSchema>, PromotionDraft> = true;
export const promotionMatchesType: Same<z.output<typeof promotionSchema>, Promotion> = true;
export const benefitMatchesType: Same<z.output<typeof benefitSchema>, Benefit> = true;
