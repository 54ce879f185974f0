/** Counter tablets: a tablet claims a pairing code; the owner lists, pairs and revokes them. */
import { z } from 'zod';
import { hasUnsafeCharacters } from '../domain/safe-text.ts';

export const claimRequestSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{8}$/, 'code must be the 8 digits shown to the owner'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .refine((s) => !hasUnsafeCharacters(s), 'the name must not contain control or direction characters'),
});
export const claimResponseSchema = z.object({ token: z.string(), deviceId: z.string(), cafeId: z.string() });

export const deviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  pairedAt: z.string(),
  revokedAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  /** How far ahead of the server the tablet's clock was last seen, ms. */
  clockAheadMs: z.number(),
  /** Mutations of this tablet the server refused for good (what, why, when), the newest first, at most REFUSED_SHOWN. */
  refused: z
    .array(
      z.object({
        mutationId: z.string(),
        kind: z.string().nullable(),
        code: z.string(),
        field: z.string().nullable(),
        message: z.string(),
        refusedAt: z.string(),
      }),
    )
    .default([]),
  /** How many it refused in all. */
  refusedCount: z.number().int().default(0),
  /**
   * How many writes the tablet last said were waiting in its outbox, and when (null: it never
   * said: not synced since pairing, or an older app). Revoking it while this is above 0 needs
   * `force`: those writes would be lost.
   */
  outboxSize: z.number().int().nullable().default(null),
  outboxReportedAt: z.string().nullable().default(null),
});
export const REFUSED_SHOWN = 20;
/**
 * `restoredAt`: when the café's data was last restored from a backup (null: never). A tablet not
 * seen since holds what the backup lacks, and sends it at its next sync.
 */
export const deviceListSchema = z.object({ devices: z.array(deviceSchema), restoredAt: z.string().nullable().default(null) });
/** `id` names the code in later questions about it (its hash: the code itself is never sent again). */
export const pairingCodeSchema = z.object({ code: z.string(), expiresAt: z.string(), id: z.string() });
export const deviceParamSchema = z.object({ id: z.uuid('id must be a device id') });
/** `force=true`: revoke even though the tablet reported unsent writes (the owner confirmed they are lost). */
export const revokeQuerySchema = z.object({ force: z.enum(['true', 'false']).optional() });

/**
 * A pairing code's state, which the owner's screen asks for while it shows the code: `withdrawn`
 * after too many wrong codes were tried (server/cafe/devices.repo.ts), so the screen stops showing
 * it as live and asks for a new one.
 */
export const pairingCodeStatusSchema = z.object({ status: z.enum(['live', 'used', 'expired', 'withdrawn']) });
export const pairingCodeParamSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'id must be the id given with the code') });
export type PairingCodeStatus = z.infer<typeof pairingCodeStatusSchema>['status'];

export type ClaimRequest = z.infer<typeof claimRequestSchema>;
export type Device = z.infer<typeof deviceSchema>;
export type PairingCode = z.infer<typeof pairingCodeSchema>;
