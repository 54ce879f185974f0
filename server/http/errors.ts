/**
 * Every API error leaves as `{ "error": { "code", "message", "field"? } }` (shared/api/errors.ts)
 * with the one status its code maps to here, so clients branch on the code and never parse words.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../../shared/api/error-codes.ts';
import { DomainError } from '../../shared/domain/domain-error.ts';

export const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid: 400,
  'bad-json': 400,
  'wrong-password': 400,
  'unsupported-media-type': 415,
  'login-required': 401,
  'bad-credentials': 401,
  'no-token': 401,
  'bad-token': 401,
  'token-revoked': 401,
  csrf: 403,
  'owner-only': 403,
  forbidden: 403,
  'not-found': 404,
  'unknown-device': 404,
  'unknown-segment': 404,
  'code-unknown': 404,
  'owner-exists': 409,
  'setup-link-invalid': 410,
  'code-expired': 410,
  'code-used': 410,
  'guest-erased': 410,
  'reset-link-invalid': 410,
  'too-large': 413,
  'unknown-guest': 422,
  'unknown-purchase': 422,
  'client-outdated': 426,
  'protocol-unsupported': 426,
  'too-many-attempts': 429,
  'template-invalid': 400,
  'points-unavailable': 422,
  'channel-not-configured': 422,
  'send-at-past': 400,
  'unknown-mailing': 404,
  'unsubscribe-link-invalid': 410,
  internal: 500,
  'discount-over-amount': 422,
  'points-over-amount': 422,
  'points-over-max': 422,
  'reward-unknown': 422,
  'unknown-upload': 404,
  'import-running': 409,
  'file-unreadable': 422,
  'file-empty': 422,
  'file-too-large': 413,
  'not-a-table': 422,
  'encoding-not-utf8': 422,
  'xlsx-encrypted': 422,
  'xlsx-legacy-xls': 422,
  'xlsx-corrupt': 422,
  'xlsx-too-large': 413,
  'xlsx-no-sheet': 422,
  'no-header': 422,
  'mapping-invalid': 422,
  'promotion-ended': 409,
  'id-conflict': 409,
  'void-window-closed': 409,
  'outbox-not-empty': 409,
};

/** Raised at the HTTP edge (authentication, parameters); domain code raises DomainError itself. */
export class ApiError extends DomainError {}

/** A sync protocol version this server does not speak: the body also names the versions it does. */
export class ProtocolError extends ApiError {
  constructor(
    code: 'client-outdated' | 'protocol-unsupported',
    message: string,
    readonly supported: { min: number; max: number },
  ) {
    super(code, message, 'protocol');
  }
}

export function errorBody(code: ErrorCode, message: string, field?: string) {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

export function sendError(c: Context, e: unknown) {
  if (e instanceof ProtocolError) return c.json({ ...errorBody(e.code, e.message, e.field), supported: e.supported }, STATUS[e.code]);
  if (e instanceof DomainError) return c.json(errorBody(e.code, e.message, e.field), STATUS[e.code]);
  // Hono's own refusals (a body that is not JSON, of the wrong type, too large) keep our shape.
  if (e instanceof HTTPException && e.status < 500) {
    const code: ErrorCode = e.status === 413 ? 'too-large' : e.status === 415 ? 'unsupported-media-type' : 'bad-json';
    return c.json(errorBody(code, e.message || 'the request could not be read'), STATUS[code]);
  }
  // Database messages can quote a row (a phone among it): never log a whole number.
  console.error('unhandled error:', maskPhones(e instanceof Error ? e.message : String(e)));
  return c.json(errorBody('internal', 'something went wrong on the server'), 500);
}

export const maskPhones = (text: string) => text.replace(/\+?[78]?(9\d{2})\d{5}(\d{2})\b/g, '+7 $1 ***-**-$2');
