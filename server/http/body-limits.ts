/**
 * Bodies are limited before they are read, so no request can make the server buffer more
 * than it will ever accept: the account and pairing routes (anyone may call them) take 16 KB,
 * the owner's routes 64 KB. The push has its own limit (PUSH_MAX_BYTES, sync.route.ts) and
 * the CLI's local administration route none (it carries import files, behind its secret),
 * and the owner's import upload its own (the file streams to disk, see import/uploads.ts).
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.ts';

export const PUBLIC_BODY_MAX_BYTES = 16 * 1024;
export const OWNER_BODY_MAX_BYTES = 64 * 1024;

const limit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError('too-large', `the request body may be at most ${maxSize / 1024} KB`);
    },
  });

const small = limit(PUBLIC_BODY_MAX_BYTES);
const owner = limit(OWNER_BODY_MAX_BYTES);

export const bodyLimits: MiddlewareHandler = (c, next) => {
  const path = c.req.path;
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || path === '/api/sync/push' || path.startsWith('/api/admin/') || path === '/api/import/uploads')
    return next();
  if (path.startsWith('/api/auth/') || path === '/api/devices/claim') return small(c, next);
  return owner(c, next);
};
