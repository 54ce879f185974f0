/**
 * What the counter may write about a guest: name, birthday and marketing consent. Consent
 * is off unless the guest says yes, and every change of it is stored with its time.
 */
import { parseLocalDate, calendarDaysBetween, type LocalDate } from './calendar.ts';
import { err, ok, type Result } from './result.ts';
import { withoutUnsafeCharacters } from './safe-text.ts';

export const MAX_NAME_LENGTH = 120;

export interface Consent {
  granted: boolean;
  /** ISO instant of the last change. */
  at: string;
}

/** A name as typed or imported: spaces collapsed, invisible control and direction characters taken out (safe-text.ts). */
export function parseName(text: string): Result<string | null> {
  const name = withoutUnsafeCharacters(text).trim().replace(/\s+/g, ' ');
  if (name.length > MAX_NAME_LENGTH) return err('name-too-long');
  return ok(name === '' ? null : name);
}

/** A birthday as typed (YYYY-MM-DD from a date input): real, not in the future, after 1900. */
export function parseBirthday(text: string, today: LocalDate): Result<LocalDate | null> {
  if (text.trim() === '') return ok(null);
  const d = parseLocalDate(text.trim());
  if (!d) return err('birthday-invalid');
  if (calendarDaysBetween(d, today) < 0) return err('birthday-in-future');
  if (d < '1900-01-01') return err('birthday-invalid');
  return ok(d);
}
