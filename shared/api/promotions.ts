/**
 * The owner's promotions over HTTP. A created or edited promotion is sent flat, one field per
 * input of the form (`PromotionInput`), so a refusal names the field it is in; the route checks
 * it against the café's own rule set with shared/promotions/promotion-schema.ts, the check the
 * CLI makes too. What comes back is the promotion as it travels everywhere (promotion-json.ts)
 * with its times. Money is kopecks, dates café days, times ISO instants.
 */
import { z } from 'zod';
import { promotionSchema, promotionStatusSchema } from '../promotions/promotion-json.ts';

/** Only the types here; every rule (one benefit, a window with both ends…) is promotion-schema.ts's. */
export const promotionInputBodySchema = z.object({
  name: z.string().max(1000),
  audience: z.array(z.string().max(64)).max(50).nullish(),
  weekdays: z.array(z.number()).max(7).nullish(),
  from: z.string().max(10).nullish(),
  to: z.string().max(10).nullish(),
  starts: z.string().max(20).nullish(),
  ends: z.string().max(20).nullish(),
  percentOff: z.number().nullish(),
  amountOff: z.number().int().nullish(),
  pointsMultiplier: z.number().nullish(),
  gift: z.string().max(1000).nullish(),
  minCheck: z.number().int().nullish(),
  limit: z.enum(['none', 'once', 'daily']).nullish(),
  personal: z.boolean().nullish(),
});

export const promotionViewSchema = promotionSchema.extend({
  createdAt: z.string(),
  updatedAt: z.string(),
  endedAt: z.string().nullable(),
});
export type PromotionView = z.infer<typeof promotionViewSchema>;

export const promotionListSchema = z.object({ promotions: z.array(promotionViewSchema) });

export const promotionIdParamSchema = z.object({ id: z.uuid({ error: 'a promotion id' }) });

/** Pause (`paused`), resume (`active`) or end (`ended`, final). */
export const promotionStatusBodySchema = z.object({ status: promotionStatusSchema });

/** The guests who used a promotion, their visits (non-voided purchases) in two equal spans. */
export const visitsSpanSchema = z.object({ from: z.string(), to: z.string(), visits: z.number().int() });

export const promotionReportSchema = z.object({
  promotion: promotionViewSchema,
  /** Non-voided purchases that carried it. */
  applied: z.number().int(),
  /** Distinct guests among them. */
  guests: z.number().int(),
  /** Kopecks taken off by it. */
  discount: z.number().int(),
  /** Paid money (amount − discount − points) of those purchases, kopecks. */
  paidRevenue: z.number().int(),
  /** Applications the server's re-check found ineligible (kept, never dropped), by reason. */
  flagged: z.number().int(),
  flaggedByReason: z.record(z.string(), z.number().int()),
  /**
   * The same guests' visits since the promotion began (up to its end or now) and over as many
   * days just before it: did it bring them back more often.
   */
  visitsBefore: visitsSpanSchema,
  visitsDuring: visitsSpanSchema,
});
export type PromotionReport = z.infer<typeof promotionReportSchema>;
