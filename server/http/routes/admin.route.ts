/**
 * Local administration while the server holds the embedded database (PGlite allows one
 * process): the CLI finds the server's port and a per-start secret in DATA_DIR/server.json
 * and asks it. Whoever can read DATA_DIR can read all the data anyway, so the secret gives
 * nothing more; without it these routes do not exist (404).
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { AppDeps } from '../../app.ts';
import { ensureCafe } from '../../repos/cafes.repo.ts';
import { createPairingCode } from '../../repos/devices.repo.ts';
import { ApiError, errorBody } from '../errors.ts';

export function adminRoute(deps: AppDeps) {
  return new Hono().post('/pair', async (c) => {
    const given = Buffer.from(c.req.header('x-admin-secret') ?? '');
    const secret = Buffer.from(deps.adminSecret ?? '');
    if (!deps.adminSecret) return c.json(errorBody('not-found', `no API route POST ${c.req.path}`), 404);
    if (given.length !== secret.length || !timingSafeEqual(given, secret)) throw new ApiError(403, 'forbidden', 'local administration needs the secret from DATA_DIR/server.json');
    const cafe = await ensureCafe(deps.db);
    const { code, expiresAt } = await createPairingCode(deps.db, cafe.id, deps.now());
    return c.json({ code, expiresAt: expiresAt.toISOString() });
  });
}
