/**
 * Every reason the API gives for refusing a request, as one union. The server maps each code
 * to exactly one HTTP status (server/http/errors.ts) and the client to one Russian and one
 * English sentence (client/i18n/error-messages.ts); both maps are checked by the compiler to
 * cover this list, so a new code cannot reach a screen unexplained. Kept free of zod so the
 * tablet can import it.
 */
export const ERROR_CODES = [
  'invalid',
  'bad-json',
  'unsupported-media-type',
  'wrong-password',
  'login-required',
  'bad-credentials',
  'no-token',
  'bad-token',
  'token-revoked',
  'csrf',
  'owner-only',
  'forbidden',
  'not-found',
  'unknown-device',
  'unknown-segment',
  'code-unknown',
  'owner-exists',
  'setup-link-invalid',
  'code-expired',
  'code-used',
  'too-large',
  'unknown-guest',
  'unknown-purchase',
  'client-outdated',
  // A tablet newer than the server (an older server restored under a newer app): reload the app.
  'protocol-unsupported',
  'too-many-attempts',
  'template-invalid',
  'points-unavailable',
  'channel-not-configured',
  'send-at-past',
  'unknown-mailing',
  'unsubscribe-link-invalid',
  'guest-erased',
  'reset-link-invalid',
  'internal',
  // Bonus points (shared/loyalty): a purchase or reward the server refuses.
  'discount-over-amount',
  'points-over-amount',
  'points-over-max',
  'reward-unknown',
  // The owner's import (server/import): an upload or a file refused as a whole, nothing written.
  'unknown-upload',
  'import-running',
  'file-unreadable',
  'file-empty',
  'file-too-large',
  'not-a-table',
  'encoding-not-utf8',
  'xlsx-encrypted',
  'xlsx-legacy-xls',
  'xlsx-corrupt',
  'xlsx-too-large',
  'xlsx-no-sheet',
  'no-header',
  'mapping-invalid',
  // Promotions: an ended promotion is final (no edit, no resume).
  'promotion-ended',
  // Sync: a mutation id (or a purchase or guest id) sent again with other content.
  'id-conflict',
  // A void after the window the owner set (shared/domain/void-window.ts).
  'void-window-closed',
  // Revoking a tablet that reported unsent writes: the owner must confirm (force) that they are lost.
  'outbox-not-empty',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const isErrorCode = (code: string): code is ErrorCode => (ERROR_CODES as readonly string[]).includes(code);
