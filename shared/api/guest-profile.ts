/**
 * A guest's profile for the owner, and what the owner may do there: edit the name and
 * birthday, withdraw marketing consent, export the guest's data, delete the guest on request.
 * Money is kopecks; times are ISO instants; `month` is a café month (YYYY-MM).
 */
import { z } from 'zod';

const localized = z.object({ ru: z.string(), en: z.string() });
const instant = z.string();

export const guestIdParamSchema = z.object({ id: z.uuid() });

export const purchaseItemSchema = z.object({ name: z.string(), qty: z.number().int() });

export const profilePurchaseSchema = z.object({
  id: z.string(),
  purchasedAt: instant,
  /** The check as keyed in, kopecks. */
  amount: z.number().int(),
  /** What the counter said it held; empty for imported history or a check keyed as a sum. */
  items: z.array(purchaseItemSchema),
  /** 'counter' or 'import'. */
  source: z.string(),
  /** The tablet's name; null for imported history. */
  device: z.string().nullable(),
  /** When, by which tablet (null: before tablets recorded it) and why. */
  voided: z.object({ at: instant, reason: z.string(), by: z.string().nullable() }).nullable(),
});

export const consentEventSchema = z.object({
  granted: z.boolean(),
  at: instant,
  /** Where it was said: at the counter (the tablet named in `device`), in an import, to the café's Telegram bot, by the e-mail link, or to the owner. */
  source: z.enum(['counter', 'import', 'telegram', 'email-link', 'owner']),
  device: z.string().nullable(),
});

export const segmentStepSchema = z.object({
  /** null: the guest's first segment. */
  from: z.string().nullable(),
  to: z.string(),
  at: instant,
  /** 'move': the guest's own doing or time passing; 'rules': the owner changed the rules. */
  kind: z.enum(['move', 'rules']),
});

export const profileMonthSchema = z.object({ month: z.string(), visits: z.number().int(), spend: z.number().int() });

export const guestProfileSchema = z.object({
  id: z.string(),
  /** The whole number (E.164): the owner's own record. Null once deleted on request. */
  phone: z.string().nullable(),
  name: z.string().nullable(),
  birthday: z.string().nullable(),
  registeredAt: instant,
  /** 'counter', 'import' or 'import-purchase' (first seen in imported purchases). */
  registeredVia: z.string(),
  /** The tablet that registered the guest; null when imported or not known. */
  registeredBy: z.string().nullable(),
  /** When the guest was deleted on request; their personal data is gone, the totals stay. */
  erasedAt: instant.nullable(),
  consent: z.object({ granted: z.boolean(), at: instant.nullable() }),
  consentHistory: z.array(consentEventSchema),
  segment: z.object({ id: z.string(), name: localized }),
  segmentHistory: z.array(segmentStepSchema),
  segments: z.array(z.object({ id: z.string(), name: localized })),
  stats: z.object({
    visits: z.number().int(),
    /** Lifetime spend of non-voided purchases, kopecks. */
    spend: z.number().int(),
    /** Kopecks per purchase; null with no purchase. */
    averageCheck: z.number().int().nullable(),
    firstVisitAt: instant.nullable(),
    lastVisitAt: instant.nullable(),
  }),
  /** Visits and spend per café month, the last 12 months, oldest first. */
  months: z.array(profileMonthSchema),
  /** The newest purchases (at most PROFILE_PURCHASES), voided ones included. */
  purchases: z.array(profilePurchaseSchema),
  /** How many purchases the guest has in all, voided ones included. */
  purchaseCount: z.number().int(),
  timeZone: z.string(),
});

export const PROFILE_PURCHASES = 100;

/** The owner's edit of a guest: only the fields sent change; null clears one. */
export const guestEditSchema = z
  .object({
    name: z.string().trim().max(120).nullable().optional(),
    birthday: z.iso.date().nullable().optional(),
  })
  .strict();

/** Everything the café holds about one guest, for the guest's own copy (152-FZ art. 14). */
export const guestExportSchema = z.object({
  exportedAt: instant,
  cafe: z.string(),
  guest: z.object({
    id: z.string(),
    phone: z.string(),
    name: z.string().nullable(),
    birthday: z.string().nullable(),
    registeredAt: instant,
    registeredVia: z.string(),
    registeredBy: z.string().nullable(),
  }),
  consent: z.object({ granted: z.boolean(), at: instant.nullable() }),
  consentHistory: z.array(consentEventSchema),
  segmentHistory: z.array(segmentStepSchema.extend({ toName: z.string() })),
  purchases: z.array(profilePurchaseSchema),
});

export type GuestProfile = z.infer<typeof guestProfileSchema>;
export type ProfilePurchase = z.infer<typeof profilePurchaseSchema>;
export type ConsentEventView = z.infer<typeof consentEventSchema>;
export type SegmentStep = z.infer<typeof segmentStepSchema>;
export type ProfileMonth = z.infer<typeof profileMonthSchema>;
export type GuestEdit = z.infer<typeof guestEditSchema>;
export type GuestExport = z.infer<typeof guestExportSchema>;
