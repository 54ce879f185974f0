/**
 * The mutation registry's shared third: what a tablet records, as it goes into the outbox
 * and later up to the server, one zod schema per kind of write. Each kind also has one tablet
 * writer in client/data/ and one server applier (server/sync/appliers.ts lists them, and the
 * compiler holds that list to MUTATION_KINDS). Ids are made on the tablet, so a mutation can
 * be sent again safely; times are the tablet's clock (the server keeps its receive time too).
 */
import { z } from 'zod';
import { MAX_POINTS, MAX_PURCHASE_KOPECKS, plausibleBirthday, plausibleInstant, safeText } from './plausible.ts';

const uuid = z.uuid();
// Every time and text is checked as strictly as the counter would (shared/sync/plausible.ts).
const instant = plausibleInstant;
const localDate = plausibleBirthday;
const consent = z.object({ granted: z.boolean(), at: instant });

export const guestRegisterSchema = z.object({
  kind: z.literal('guest.register'),
  guestId: uuid,
  phone: z.string().regex(/^\+79\d{9}$/, 'phone must be a Russian mobile number in E.164'),
  name: safeText(120).nullable(),
  birthday: localDate.nullable(),
  consent,
  registeredAt: instant,
  /**
   * The id of the welcome bonus entry the tablet made for this registration (bonus points,
   * shared/loyalty). The server credits its own programme's bonus under it; absent (an older
   * tablet), the server derives one from the guest id.
   */
  welcomeEntryId: uuid.optional(),
});

export const guestUpdateSchema = z.object({
  kind: z.literal('guest.update'),
  guestId: uuid,
  name: safeText(120).nullable().optional(),
  birthday: localDate.nullable().optional(),
  consent: consent.optional(),
});

export const purchaseItemSchema = z.object({ name: safeText(60).min(1), qty: z.number().int().min(1).max(99) });

/** Whole bonus points: the bound only catches a slipped finger (one point pays one ruble). */
const points = z.number().int('points must be whole').nonnegative('points must not be negative').max(MAX_POINTS);
const kopecks = (what: string) =>
  z
    .number()
    .int(`${what} must be whole kopecks`)
    .max(MAX_PURCHASE_KOPECKS, `${what} must be at most ${MAX_PURCHASE_KOPECKS / 100} rubles`);

/**
 * A purchase. `amount` is the check before any benefit; `discount` (kopecks) what a promotion
 * took off; `pointsRedeemed` the points spent on it, so paid = amount − discount − points × 100
 * (shared/loyalty/purchase-money.ts). Its ledger entries are made on the tablet: the
 * redemption under `redemptionEntryId` (required when points are spent) and the accrual under
 * `accrualEntryId`, with the tablet's own figure `pointsAccrued`. The server credits its own
 * accrual figure under the tablet's id (derived from the purchase id when absent).
 * `promotionId`: the promotion applied at the counter, if any. Older tablets send none of these.
 */
export const purchaseRecordSchema = z
  .object({
    kind: z.literal('purchase.record'),
    purchaseId: uuid,
    guestId: uuid,
    purchasedAt: instant,
    amount: kopecks('amount').positive('amount must be positive'),
    items: z.array(purchaseItemSchema).max(30),
    discount: kopecks('discount').nonnegative('discount must not be negative').default(0),
    pointsRedeemed: points.default(0),
    redemptionEntryId: uuid.optional(),
    accrualEntryId: uuid.optional(),
    pointsAccrued: points.optional(),
    promotionId: uuid.nullable().optional(),
  })
  .refine((m) => m.pointsRedeemed === 0 || m.redemptionEntryId !== undefined, {
    message: 'points spent need the redemption entry id',
    path: ['redemptionEntryId'],
  })
  .refine((m) => m.redemptionEntryId === undefined || m.redemptionEntryId !== m.accrualEntryId, {
    message: 'the redemption and the accrual need different entry ids',
    path: ['accrualEntryId'],
  });

/**
 * A void. It carries no ledger entries: the server reverses the purchase's accrual and gives
 * back its redemption from its own ledger, each reversal's id derived from the entry it
 * reverses (shared/loyalty/entry-ids.ts, `reversal:<entry id>`), so whichever tablet voids,
 * and however often, each reversal is stored once.
 */
export const purchaseVoidSchema = z.object({
  kind: z.literal('purchase.void'),
  purchaseId: uuid,
  reason: safeText(200).trim().min(1),
  voidedAt: instant,
});

/**
 * A reward from the catalogue given for points ("Десерт — 150 баллов"). `points` is the price
 * the tablet charged from its copy of the catalogue; the server debits its own catalogue's
 * price under `entryId` (and refuses a reward it does not have).
 */
export const loyaltyRewardSchema = z.object({
  kind: z.literal('loyalty.reward'),
  entryId: uuid,
  guestId: uuid,
  rewardId: safeText(64).min(1),
  points: points.min(1, 'a reward costs at least one point'),
  givenAt: instant,
});

/** Every kind of write a tablet can make, by its schema. */
export const MUTATION_SCHEMAS = {
  'guest.register': guestRegisterSchema,
  'guest.update': guestUpdateSchema,
  'purchase.record': purchaseRecordSchema,
  'purchase.void': purchaseVoidSchema,
  'loyalty.reward': loyaltyRewardSchema,
} as const;

export type MutationKind = keyof typeof MUTATION_SCHEMAS;
type MutationSchema = (typeof MUTATION_SCHEMAS)[MutationKind];

export const mutationSchema = z.discriminatedUnion('kind', Object.values(MUTATION_SCHEMAS) as [MutationSchema, ...MutationSchema[]]);
export type Mutation = z.infer<typeof mutationSchema>;
export type MutationOf<K extends MutationKind> = z.infer<(typeof MUTATION_SCHEMAS)[K]>;
export type PurchaseItem = z.infer<typeof purchaseItemSchema>;
