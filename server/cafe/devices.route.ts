/** A tablet claims a pairing code (no credentials yet); the owner lists, pairs and revokes tablets. */
import { createRoute } from '@hono/zod-openapi';
import { claimRequestSchema, claimResponseSchema, deviceListSchema, deviceParamSchema, pairingCodeSchema } from '../../shared/api/devices.ts';
import { okSchema } from '../../shared/api/errors.ts';
import type { AppDeps } from '../app.ts';
import { ApiError } from '../http/errors.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, PUBLIC, refusals, router } from '../http/openapi.ts';
import { claimPairingCode, createPairingCode, listDevices, revokeDevice } from './devices.repo.ts';
import { ownerAuth, type OwnerEnv } from './owner-auth.ts';

const REASONS = {
  unknown: 'no such pairing code',
  expired: 'the pairing code has expired (codes last 10 minutes)',
  used: 'the pairing code was already used',
} as const;
const CLAIM_CODES = { unknown: 'code-unknown', expired: 'code-expired', used: 'code-used' } as const;

const claim = createRoute({
  method: 'post',
  path: '/claim',
  summary: 'A tablet exchanges a one-time pairing code for a device token',
  security: PUBLIC,
  request: jsonBody(claimRequestSchema),
  responses: { 200: json(claimResponseSchema, 'the device token'), ...refusals('invalid', 'code-unknown', 'code-expired', 'code-used') },
});

const list = createRoute({
  method: 'get',
  path: '/',
  summary: "The café's tablets: paired, last seen, revoked, clock ahead",
  security: OWNER,
  responses: { 200: json(deviceListSchema, 'the tablets'), ...refusals(...OWNER_REFUSALS) },
});

const pairingCode = createRoute({
  method: 'post',
  path: '/pairing-code',
  summary: 'A one-time code (10 minutes) to pair a tablet',
  security: OWNER,
  responses: { 200: json(pairingCodeSchema, 'the code'), ...refusals(...OWNER_REFUSALS) },
});

const revoke = createRoute({
  method: 'post',
  path: '/{id}/revoke',
  summary: 'Unpairs a tablet: its token stops working at once',
  security: OWNER,
  request: { params: deviceParamSchema },
  responses: { 200: json(okSchema, 'revoked'), ...refusals('invalid', 'unknown-device', ...OWNER_REFUSALS) },
});

export function devicesRoute(deps: AppDeps) {
  const owner = ownerAuth(deps.db, deps.now);
  return router<OwnerEnv>()
    .openapi(claim, async (c) => {
      const body = c.req.valid('json');
      const result = await deps.db.transaction((tx) => claimPairingCode(tx, body.code, body.name, deps.now()));
      if (!result.ok) throw new ApiError(CLAIM_CODES[result.reason], REASONS[result.reason], 'code');
      return c.json({ token: result.token, deviceId: result.deviceId, cafeId: result.cafeId }, 200);
    })
    .openapi({ ...list, middleware: [owner] }, async (c) => {
      const rows = await listDevices(deps.db, c.get('owner').cafeId);
      return c.json(
        {
          devices: rows.map((d) => ({
            id: d.id,
            name: d.name,
            pairedAt: d.created_at.toISOString(),
            revokedAt: d.revoked_at?.toISOString() ?? null,
            lastSeenAt: d.last_seen_at?.toISOString() ?? null,
            clockAheadMs: Number(d.clock_ahead_ms),
          })),
        },
        200,
      );
    })
    .openapi({ ...pairingCode, middleware: [owner] }, async (c) => {
      const { code, expiresAt } = await createPairingCode(deps.db, c.get('owner').cafeId, deps.now());
      return c.json({ code, expiresAt: expiresAt.toISOString() }, 200);
    })
    .openapi({ ...revoke, middleware: [owner] }, async (c) => {
      const { id } = c.req.valid('param');
      const cafeDevices = await listDevices(deps.db, c.get('owner').cafeId);
      if (!cafeDevices.some((d) => d.id === id)) throw new ApiError('unknown-device', 'no such tablet in this café', 'id');
      await revokeDevice(deps.db, id, deps.now());
      return c.json({ ok: true as const }, 200);
    });
}
