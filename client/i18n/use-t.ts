import { useCounterUi } from '../counter/store.ts';
import { messages, type ErrorKey, type Messages } from './messages.ts';

export function useT(): Messages {
  return messages[useCounterUi((s) => s.locale)];
}

/** The message for an error code, or a general one for anything unexpected. */
export function errorText(t: Messages, code: string | undefined): string {
  return t.errors[(code && code in t.errors ? code : 'unknown') as ErrorKey];
}
