/** A segment's guests for the owner: a page at a time (a POST, so a searched phone never stands in a URL). */
import { z } from 'zod';

export const GUEST_SORTS = ['lastVisit', 'visits', 'spend'] as const;
export type GuestSort = (typeof GUEST_SORTS)[number];
export const GUEST_PAGE_MAX = 500;

export const segmentParamSchema = z.object({ id: z.string().max(100) });

export const guestQuerySchema = z.object({
  /** A name, or digits of a phone (any part of it). */
  search: z.string().max(100).optional(),
  sort: z.enum(GUEST_SORTS).default('lastVisit'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(GUEST_PAGE_MAX).default(100),
});

export const segmentGuestSchema = z.object({
  id: z.string(),
  /** Partly hidden (`+7 912 ***-**-89`); the whole number is only in the owner's export. Null: deleted on request. */
  phone: z.string().nullable(),
  name: z.string().nullable(),
  consent: z.boolean(),
  registeredAt: z.string(),
  visits: z.number().int(),
  lastVisitAt: z.string().nullable(),
  /** Kopecks. */
  totalSpend: z.number().int(),
});

export const guestPageSchema = z.object({
  segment: z.string(),
  /** How many match in all; with the first page only (later pages skip the count). */
  total: z.number().int().nullable(),
  offset: z.number().int(),
  guests: z.array(segmentGuestSchema),
});

export type GuestQuery = z.input<typeof guestQuerySchema>;
export type SegmentGuest = z.infer<typeof segmentGuestSchema>;
export type GuestPage = z.infer<typeof guestPageSchema>;
