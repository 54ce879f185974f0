/**
 * Every API error leaves as `{ "error": { "code", "message", "field"? } }` with one status
 * per code, so clients branch on the code and show the message.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, field?: string) {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

export function sendError(c: Context, e: unknown) {
  if (e instanceof ApiError) return c.json(errorBody(e.code, e.message, e.field), e.status);
  // Database messages can quote a row (a phone among it): never log a whole number.
  console.error('unhandled error:', maskPhones(e instanceof Error ? e.message : String(e)));
  return c.json(errorBody('internal', 'something went wrong on the server'), 500);
}

export const maskPhones = (text: string) => text.replace(/\+?[78]?(9\d{2})\d{5}(\d{2})\b/g, '+7 $1 ***-**-$2');
