/**
 * Owner-only endpoints: the owner's session cookie, or nothing. A request carrying a device
 * token is a tablet, and tablets never see reports: 403. No credentials at all: 401.
 * Cookie-authenticated writes must also carry the session's CSRF token (x-csrf-token).
 */
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Db } from '../db/db.ts';
import { sessionById, type OwnerSession } from './sessions.repo.ts';
import { ApiError } from '../http/errors.ts';

export const SESSION_COOKIE = 'owner_session';
export type OwnerEnv = { Variables: { owner: OwnerSession; sessionId: string } };

export function ownerAuth(db: Db, now: () => Date) {
  return createMiddleware<OwnerEnv>(async (c, next) => {
    const sessionId = getCookie(c, SESSION_COOKIE);
    const owner = sessionId ? await sessionById(db, sessionId, now()) : null;
    if (!owner) {
      if (/^Bearer\s/i.test(c.req.header('authorization') ?? '')) throw new ApiError('owner-only', 'only the café owner may use this; tablets cannot');
      throw new ApiError('login-required', 'log in as the owner first (POST /api/auth/login)');
    }
    if (!['GET', 'HEAD'].includes(c.req.method) && c.req.header('x-csrf-token') !== owner.csrfToken) {
      throw new ApiError('csrf', 'missing or wrong x-csrf-token header (it is returned at login)');
    }
    c.set('owner', owner);
    c.set('sessionId', sessionId!);
    await next();
  });
}
