import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { sha256 } from './secrets.ts';
import { cafeById, ensureCafe } from './cafes.repo.ts';

import { changePassword, createOwner, ownerCount, useSetupToken } from './owners.repo.ts';
import { checkOwnerPassword, createSession, deleteSession, SESSION_TTL_MS } from './sessions.repo.ts';
import { ApiError } from '../http/errors.ts';
import { ownerAuth, SESSION_COOKIE, type OwnerEnv } from './owner-auth.ts';
import { parseJson } from '../http/validate.ts';
import { LoginLimiter } from './login-limiter.ts';

const email = z.string().trim().min(3).max(200);
const newPassword = z.string().min(8, 'a password needs at least 8 characters').max(200);
const loginSchema = z.object({ email, password: z.string().min(1).max(200) });
const setupSchema = z.object({
  token: z.string().min(20).max(100),
  email: email.regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'not an e-mail address'),
  password: newPassword,
});
const passwordSchema = z.object({ current: z.string().min(1).max(200), next: newPassword });

async function startSession(c: Context, deps: AppDeps, ownerId: string) {
  const s = await createSession(deps.db, ownerId, deps.now());
  setCookie(c, SESSION_COOKIE, s.sessionId, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
  return c.json({ ok: true, csrfToken: s.csrfToken });
}

export function authRoute(deps: AppDeps) {
  const limiter = new LoginLimiter();
  const owner = ownerAuth(deps.db, deps.now);
  return (
    new Hono<OwnerEnv>()
      .post('/login', async (c) => {
        const body = await parseJson(c, loginSchema);
        const key = body.email.toLowerCase();
        const wait = limiter.blockedFor(key, deps.now());
        if (wait > 0) throw new ApiError('too-many-attempts', `too many failed logins; try again in ${Math.ceil(wait / 60_000)} min`);
        const found = await checkOwnerPassword(deps.db, body.email, body.password);
        if (!found) {
          limiter.failed(key, deps.now());
          throw new ApiError('bad-credentials', 'wrong e-mail or password');
        }
        limiter.succeeded(key);
        return startSession(c, deps, found.id);
      })
      // The first owner, through the one-time link the server printed at its first start.
      .post('/setup', async (c) => {
        const body = await parseJson(c, setupSchema);
        const ownerId = await deps.db.transaction(async (tx) => {
          if ((await ownerCount(tx)) > 0) throw new ApiError('owner-exists', 'the café already has an owner: log in instead');
          if (!(await useSetupToken(tx, body.token, deps.now())))
            throw new ApiError('setup-link-invalid', 'this setup link is unknown, used or expired: restart the server for a new one', 'token');
          const cafe = await ensureCafe(tx);
          return (await createOwner(tx, cafe.id, body.email, body.password)).id;
        });
        return startSession(c, deps, ownerId);
      })
      .get('/session', owner, async (c) => {
        const o = c.get('owner');
        const cafe = await cafeById(deps.db, o.cafeId);
        return c.json({ email: o.email, csrfToken: o.csrfToken, cafe: { name: cafe.name } });
      })
      .post('/password', owner, async (c) => {
        const body = await parseJson(c, passwordSchema);
        const ok = await deps.db.transaction((tx) => changePassword(tx, c.get('owner').ownerId, body.current, body.next, sha256(c.get('sessionId'))));
        if (!ok) throw new ApiError('wrong-password', 'the current password is wrong', 'current');
        return c.json({ ok: true });
      })
      .post('/logout', owner, async (c) => {
        await deleteSession(deps.db, c.get('sessionId'));
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.json({ ok: true });
      })
  );
}
