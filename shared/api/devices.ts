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
});
export const REFUSED_SHOWN = 20;
export const deviceListSchema = z.object({ devices: z.array(deviceSchema) });
export const pairingCodeSchema = z.object({ code: z.string(), expiresAt: z.string() });
export const deviceParamSchema = z.object({ id: z.uuid('id must be a device id') });

export type ClaimRequest = z.infer<typeof claimRequestSchema>;
export type Device = z.infer<typeof deviceSchema>;
export type PairingCode = z.infer<typeof pairingCodeSchema>;
