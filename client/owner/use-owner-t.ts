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

/**
 * A failed form call: the field the server named, and what to say beside it. Invalid input gets
 * the screen's own words for that field (t.fields), never the server's text, which is English
 * and names the field as the API does ("next: a password needs…").
 */
export function fieldProblem(t: OwnerMessages, e: unknown, words: Partial<Record<string, string>> = {}): { field?: string | undefined; text: string } {
  const field = e instanceof ApiFailure ? e.field : undefined;
  if (!(e instanceof ApiFailure) || e.code !== 'invalid') return { field, text: failureText(t, e) };
  const root = field?.split('.')[0] ?? '';
  const text = words[root] ?? (root in t.fields ? t.fields[root as keyof OwnerMessages['fields']] : t.fields.other);
  return { field: root || undefined, text };
}
