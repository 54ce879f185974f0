/**
 * The owner's account over HTTP: login, first-run setup, who is here (a 200 either way, so a
 * visit before login logs no error), session, password change and reset, logout.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { getCookie } from 'hono/cookie';
import {
  authStateSchema,
  loginRequestSchema,
  passwordRequestSchema,
  resetRequestSchema,
  sessionSchema,
  sessionStartedSchema,
  setupRequestSchema,
} from '../../shared/api/auth.ts';
import { okSchema } from '../../shared/api/errors.ts';
import type { AppDeps } from '../app.ts';
import { ApiError } from '../http/errors.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, PUBLIC, refusals, router } from '../http/openapi.ts';
import { cafeById, ensureCafe } from './cafes.repo.ts';
import { LOGIN_WINDOW_MS, LoginLimiter, MAX_FAILURES_PER_EMAIL } from './login-limiter.ts';
import { clientAddress, overTls } from '../http/client-address.ts';
import { SlidingWindow } from './sliding-window.ts';
import { ownerAuth, SESSION_COOKIE, type OwnerEnv } from './owner-auth.ts';
import { changePassword, createOwner, ownerCount, resetPassword, useSetupToken } from './owners.repo.ts';
import { sha256 } from './secrets.ts';
import { checkOwnerPassword, createSession, deleteSession, sessionById, SESSION_TTL_MS } from './sessions.repo.ts';

const login = createRoute({
  method: 'post',
  path: '/login',
  summary: 'The owner logs in; sets an HttpOnly session cookie and returns the CSRF token for writes',
  security: PUBLIC,
  request: jsonBody(loginRequestSchema),
  responses: { 200: json(sessionStartedSchema, 'logged in'), ...refusals('invalid', 'bad-credentials', 'too-many-attempts') },
});

const setup = createRoute({
  method: 'post',
  path: '/setup',
  summary: 'Creates the first owner with the one-time link printed at a first start; logs them in',
  security: PUBLIC,
  request: jsonBody(setupRequestSchema),
  responses: { 200: json(sessionStartedSchema, 'owner created and logged in'), ...refusals('invalid', 'owner-exists', 'setup-link-invalid') },
});

const session = createRoute({
  method: 'get',
  path: '/session',
  summary: "The owner's session: e-mail, café name and the CSRF token for writes",
  security: OWNER,
  responses: { 200: json(sessionSchema, 'the session'), ...refusals(...OWNER_REFUSALS) },
});

const state = createRoute({
  method: 'get',
  path: '/state',
  summary: "Who is here: whether the café has an owner yet, and the owner's session when the cookie holds one (always 200)",
  security: PUBLIC,
  responses: { 200: json(authStateSchema, 'the state') },
});

const reset = createRoute({
  method: 'post',
  path: '/reset',
  summary: 'Sets a new password through the one-time link `npm run cli -- owner reset-password` prints; ends every session and logs in',
  security: PUBLIC,
  request: jsonBody(resetRequestSchema),
  responses: { 200: json(sessionStartedSchema, 'password set and logged in'), ...refusals('invalid', 'reset-link-invalid') },
});

const password = createRoute({
  method: 'post',
  path: '/password',
  summary: "Changes the owner's password ({ current, next }); ends the owner's other sessions",
  security: OWNER,
  request: jsonBody(passwordRequestSchema),
  responses: { 200: json(okSchema, 'changed'), ...refusals('invalid', 'wrong-password', 'too-many-attempts', ...OWNER_REFUSALS) },
});

const logout = createRoute({
  method: 'post',
  path: '/logout',
  summary: 'Ends the owner session',
  security: OWNER,
  responses: { 200: json(okSchema, 'logged out'), ...refusals(...OWNER_REFUSALS) },
});

async function startSession(c: Context, deps: AppDeps, ownerId: string) {
  const s = await createSession(deps.db, ownerId, deps.now());
  setCookie(c, SESSION_COOKIE, s.sessionId, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: overTls(c, deps.trustProxy ?? false),
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
  return { ok: true as const, csrfToken: s.csrfToken };
}

export function authRoute(deps: AppDeps) {
  const limiter = new LoginLimiter();
  // The current password can be guessed here too, by whoever holds a session: as slowly as at login.
  const passwordFailures = new SlidingWindow({ windowMs: LOGIN_WINDOW_MS, max: MAX_FAILURES_PER_EMAIL });
  const owner = ownerAuth(deps.db, deps.now);
  return (
    router<OwnerEnv>()
      .openapi(login, async (c) => {
        const body = c.req.valid('json');
        const source = clientAddress(c, deps.trustProxy ?? false);
        const wait = limiter.blockedFor(source, body.email, deps.now());
        if (wait > 0) throw new ApiError('too-many-attempts', `too many failed logins; try again in ${Math.ceil(wait / 60_000)} min`);
        const found = await checkOwnerPassword(deps.db, body.email, body.password);
        if (!found) {
          limiter.failed(source, body.email, deps.now());
          throw new ApiError('bad-credentials', 'wrong e-mail or password');
        }
        limiter.succeeded(source, body.email);
        return c.json(await startSession(c, deps, found.id), 200);
      })
      // The first owner, through the one-time link the server printed at its first start.
      .openapi(setup, async (c) => {
        const body = c.req.valid('json');
        const ownerId = await deps.db.transaction(async (tx) => {
          if ((await ownerCount(tx)) > 0) throw new ApiError('owner-exists', 'the café already has an owner: log in instead');
          if (!(await useSetupToken(tx, body.token, deps.now())))
            throw new ApiError('setup-link-invalid', 'this setup link is unknown, used or expired: restart the server for a new one', 'token');
          const cafe = await ensureCafe(tx);
          return (await createOwner(tx, cafe.id, body.email, body.password)).id;
        });
        return c.json(await startSession(c, deps, ownerId), 200);
      })
      .openapi(state, async (c) => {
        const sessionId = getCookie(c, SESSION_COOKIE);
        const o = sessionId ? await sessionById(deps.db, sessionId, deps.now()) : null;
        const ownerExists = o !== null || (await ownerCount(deps.db)) > 0;
        const session = o ? { email: o.email, csrfToken: o.csrfToken, cafe: { name: (await cafeById(deps.db, o.cafeId)).name } } : null;
        c.header('cache-control', 'no-store');
        return c.json({ ownerExists, session }, 200);
      })
      .openapi(reset, async (c) => {
        const body = c.req.valid('json');
        const found = await deps.db.transaction((tx) => resetPassword(tx, body.token, body.password, deps.now()));
        if (!found)
          throw new ApiError(
            'reset-link-invalid',
            'this reset link is unknown, used or expired: make a new one with npm run cli -- owner reset-password',
            'token',
          );
        return c.json(await startSession(c, deps, found.id), 200);
      })
      .openapi({ ...session, middleware: [owner] }, async (c) => {
        const o = c.get('owner');
        const cafe = await cafeById(deps.db, o.cafeId);
        return c.json({ email: o.email, csrfToken: o.csrfToken, cafe: { name: cafe.name } }, 200);
      })
      .openapi({ ...password, middleware: [owner] }, async (c) => {
        const body = c.req.valid('json');
        const ownerId = c.get('owner').ownerId;
        const wait = passwordFailures.blockedFor(ownerId, deps.now());
        if (wait > 0) throw new ApiError('too-many-attempts', `too many wrong passwords; try again in ${Math.ceil(wait / 60_000)} min`);
        const ok = await deps.db.transaction((tx) => changePassword(tx, ownerId, body.current, body.next, sha256(c.get('sessionId'))));
        if (!ok) {
          passwordFailures.add(ownerId, deps.now());
          throw new ApiError('wrong-password', 'the current password is wrong', 'current');
        }
        return c.json({ ok: true as const }, 200);
      })
      .openapi({ ...logout, middleware: [owner] }, async (c) => {
        await deleteSession(deps.db, c.get('sessionId'));
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.json({ ok: true as const }, 200);
      })
  );
}
