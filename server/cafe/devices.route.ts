/** A tablet claims a pairing code (no credentials yet); the owner lists, pairs and revokes tablets. */
import { createRoute } from '@hono/zod-openapi';
import {
  claimRequestSchema,
  claimResponseSchema,
  deviceListSchema,
  deviceParamSchema,
  pairingCodeParamSchema,
  pairingCodeSchema,
  pairingCodeStatusSchema,
  REFUSED_SHOWN,
  revokeQuerySchema,
} from '../../shared/api/devices.ts';
import { okSchema } from '../../shared/api/errors.ts';
import type { AppDeps } from '../app.ts';
import { clientAddress } from '../http/client-address.ts';
import { ApiError } from '../http/errors.ts';
import { SlidingWindow } from './sliding-window.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, PUBLIC, refusals, router } from '../http/openapi.ts';
import { refuseLosingUnsent } from './device-queue.repo.ts';
import { claimPairingCode, createPairingCode, listDevices, PAIRING_CODE_MAX_MISSES, pairingCodeStatus, refusedByDevice, revokeDevice } from './devices.repo.ts';
import { restoredAt } from '../sync/epoch.ts';
import { ownerAuth, type OwnerEnv } from './owner-auth.ts';

const REASONS = {
  unknown: 'no such pairing code',
  expired: 'the pairing code has expired (codes last 10 minutes)',
  used: 'the pairing code was already used',
  withdrawn: `the pairing code was withdrawn after ${PAIRING_CODE_MAX_MISSES} wrong codes were tried; ask the owner for a new one`,
} as const;
// A withdrawn code is told apart in the message only: to the tablet it is a dead code, like an expired one.
const CLAIM_CODES = { unknown: 'code-unknown', expired: 'code-expired', used: 'code-used', withdrawn: 'code-expired' } as const;

const claim = createRoute({
  method: 'post',
  path: '/claim',
  summary: 'A tablet exchanges a one-time pairing code for a device token',
  security: PUBLIC,
  request: jsonBody(claimRequestSchema),
  responses: {
    200: json(claimResponseSchema, 'the device token'),
    ...refusals('invalid', 'code-unknown', 'code-expired', 'code-used', 'too-many-attempts'),
  },
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

const codeStatus = createRoute({
  method: 'get',
  path: '/pairing-code/{id}',
  summary: 'How a pairing code stands: live, used, expired, or withdrawn after too many wrong codes',
  security: OWNER,
  request: { params: pairingCodeParamSchema },
  responses: { 200: json(pairingCodeStatusSchema, 'the code’s state'), ...refusals('invalid', 'not-found', ...OWNER_REFUSALS) },
});

const revoke = createRoute({
  method: 'post',
  path: '/{id}/revoke',
  summary: 'Unpairs a tablet: its token stops working at once. Refused (409) while it reported unsent writes, unless force=true',
  security: OWNER,
  request: { params: deviceParamSchema, query: revokeQuerySchema },
  responses: { 200: json(okSchema, 'revoked'), ...refusals('invalid', 'unknown-device', 'outbox-not-empty', ...OWNER_REFUSALS) },
});

/**
 * Wrong pairing codes: 10 per client address and 50 from everyone together in any 10 minutes
 * (a code's life), in this process's memory; beneath them each live code itself dies after
 * PAIRING_CODE_MAX_MISSES misses (devices.repo.ts), which bounds the odds of guessing one at
 * 5·10^-8 even across restarts. The price of the global limit is that a flood of misses holds
 * pairing up for everyone for up to 10 minutes.
 */
export const CLAIM_WINDOW_MS = 10 * 60_000;
export const CLAIM_MISSES_PER_SOURCE = 10;
export const CLAIM_MISSES_IN_ALL = 50;

export function devicesRoute(deps: AppDeps) {
  const owner = ownerAuth(deps.db, deps.now);
  const bySource = new SlidingWindow({ windowMs: CLAIM_WINDOW_MS, max: CLAIM_MISSES_PER_SOURCE });
  const inAll = new SlidingWindow({ windowMs: CLAIM_WINDOW_MS, max: CLAIM_MISSES_IN_ALL });
  return router<OwnerEnv>()
    .openapi(claim, async (c) => {
      const body = c.req.valid('json');
      const source = clientAddress(c, deps.trustProxy ?? false);
      const wait = Math.max(bySource.blockedFor(source, deps.now()), inAll.blockedFor('', deps.now()));
      if (wait > 0) throw new ApiError('too-many-attempts', `too many wrong pairing codes; try again in ${Math.ceil(wait / 60_000)} min`);
      const result = await deps.db.transaction((tx) => claimPairingCode(tx, body.code, body.name, deps.now()));
      if (!result.ok) {
        if (result.reason === 'unknown') {
          bySource.add(source, deps.now());
          inAll.add('', deps.now());
        }
        throw new ApiError(CLAIM_CODES[result.reason], REASONS[result.reason], 'code');
      }
      return c.json({ token: result.token, deviceId: result.deviceId, cafeId: result.cafeId }, 200);
    })
    .openapi({ ...list, middleware: [owner] }, async (c) => {
      const rows = await listDevices(deps.db, c.get('owner').cafeId);
      const refused = await refusedByDevice(deps.db, c.get('owner').cafeId, REFUSED_SHOWN);
      return c.json(
        {
          devices: rows.map((d) => ({
            id: d.id,
            name: d.name,
            pairedAt: d.created_at.toISOString(),
            revokedAt: d.revoked_at?.toISOString() ?? null,
            lastSeenAt: d.last_seen_at?.toISOString() ?? null,
            clockAheadMs: Number(d.clock_ahead_ms),
            refused: (refused.get(d.id) ?? []).map((r) => ({
              mutationId: r.mutation_id,
              kind: r.kind,
              code: r.code,
              field: r.field,
              message: r.message,
              refusedAt: r.refused_at.toISOString(),
            })),
            refusedCount: refused.get(d.id)?.[0]?.total ?? 0,
            outboxSize: d.outbox_size,
            outboxReportedAt: d.outbox_reported_at?.toISOString() ?? null,
          })),
          restoredAt: (await restoredAt(deps.db, c.get('owner').cafeId))?.toISOString() ?? null,
        },
        200,
      );
    })
    .openapi({ ...pairingCode, middleware: [owner] }, async (c) => {
      const { code, expiresAt, id } = await createPairingCode(deps.db, c.get('owner').cafeId, deps.now());
      return c.json({ code, expiresAt: expiresAt.toISOString(), id }, 200);
    })
    .openapi({ ...codeStatus, middleware: [owner] }, async (c) => {
      const status = await pairingCodeStatus(deps.db, c.get('owner').cafeId, c.req.valid('param').id, deps.now());
      if (!status) throw new ApiError('not-found', 'no such pairing code in this café', 'id');
      return c.json({ status }, 200);
    })
    .openapi({ ...revoke, middleware: [owner] }, async (c) => {
      const { id } = c.req.valid('param');
      const cafeDevices = await listDevices(deps.db, c.get('owner').cafeId);
      if (!cafeDevices.some((d) => d.id === id)) throw new ApiError('unknown-device', 'no such tablet in this café', 'id');
      await refuseLosingUnsent(deps.db, id, c.req.valid('query').force === 'true', 'send force=true');
      await revokeDevice(deps.db, id, deps.now());
      return c.json({ ok: true as const }, 200);
    });
}
