import { errorMessage } from '../i18n/error-messages.ts';
import { ownerMessages, type OwnerMessages } from '../i18n/owner-messages.ts';
import { ApiFailure } from './api.ts';
import { useOwnerUi } from './store.ts';

export function useOwnerT(): OwnerMessages {
  return ownerMessages[useOwnerUi((s) => s.locale)];
}

/** The words for a failed call, from its code (client/i18n/error-messages.ts), in the screen's language. */
export function failureText(t: OwnerMessages, e: unknown): string {
  return errorMessage(e instanceof ApiFailure ? e.code : 'unknown', t.locale);
}

/** A failed form call: the field the server named, and what to say beside it (its own words for invalid input). */
export function fieldProblem(t: OwnerMessages, e: unknown): { field?: string | undefined; text: string } {
  return { field: e instanceof ApiFailure ? e.field : undefined, text: e instanceof ApiFailure && e.code === 'invalid' ? e.message : failureText(t, e) };
}
