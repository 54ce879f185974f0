/**
 * The owner's bonus programme over HTTP: the programme's settings (the one schema of
 * shared/loyalty/program-schema.ts, whose refusals name the field), the programme report and a
 * guest's ledger. Points are whole points, money kopecks, times ISO instants.
 */
import { z } from 'zod';
import { ENTRY_KINDS } from '../loyalty/ledger.ts';
import { programSchema } from '../loyalty/program-schema.ts';

export { programSchema };

const instant = z.string();
const localDate = z.iso.date({ error: 'a date YYYY-MM-DD' });

export const loyaltyReportQuerySchema = z.object({
  /** First café day of the period (inclusive); none: from the start. */
  from: localDate.optional(),
  /** Last café day of the period (inclusive); none: up to now. */
  to: localDate.optional(),
  /** Instead of from and to: the last this many café days, today included. */
  days: z
    .string()
    .regex(/^\d{1,4}$/, { error: 'a whole number of days' })
    .refine((d) => Number(d) >= 1, { error: 'at least 1 day' })
    .optional(),
});

export const deviceRefSchema = z.object({ id: z.string(), name: z.string() });

export const overdraftSchema = z.object({
  /** The spending entry that went beyond the balance. */
  entryId: z.string(),
  guestId: z.string(),
  /** Partly hidden, as in the guest lists. */
  phone: z.string(),
  name: z.string().nullable(),
  /** Points spent beyond the balance by that entry. */
  points: z.number().int(),
  /** What the guest still owes now, after later accruals (0: repaid). */
  outstanding: z.number().int(),
  /** The overdrawing tablet first, then those whose spending it met. */
  devices: z.array(deviceRefSchema),
  recordedAt: instant,
});

export const loyaltyReportSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  timeZone: z.string(),
  /** Points credited in the period, net of reversals: welcome bonuses, opening balances and accruals. */
  issued: z.number().int(),
  /** Points spent in the period, net of voids: on checks and on rewards. */
  spent: z.number().int(),
  expired: z.number().int(),
  /** Net points of owner adjustments in the period. */
  adjusted: z.number().int(),
  /** Signed net points per entry kind in the period (a reversal counts under its original's kind). */
  byKind: z.record(z.enum(ENTRY_KINDS), z.number().int()),
  /** Every guest's balance summed, now (overdrafts count negative). */
  outstanding: z.number().int(),
  /** What the café owes in points, in kopecks: the positive balances, one ruble a point. */
  liability: z.number().int(),
  /** Guests overdrawn now, and by how many points in all. */
  overdrawn: z.object({ guests: z.number().int(), points: z.number().int() }),
  /** Overdrafts recorded in the period, the latest first (at most 100). */
  overdrafts: z.array(overdraftSchema),
  overdraftCount: z.number().int(),
});

export const guestEntriesParamsSchema = z.object({ id: z.uuid({ error: 'a guest id' }) });

export const ledgerEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(ENTRY_KINDS),
  points: z.number().int(),
  /** When it happened by its maker's clock. */
  at: instant,
  receivedAt: instant,
  purchaseId: z.string().nullable(),
  reverses: z.string().nullable(),
  reason: z.string().nullable(),
  device: deviceRefSchema.nullable(),
  /** The tablet's own figure where the server credited its own (an accrual, a reward). */
  devicePoints: z.number().int().nullable(),
});

export const guestEntriesSchema = z.object({
  /** The guest that stands (an id merged into another leads there). */
  guestId: z.string(),
  balance: z.number().int(),
  overdraft: z.number().int(),
  /** The latest first; at most 500. */
  entries: z.array(ledgerEntrySchema),
  total: z.number().int(),
});

export type LoyaltyReport = z.infer<typeof loyaltyReportSchema>;
export type LoyaltyOverdraft = z.infer<typeof overdraftSchema>;
export type GuestEntries = z.infer<typeof guestEntriesSchema>;
export type LedgerEntryView = z.infer<typeof ledgerEntrySchema>;
