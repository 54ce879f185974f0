import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.ts';
import { invalid } from './openapi.ts';

/** The request body read as JSON whatever its content type, checked against its schema; a 400 names the first wrong field. */
export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError('bad-json', 'the request body is not JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}
