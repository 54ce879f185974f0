import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { checkOwnerPassword, createSession, deleteSession, SESSION_TTL_MS } from '../../repos/sessions.repo.ts';
import { ApiError } from '../errors.ts';
import { ownerAuth, SESSION_COOKIE, type OwnerEnv } from '../owner-auth.ts';
import { parseJson } from '../validate.ts';
import { LoginLimiter } from './login-limiter.ts';

const loginSchema = z.object({ email: z.string().trim().min(3).max(200), password: z.string().min(1).max(200) });

export function authRoute(deps: AppDeps) {
  const limiter = new LoginLimiter();
  return new Hono<OwnerEnv>()
    .post('/login', async (c) => {
      const body = await parseJson(c, loginSchema);
      const key = body.email.toLowerCase();
      const wait = limiter.blockedFor(key, deps.now());
      if (wait > 0) throw new ApiError(429, 'too-many-attempts', `too many failed logins; try again in ${Math.ceil(wait / 60_000)} min`);
      const owner = await checkOwnerPassword(deps.db, body.email, body.password);
      if (!owner) {
        limiter.failed(key, deps.now());
        throw new ApiError(401, 'bad-credentials', 'wrong e-mail or password');
      }
      limiter.succeeded(key);
      const s = await createSession(deps.db, owner.id, deps.now());
      setCookie(c, SESSION_COOKIE, s.sessionId, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: new URL(c.req.url).protocol === 'https:',
        path: '/',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return c.json({ ok: true, csrfToken: s.csrfToken });
    })
    .post('/logout', ownerAuth(deps.db, deps.now), async (c) => {
      await deleteSession(deps.db, c.get('sessionId'));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true });
    });
}
