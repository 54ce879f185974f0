import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { claimPairingCode, createPairingCode, listDevices, revokeDevice } from './devices.repo.ts';
import { ApiError } from '../http/errors.ts';
import { ownerAuth, type OwnerEnv } from './owner-auth.ts';
import { parseJson } from '../http/validate.ts';

const claimSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{8}$/, 'code must be the 8 digits shown to the owner'),
  name: z.string().trim().min(1).max(60),
});
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const REASONS = {
  unknown: 'no such pairing code',
  expired: 'the pairing code has expired (codes last 10 minutes)',
  used: 'the pairing code was already used',
} as const;
const CLAIM_CODES = { unknown: 'code-unknown', expired: 'code-expired', used: 'code-used' } as const;

/** A tablet claims a code (no credentials yet); the owner lists, pairs and revokes tablets. */
export function devicesRoute(deps: AppDeps) {
  const owner = ownerAuth(deps.db, deps.now);
  return new Hono<OwnerEnv>()
    .post('/claim', async (c) => {
      const body = await parseJson(c, claimSchema);
      const result = await deps.db.transaction((tx) => claimPairingCode(tx, body.code, body.name, deps.now()));
      if (!result.ok) throw new ApiError(CLAIM_CODES[result.reason], REASONS[result.reason], 'code');
      return c.json({ token: result.token, deviceId: result.deviceId, cafeId: result.cafeId });
    })
    .get('/', owner, async (c) => {
      const rows = await listDevices(deps.db, c.get('owner').cafeId);
      return c.json({
        devices: rows.map((d) => ({
          id: d.id,
          name: d.name,
          pairedAt: d.created_at.toISOString(),
          revokedAt: d.revoked_at?.toISOString() ?? null,
          lastSeenAt: d.last_seen_at?.toISOString() ?? null,
          clockAheadMs: Number(d.clock_ahead_ms),
        })),
      });
    })
    .post('/pairing-code', owner, async (c) => {
      const { code, expiresAt } = await createPairingCode(deps.db, c.get('owner').cafeId, deps.now());
      return c.json({ code, expiresAt: expiresAt.toISOString() });
    })
    .post('/:id/revoke', owner, async (c) => {
      const id = c.req.param('id');
      if (!uuid.test(id)) throw new ApiError('invalid', 'id must be a device id', 'id');
      const cafeDevices = await listDevices(deps.db, c.get('owner').cafeId);
      if (!cafeDevices.some((d) => d.id === id)) throw new ApiError('unknown-device', 'no such tablet in this café', 'id');
      await revokeDevice(deps.db, id, deps.now());
      return c.json({ ok: true });
    });
}
