/**
 * The sync contract between a tablet and the server (DESIGN.md "Sync"). One zod schema per
 * message. A tablet pushes outbox batches (at most PUSH_LIMIT mutations); the server applies
 * a batch in one transaction, idempotently by mutation id, and acks. A tablet then pulls the
 * changes after its cursor: guests with the server's stats, merges, voids, settings, promotions
 * and the uses of limited promotions — never other tablets' purchases themselves — and the ids
 * of guests deleted on the owner's request (`erased`), whom a tablet drops. A client older than MIN_PROTOCOL is told to update.
 */
import { z } from 'zod';
import { mutationSchema } from './mutations.ts';
import { ruleSetSchema } from '../segments/rule-set-schema.ts';
import { voidWindowDaysSchema } from '../api/settings.ts';
import { programSchema } from '../loyalty/program-schema.ts';
import { benefitSchema, promotionSchema } from '../promotions/promotion-json.ts';

import { PUSH_LIMIT } from './limits.ts';
import { hlcStamp, plausibleInstant } from './plausible.ts';

export * from './limits.ts';

const instant = z.iso.datetime({ offset: true });

export const envelopeSchema = z.object({
  mutationId: z.uuid(),
  /** The tablet's clock when the write was made. */
  at: plausibleInstant,
  /** Hybrid logical clock of the write (orders profile edits). */
  hlc: hlcStamp,
  mutation: mutationSchema,
});
export type Envelope = z.infer<typeof envelopeSchema>;

/**
 * What a tablet says of its own queue with each push (and, as query parameters, each pull):
 * `outboxSize`, how many writes wait in its outbox besides this batch, so the owner sees them
 * before revoking it; `highestSeq`, the highest outbox sequence number among this batch's writes,
 * so the server knows how far this tablet's writes have reached it (a tablet whose own record is
 * behind that has lost local state). Optional: an older app sends neither.
 */
const queueReport = {
  outboxSize: z.number().int().nonnegative().max(1e9).optional(),
  highestSeq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
};

export const pushRequestSchema = z.object({
  protocol: z.number().int(),
  deviceTime: instant,
  mutations: z.array(envelopeSchema).max(PUSH_LIMIT),
  ...queueReport,
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * A push as the server first reads it: each envelope is then checked on its own, so one bad
 * mutation is refused alone (protocol 2) instead of sinking the batch and the queue behind it.
 */
export const rawPushRequestSchema = z.object({
  protocol: z.number().int(),
  deviceTime: instant,
  mutations: z.array(z.unknown()).max(PUSH_LIMIT),
  ...queueReport,
});
export type RawPushRequest = z.infer<typeof rawPushRequestSchema>;

/** One mutation the server will not apply, now or ever: the tablet sets it aside for review. */
export const refusalSchema = z.object({
  mutationId: z.uuid(),
  code: z.string(),
  message: z.string(),
  /** The field at fault, as a path inside the push (`mutations.3.mutation.amount`). */
  field: z.string().optional(),
});
export type Refusal = z.infer<typeof refusalSchema>;

export const pushResponseSchema = z.object({
  /** Stored now or before: the tablet may forget them. */
  acked: z.array(z.uuid()),
  /** Protocol 2: never to be stored (invalid, or an id already used for other content). */
  refused: z.array(refusalSchema).default([]),
  /**
   * The server's sync epoch: it changes when the server is restored from a backup. A tablet
   * that sees it change re-sends what it holds and pulls from the start. Optional: an older
   * server sends none.
   */
  epoch: z.string().optional(),
  serverTime: instant,
  clockAheadMs: z.number(),
  clockFlagged: z.boolean(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const serverStatsSchema = z.object({
  purchaseCount: z.number().int().nonnegative(),
  firstPurchaseAt: instant.nullable(),
  lastPurchaseAt: instant.nullable(),
  /** Paid money (amount − discount − points) of the non-voided purchases, as every report counts it. */
  totalSpend: z.number().int().nonnegative(),
  /**
   * Paid spend over the tier window (the last 365 café days, moved by the server's daily job):
   * the tablet's tier for the guest is tierFor(program.tiers, tierSpend + its own uncounted paid).
   */
  tierSpend: z.number().int().nonnegative(),
});

export const pulledGuestSchema = z.object({
  id: z.uuid(),
  phone: z.string(),
  name: z.string().nullable(),
  birthday: z.iso.date().nullable(),
  consent: z.object({ granted: z.boolean(), at: instant }),
  registeredAt: instant,
  stats: serverStatsSchema,
});
export type PulledGuest = z.infer<typeof pulledGuestSchema>;

/**
 * A guest's bonus balance as the server holds it (shared/loyalty/ledger.ts replayed over its
 * ledger): the base of the tablet's balance view (shared/loyalty/balance-view.ts). `balance` is
 * negative exactly while the guest is overdrawn, by `overdraft`. `oldestLot`: the guest's oldest
 * unspent points — the lots earned on the café day of the oldest one, and that lot's earning
 * time — from which the counter shows the next expiry (lotExpiresOn(earnedAt, program)); null
 * when the guest holds no points.
 */
export const pulledBalanceSchema = z.object({
  guestId: z.uuid(),
  balance: z.number().int(),
  overdraft: z.number().int().nonnegative(),
  oldestLot: z.object({ earnedAt: instant, points: z.number().int().positive() }).nullable(),
});
export type PulledBalance = z.infer<typeof pulledBalanceSchema>;

/** One guest's use of a promotion: the purchase that carried it (see `promotionUses` below). */
export const pulledUseSchema = z.object({
  purchaseId: z.uuid(),
  guestId: z.uuid(),
  promotionId: z.uuid(),
  usedAt: instant,
  voided: z.boolean(),
});
export type PulledUse = z.infer<typeof pulledUseSchema>;

export const pullResponseSchema = z.object({
  protocol: z.number().int(),
  /** As in a push answer: changed by a restore. */
  epoch: z.string().optional(),
  /**
   * The highest outbox sequence number of this tablet's writes the server has received. A tablet
   * that holds a lower one lost writes it had made (its database was wiped or rolled back).
   * Optional: an older server sends none.
   */
  deviceSeq: z.number().int().nonnegative().optional(),
  cursor: z.string(),
  more: z.boolean(),
  serverTime: instant,
  maxHlc: z.string().nullable(),
  guests: z.array(pulledGuestSchema),
  merges: z.array(z.object({ from: z.uuid(), into: z.uuid() })),
  /** Guests deleted on request (152-FZ): the tablet forgets them; its purchases of them stay, without a guest. */
  erased: z.array(z.uuid()).default([]),
  voids: z.array(z.object({ purchaseId: z.uuid(), guestId: z.uuid().nullable() })),
  /** The café's settings when the owner changed them; `voidWindowDays` absent from an older server: the tablet keeps its own. */
  settings: z.object({ timeZone: z.string(), rules: ruleSetSchema, voidWindowDays: voidWindowDaysSchema.optional() }).nullable(),
  /** Balances that changed after the cursor (every guest's, on a first pull). */
  balances: z.array(pulledBalanceSchema),
  /** The bonus programme when the owner changed it after the cursor; null: unchanged (never saved: DEFAULT_PROGRAM). */
  program: programSchema.nullable(),
  /**
   * Promotions the owner created or changed after the cursor, whatever their status (a paused or
   * ended one replaces the tablet's copy, which then stops offering it). Optional, so a page from
   * an older server (and an older tablet's own fixtures) still parses: absent means none changed.
   */
  promotions: z.array(promotionSchema).optional(),
  /**
   * Personal promotions granted (or granted again) after the cursor: the counter offers such a
   * promotion only to its guests (shared/promotions/personal.ts), with the benefit sized for
   * them (null: the promotion's own). Optional as `promotions` is.
   */
  promotionGrants: z.array(z.object({ promotionId: z.uuid(), guestId: z.uuid(), benefit: benefitSchema.nullable() })).optional(),
  /**
   * Every tablet's uses of live promotions with a per-guest limit ('once': all of them;
   * 'daily': the last two days', enough for today's café day however a tablet's clock lags),
   * stored or voided after the cursor — and all of a promotion's again when the promotion itself
   * changed, since a tablet may have skipped them while it was not limited. A voided one
   * (`voided`) is forgotten. The counter counts these with its own uses, one per purchase id
   * (client/data/offers.ts). Optional as `promotions` is.
   */
  promotionUses: z.array(pulledUseSchema).optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** A pull page's changes when nothing changed: what the server fills from its sources (and tests fill in). */
export const emptyPullChanges = (): Omit<PullResponse, 'protocol' | 'epoch' | 'cursor' | 'more' | 'serverTime'> => ({
  maxHlc: null,
  guests: [],
  merges: [],
  erased: [],
  voids: [],
  settings: null,
  balances: [],
  program: null,
  promotions: [],
  promotionGrants: [],
  promotionUses: [],
});
