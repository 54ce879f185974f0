/**
 * A refusal raised by domain, sync or storage code: a code from the API's one list, words
 * for a log or a developer, and the field it concerns. Only server/http/ turns it into an
 * HTTP status; the client turns the code into the user's language.
 */
import type { ErrorCode } from '../api/error-codes.ts';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
