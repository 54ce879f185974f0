/**
 * What a tablet records, as it goes into the outbox and, later, up to the server: one zod
 * schema per kind of write. Ids are made on the tablet, so a mutation can be sent again
 * safely; times are the tablet's clock (the server keeps its own receive time beside them).
 */
import { z } from 'zod';

const uuid = z.uuid();
const instant = z.iso.datetime({ offset: true });
const localDate = z.iso.date();
const consent = z.object({ granted: z.boolean(), at: instant });

export const guestRegisterSchema = z.object({
  kind: z.literal('guest.register'),
  guestId: uuid,
  phone: z.string().regex(/^\+79\d{9}$/, 'phone must be a Russian mobile number in E.164'),
  name: z.string().max(120).nullable(),
  birthday: localDate.nullable(),
  consent,
  registeredAt: instant,
});

export const guestUpdateSchema = z.object({
  kind: z.literal('guest.update'),
  guestId: uuid,
  name: z.string().max(120).nullable().optional(),
  birthday: localDate.nullable().optional(),
  consent: consent.optional(),
});

export const purchaseItemSchema = z.object({ name: z.string().min(1).max(60), qty: z.number().int().min(1).max(99) });

export const purchaseRecordSchema = z.object({
  kind: z.literal('purchase.record'),
  purchaseId: uuid,
  guestId: uuid,
  purchasedAt: instant,
  amount: z.number().int().positive(),
  items: z.array(purchaseItemSchema).max(30),
});

export const purchaseVoidSchema = z.object({
  kind: z.literal('purchase.void'),
  purchaseId: uuid,
  reason: z.string().trim().min(1).max(200),
  voidedAt: instant,
});

export const mutationSchema = z.discriminatedUnion('kind', [guestRegisterSchema, guestUpdateSchema, purchaseRecordSchema, purchaseVoidSchema]);
export type Mutation = z.infer<typeof mutationSchema>;
export type PurchaseItem = z.infer<typeof purchaseItemSchema>;
