/** The owner's reports: segments as of a moment, movements between them, the weekly trend. */
import { z } from 'zod';

const localized = z.object({ ru: z.string(), en: z.string() });
const instant = z.string();

export const segmentCountSchema = z.object({
  id: z.string(),
  name: localized,
  guests: z.number().int(),
  /** Share of all guests, 0..1. */
  share: z.number(),
  purchases: z.number().int(),
  /** Lifetime spend of these guests as of the moment, kopecks. */
  totalSpend: z.number().int(),
  /** Kopecks per purchase; 0 when there are no purchases. */
  averageCheck: z.number().int(),
  /** The same over the last 30 café days up to the moment. */
  recentPurchases: z.number().int(),
  recentRevenue: z.number().int(),
  recentAverageCheck: z.number().int(),
});

export const segmentReportSchema = z.object({
  asOf: instant,
  today: z.string(),
  timeZone: z.string(),
  ruleSetId: z.string(),
  totalGuests: z.number().int(),
  /** The first instant of the recent window: the café day 29 days before today. */
  recentFrom: instant,
  recentDays: z.number().int(),
  /** Where the recent figures came from: the guests' kept window totals, or the purchases themselves. */
  recentSource: z.enum(['window', 'purchases']),
  /** How guests were sorted: their segments as recorded today, or cells classified now. */
  segmentSource: z.enum(['recorded', 'cells']),
  segments: z.array(segmentCountSchema),
});

export const segmentsQuerySchema = z.object({ at: z.string().optional() });

export const MOVEMENT_PERIODS = [7, 30, 90] as const;
export const movementsQuerySchema = z.object({ days: z.string().optional() });
export const trendQuerySchema = z.object({ weeks: z.string().optional() });

const segmentNamesSchema = z.array(z.object({ id: z.string(), name: localized }));

export const movementReportSchema = z.object({
  from: instant,
  to: instant,
  days: z.number().int(),
  /** from null: the guest was new (registered or imported) in the period. */
  movements: z.array(z.object({ from: z.string().nullable(), to: z.string(), guests: z.number().int() })),
  segments: segmentNamesSchema,
});

/** Who made one move of the movements report: `from` absent for guests new in the period. */
export const movementGuestsQuerySchema = z.object({ days: z.string().optional(), from: z.string().max(100).optional(), to: z.string().max(100) });

export const MOVEMENT_GUESTS_LIMIT = 500;

export const movementGuestsSchema = z.object({
  from: z.string().nullable(),
  to: z.string(),
  days: z.number().int(),
  /** Guests who made the move in the period (each once, however often they made it). */
  total: z.number().int(),
  /** The latest movers first, at most MOVEMENT_GUESTS_LIMIT. */
  guests: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      /** Partly hidden; null for a guest deleted on request. */
      phone: z.string().nullable(),
      movedAt: instant,
      visits: z.number().int(),
      lastVisitAt: instant.nullable(),
      /** Kopecks. */
      totalSpend: z.number().int(),
    }),
  ),
  segments: segmentNamesSchema,
});

export const trendReportSchema = z.object({
  points: z.array(z.object({ at: instant, date: z.string(), sizes: z.record(z.string(), z.number().int()) })),
  segments: segmentNamesSchema,
});

export type SegmentCount = z.infer<typeof segmentCountSchema>;
export type SegmentReport = z.infer<typeof segmentReportSchema>;
export type MovementReport = z.infer<typeof movementReportSchema>;
export type Movement = MovementReport['movements'][number];
export type TrendReport = z.infer<typeof trendReportSchema>;
export type MovementGuests = z.infer<typeof movementGuestsSchema>;
export type TrendPoint = TrendReport['points'][number];
