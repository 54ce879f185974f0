/**
 * Routes are declared with the zod schemas of shared/api (through @hono/zod-openapi): the same
 * schema validates the request, types the handler and describes the route at
 * /api/openapi.json, so the document cannot drift from the code. A request that fails its
 * schema is refused with a 400 naming the first wrong field, in the API's one error shape.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { z } from 'zod';
import type { ErrorCode } from '../../shared/api/error-codes.ts';
import { errorSchema } from '../../shared/api/errors.ts';
import { ApiError, STATUS } from './errors.ts';

/** The first problem of a failed schema as the API's 400: `field: what is wrong`. */
export function invalid(error: z.ZodError): ApiError {
  const issue = error.issues[0]!;
  const field = issue.path.join('.');
  return new ApiError('invalid', `${field || 'body'}: ${issue.message}`, field || undefined);
}

/** A router whose routes validate with their schemas and refuse in the API's error shape. */
export const router = <E extends Env = Env>() =>
  new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) throw invalid(result.error);
    },
  });

export const jsonBody = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });

export const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });

/** The refusals a route can give, by status, each with the codes it uses. */
export function refusals(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(STATUS[code], [...(byStatus.get(STATUS[code]) ?? []), code]);
  return Object.fromEntries([...byStatus].map(([status, list]) => [status, json(errorSchema, list.join(', '))]));
}

/** Every owner route may refuse these: no session (401), a tablet's token or no CSRF token on a write (403). */
export const OWNER_REFUSALS = ['login-required', 'owner-only', 'csrf'] as const satisfies ErrorCode[];
export const OWNER = [{ owner: [] }];
export const DEVICE = [{ device: [] }];
export const PUBLIC: [] = [];

export const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'Café loyalty API', version: '0.2.0' },
};

export function describeApi(app: OpenAPIHono) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'device', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'owner', { type: 'apiKey', in: 'cookie', name: 'owner_session' });
  return app.getOpenAPI31Document(DOCUMENT);
}
