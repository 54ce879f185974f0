import { ownerMessages, type OwnerMessages } from '../i18n/owner-messages.ts';
import { ApiFailure } from './api.ts';
import { useOwnerUi } from './store.ts';

export function useOwnerT(): OwnerMessages {
  return ownerMessages[useOwnerUi((s) => s.locale)];
}

/** The words for a failed call: the server's code when we have words for it. */
export function failureText(t: OwnerMessages, e: unknown): string {
  const code = e instanceof ApiFailure ? e.code : 'unknown';
  return t.errors[code] ?? (e instanceof ApiFailure && e.refused ? e.message : t.errors.unknown!);
}

/** A failed form call: the field the server named, and what to say beside it (its own words for invalid input). */
export function fieldProblem(t: OwnerMessages, e: unknown): { field?: string | undefined; text: string } {
  return { field: e instanceof ApiFailure ? e.field : undefined, text: e instanceof ApiFailure && e.code === 'invalid' ? e.message : failureText(t, e) };
}
