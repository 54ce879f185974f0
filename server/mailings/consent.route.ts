/**
 * A guest's marketing consent for the owner: the history (when, where, by whom; newest
 * first) for the guest's profile, and the owner's own change (withdrawal takes effect at
 * once on every channel and reaches the tablets at their next pull).
 */
import { createRoute } from '@hono/zod-openapi';
import { consentSetSchema, consentViewSchema, guestParamSchema } from '../../shared/api/mailings.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { AppDeps } from '../app.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import type { Sql } from '../db/db.ts';
import { ApiError } from '../http/errors.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, refusals, router } from '../http/openapi.ts';
import { changeConsent, consentHistory } from './consent.repo.ts';

const history = createRoute({
  method: 'get',
  path: '/{id}/consent',
  summary: "A guest's marketing consent and its history (when, where, by whom), newest first",
  security: OWNER,
  request: { params: guestParamSchema },
  responses: { 200: json(consentViewSchema, 'consent and history'), ...refusals('invalid', 'unknown-guest', ...OWNER_REFUSALS) },
});

const set = createRoute({
  method: 'post',
  path: '/{id}/consent',
  summary: "The owner records a guest's marketing consent or its withdrawal (effective at once)",
  security: OWNER,
  request: { params: guestParamSchema, ...jsonBody(consentSetSchema) },
  responses: { 200: json(consentViewSchema, 'consent and history'), ...refusals('invalid', 'unknown-guest', ...OWNER_REFUSALS) },
});

async function view(sql: Sql, cafeId: string, guestId: GuestId) {
  const rows = await sql.query<{ consent: boolean }>('SELECT consent FROM guests WHERE cafe_id = $1 AND id = $2', [cafeId, guestId]);
  if (!rows[0]) throw new ApiError('unknown-guest', `the café has no guest ${guestId}`, 'id');
  const changes = await consentHistory(sql, cafeId as never, guestId);
  const deviceIds = changes.flatMap((c) => (c.by.kind === 'device' && c.by.deviceId ? [c.by.deviceId] : []));
  const names = new Map(
    (deviceIds.length
      ? await sql.query<{ id: string; name: string }>('SELECT id::text, name FROM devices WHERE id::text = ANY($1::text[])', [deviceIds])
      : []
    ).map((d) => [d.id, d.name]),
  );
  return {
    guestId,
    granted: rows[0].consent,
    history: changes.map((c) => {
      const id = c.by.kind === 'device' ? c.by.deviceId : c.by.kind === 'owner' ? c.by.ownerId : c.by.kind === 'import' ? c.by.importId : null;
      return {
        granted: c.granted,
        at: c.at.toISOString(),
        source: c.source,
        by: { kind: c.by.kind, id: id || null, name: c.by.kind === 'device' ? (names.get(c.by.deviceId) ?? null) : null },
      };
    }),
  };
}

export function consentRoute(deps: AppDeps) {
  const app = router<OwnerEnv>();
  app.use(ownerAuth(deps.db, deps.now));
  return app
    .openapi(history, async (c) => c.json(await view(deps.db, c.get('owner').cafeId, c.req.valid('param').id as GuestId), 200))
    .openapi(set, async (c) => {
      const owner = c.get('owner');
      const guestId = c.req.valid('param').id as GuestId;
      const { granted } = c.req.valid('json');
      const found = await deps.db.transaction((tx) =>
        changeConsent(tx, owner.cafeId, guestId, granted, 'owner', { kind: 'owner', ownerId: owner.ownerId }, deps.now()),
      );
      if (!found) throw new ApiError('unknown-guest', `the café has no guest ${guestId}`, 'id');
      return c.json(await view(deps.db, owner.cafeId, guestId), 200);
    });
}
