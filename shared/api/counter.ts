/**
 * What the counter reads from the server besides sync: one guest's recent purchases, from
 * every tablet, so the barista's card agrees with the visit count. A tablet's token reads it;
 * the guest is named by id, never by phone, so no number stands in a URL or a log. No segment
 * travels here: the barista never sees one.
 */
import { z } from 'zod';
import { purchaseItemSchema } from '../sync/mutations.ts';

export const guestPurchasesParamsSchema = z.object({ guestId: z.uuid('guestId must be a guest id') });

/** At most this many of a guest's purchases, newest first; `total` says how many there are. */
export const GUEST_PURCHASES_LIMIT = 50;

export const counterPurchaseSchema = z.object({
  id: z.string(),
  purchasedAt: z.string(),
  amount: z.number().int(),
  items: z.array(purchaseItemSchema),
  voided: z.object({ at: z.string(), reason: z.string() }).nullable(),
  /** The tablet that recorded it (`thisTablet`: the one asking); null for an imported purchase. */
  tablet: z.object({ name: z.string(), thisTablet: z.boolean() }).nullable(),
});

export const guestPurchasesSchema = z.object({
  /** The guest that stands for the id asked about (a merged registration resolves to it). */
  guestId: z.string(),
  total: z.number().int(),
  purchases: z.array(counterPurchaseSchema),
});

export type CounterPurchase = z.infer<typeof counterPurchaseSchema>;
export type GuestPurchases = z.infer<typeof guestPurchasesSchema>;

/**
 * The café's Telegram deep link for the counter's QR code (the poster's link: its start parameter
 * names the café; the guest then shares their contact, which binds the chat to their phone).
 * Null while no bot is configured or its name is not known. Never the bot's token.
 */
export const counterTelegramLinkSchema = z.object({ url: z.string().nullable() });
export type CounterTelegramLink = z.infer<typeof counterTelegramLinkSchema>;
