/**
 * What a barista types into the search box, and which guests it finds. Typed digits find a
 * guest when they are the start of the ten national digits (`912 34…`, `8912…` and `+7 912…`
 * all mean the same), their end (guests often say the last four), or anywhere inside them —
 * a guest may remember the middle of their number only. Matches rank in that order, the
 * whole number first, so the guest meant is on top and an exact number can open at once.
 */
export interface PhoneQuery {
  /** A prefix of the national number `9XXXXXXXXX` (trunk 8 or +7 dropped), or null. */
  prefix: string | null;
  /** The digits as typed (at least 3, at most 11), to be found anywhere in a number; or null. */
  fragment: string | null;
}

/** The fewest digits worth searching: two match a tenth of any café. */
export const MIN_SEARCH_DIGITS = 3;

export function phoneQuery(typed: string): PhoneQuery {
  const typedDigits = typed.replace(/\D/g, '').slice(0, 11);
  let digits = typedDigits;
  // A leading 8 or 7 before the 9 of a mobile number is the trunk or country code.
  if (/^[78]9/.test(digits) || (typed.trim().startsWith('+7') && digits.startsWith('7'))) digits = digits.slice(1);
  if (digits.length > 10) digits = digits.slice(0, 10);
  return {
    prefix: digits.length >= MIN_SEARCH_DIGITS && digits.startsWith('9') ? digits : null,
    fragment: typedDigits.length >= MIN_SEARCH_DIGITS && typedDigits.length <= 10 ? typedDigits : null,
  };
}

/** 0: the whole number; 1: its beginning; 2: its last digits; 3: digits inside it. */
export type PhoneMatch = 0 | 1 | 2 | 3;

/** How a guest's national digits answer a query, or null when they do not. */
export function phoneMatch(national: string, q: PhoneQuery): PhoneMatch | null {
  if (q.prefix !== null && national.startsWith(q.prefix)) return q.prefix.length === national.length ? 0 : 1;
  if (q.fragment !== null) {
    if (national.endsWith(q.fragment)) return q.fragment.length === national.length ? 0 : 2;
    if (national.includes(q.fragment)) return 3;
  }
  return null;
}

/** The national digits a guest is indexed by: `+79123456789` → `9123456789`. */
export const nationalDigits = (e164: string): string => e164.slice(2);
