/**
 * The mutation registry's shared third: what a tablet records, as it goes into the outbox
 * and later up to the server, one zod schema per kind of write. Each kind also has one tablet
 * writer in client/data/ and one server applier (server/sync/appliers.ts lists them, and the
 * compiler holds that list to MUTATION_KINDS). Ids are made on the tablet, so a mutation can
 * be sent again safely; times are the tablet's clock (the server keeps its receive time too).
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

/** Every kind of write a tablet can make, by its schema. */
export const MUTATION_SCHEMAS = {
  'guest.register': guestRegisterSchema,
  'guest.update': guestUpdateSchema,
  'purchase.record': purchaseRecordSchema,
  'purchase.void': purchaseVoidSchema,
} as const;

export type MutationKind = keyof typeof MUTATION_SCHEMAS;
type MutationSchema = (typeof MUTATION_SCHEMAS)[MutationKind];

export const mutationSchema = z.discriminatedUnion('kind', Object.values(MUTATION_SCHEMAS) as [MutationSchema, ...MutationSchema[]]);
export type Mutation = z.infer<typeof mutationSchema>;
export type MutationOf<K extends MutationKind> = z.infer<(typeof MUTATION_SCHEMAS)[K]>;
export type PurchaseItem = z.infer<typeof purchaseItemSchema>;
