/** The tablets' sync endpoints (DESIGN.md "Sync"): push a batch of mutations, pull what changed after a cursor. */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import {
  MIN_PROTOCOL,
  PROTOCOL,
  PUSH_MAX_BYTES,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  rawPushRequestSchema,
} from '../../shared/sync/protocol.ts';
import type { AppDeps } from '../app.ts';
import { deviceAuth, type DeviceEnv } from '../cafe/device-auth.ts';
import { noteQueueReport } from '../cafe/device-queue.repo.ts';
import { revokeDevice } from '../cafe/devices.repo.ts';
import { okSchema } from '../../shared/api/errors.ts';
import { ApiError, ProtocolError } from '../http/errors.ts';
import { DEVICE, json, jsonBody, refusals, router } from '../http/openapi.ts';
import { parseJson } from '../http/validate.ts';
import { pull } from './pull.ts';
import { applyPush } from './push.ts';

const DEVICE_REFUSALS = ['no-token', 'bad-token', 'token-revoked', 'client-outdated', 'protocol-unsupported'] as const;

const pushRoute = createRoute({
  method: 'post',
  path: '/push',
  summary: 'A tablet uploads a batch of mutations (idempotent by mutation id; protocol 2 answers each as acked or refused)',
  security: DEVICE,
  request: jsonBody(pushRequestSchema),
  responses: {
    200: json(pushResponseSchema, 'the batch is applied, but for the mutations listed as refused'),
    ...refusals('invalid', 'bad-json', 'too-large', 'unknown-guest', 'unknown-purchase', 'id-conflict', ...DEVICE_REFUSALS),
  },
});

const pullRoute = createRoute({
  method: 'get',
  path: '/pull',
  summary: 'A tablet downloads changes after its cursor: guests with stats, merges, voids, settings',
  security: DEVICE,
  request: {
    query: z.object({
      since: z.string().optional(),
      protocol: z.string().optional(),
      /** How many writes wait in the tablet's outbox (shared/sync/protocol.ts queueReport). */
      outbox: z.string().optional(),
    }),
  },
  responses: { 200: json(pullResponseSchema, 'a page of changes and the next cursor'), ...refusals('invalid', ...DEVICE_REFUSALS) },
});

const unpairRoute = createRoute({
  method: 'post',
  path: '/unpair',
  summary: 'A tablet disconnects itself (its outbox empty): its token stops working, and the owner sees it revoked',
  security: DEVICE,
  responses: { 200: json(okSchema, 'revoked'), ...refusals(...DEVICE_REFUSALS) },
});

const SUPPORTED = { min: MIN_PROTOCOL, max: PROTOCOL };

/**
 * A version outside MIN_PROTOCOL..PROTOCOL is 426 with the supported range in the body: the app
 * and the server ship together (the server serves the PWA), so reloading the app brings either
 * side's tablet to the server's version. Older: `client-outdated`; newer (a server restored or
 * rolled back under a newer cached app): `protocol-unsupported`. Garbage (not a small positive
 * integer) is 400, as any bad field.
 */
export function checkProtocol(version: number) {
  if (!Number.isSafeInteger(version) || version < 1 || version > 1_000_000)
    throw new ApiError('invalid', `protocol must be a sync protocol version (this server speaks ${MIN_PROTOCOL}–${PROTOCOL})`, 'protocol');
  if (version > PROTOCOL)
    throw new ProtocolError(
      'protocol-unsupported',
      `this tablet speaks sync protocol ${version}, newer than this server's ${MIN_PROTOCOL}–${PROTOCOL}: reload the app to get the server's version`,
      SUPPORTED,
    );
  if (version < MIN_PROTOCOL)
    throw new ProtocolError(
      'client-outdated',
      `this tablet speaks sync protocol ${version}; the server needs ${MIN_PROTOCOL}–${PROTOCOL}: please update the app`,
      SUPPORTED,
    );
}

export function syncRoute(deps: AppDeps) {
  const app = router<DeviceEnv>();
  app.use(deviceAuth(deps.db));
  // The push is documented by its schema but read by hand: its size is limited before the body
  // is parsed, and a tablet's body is read as JSON whatever content type an old app sent.
  app.openAPIRegistry.registerPath(pushRoute);
  app.post(
    '/push',
    bodyLimit({
      maxSize: PUSH_MAX_BYTES,
      onError: () => {
        throw new ApiError('too-large', `a push may be at most ${PUSH_MAX_BYTES} bytes; send smaller batches`);
      },
    }),
    async (c) => {
      const body = await parseJson(c, rawPushRequestSchema);
      checkProtocol(body.protocol);
      return c.json((await applyPush(deps.db, c.get('device'), body, deps.now(), deps.pushHooks)).response);
    },
  );
  app.openapi(unpairRoute, async (c) => {
    await revokeDevice(deps.db, c.get('device').id, deps.now());
    return c.json({ ok: true as const }, 200);
  });
  return app.openapi(pullRoute, async (c) => {
    const query = c.req.valid('query');
    checkProtocol(query.protocol === undefined ? PROTOCOL : /^\d{1,7}$/.test(query.protocol) ? Number(query.protocol) : Number.NaN);
    const since = query.since ?? '0';
    if (!/^\d{1,18}$/.test(since)) throw new ApiError('invalid', 'since must be a cursor returned by an earlier pull', 'since');
    if (query.outbox !== undefined && !/^\d{1,9}$/.test(query.outbox)) throw new ApiError('invalid', 'outbox must be a count of writes', 'outbox');
    // Noted before the page is read, outside its snapshot: the report is the tablet's, not the café's changes.
    if (query.outbox !== undefined) await noteQueueReport(deps.db, c.get('device').id, { outboxSize: Number(query.outbox) }, deps.now());
    return c.json(await pull(deps.db, c.get('device'), Number(since), deps.now()), 200);
  });
}
