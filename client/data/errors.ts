/** Why a write at the counter did not happen; the screen turns the code into words. */
import type { GuestId } from '../../shared/domain/ids.ts';

export type CounterErrorCode =
  | 'storage-full'
  | 'phone-invalid'
  | 'phone-taken'
  | 'name-too-long'
  | 'birthday-invalid'
  | 'birthday-in-future'
  | 'amount-empty'
  | 'amount-not-number'
  | 'amount-zero'
  | 'amount-over-ceiling'
  | 'guest-not-found'
  | 'purchase-not-found'
  | 'already-voided'
  | 'void-reason-empty'
  | 'void-window-closed'
  | 'points-not-number'
  | 'points-negative'
  | 'points-fractional'
  | 'points-over-max'
  | 'points-over-balance'
  | 'points-over-offline-cap'
  | 'reward-unknown'
  | 'offer-not-applicable'
  | 'offer-below-min-check';

/** A form's refusal: the code for each field that is wrong. */
export class FormError extends Error {
  constructor(
    readonly fields: Record<string, CounterErrorCode>,
    /** With 'phone-taken': the guest who has the number, so the screen can open them. */
    readonly existing?: GuestId,
  ) {
    super(Object.values(fields).join(', '));
  }
}

export class CounterError extends Error {
  constructor(
    readonly code: CounterErrorCode,
    readonly field?: string,
  ) {
    super(code);
  }
}

/** IndexedDB reports a full disk as QuotaExceededError, sometimes wrapped by Dexie. */
export function isQuotaError(e: unknown): boolean {
  const seen = new Set<unknown>();
  for (let x = e as { name?: string; inner?: unknown; cause?: unknown } | undefined; x && !seen.has(x); x = (x.inner ?? x.cause) as typeof x) {
    seen.add(x);
    if (x.name === 'QuotaExceededError') return true;
  }
  return false;
}

/** Runs a write; a full disk becomes CounterError('storage-full') (the transaction already rolled back). */
export async function guardQuota<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isQuotaError(e)) throw new CounterError('storage-full');
    throw e;
  }
}
