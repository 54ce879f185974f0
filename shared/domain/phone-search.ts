/**
 * What a barista types into the search box, turned into index look-ups: a prefix of the
 * ten national digits (`912 34…`, `8912…`, `+7 912…` all mean the same) and, for exactly
 * four digits, the last four digits of the number — the way guests often say it.
 */
export interface PhoneQuery {
  /** A prefix of the national number `9XXXXXXXXX`, or null when nothing useful was typed. */
  prefix: string | null;
  last4: string | null;
}

export function phoneQuery(typed: string): PhoneQuery {
  let digits = typed.replace(/\D/g, '');
  // A leading 8 or 7 before the 9 of a mobile number is the trunk or country code.
  if (/^[78]9/.test(digits) || (typed.trim().startsWith('+7') && digits.startsWith('7'))) digits = digits.slice(1);
  if (digits.length > 10) digits = digits.slice(0, 10);
  return {
    prefix: digits.length >= 3 && digits.startsWith('9') ? digits : null,
    last4: digits.length === 4 ? digits : null,
  };
}

/** The national digits a guest is indexed by: `+79123456789` → `9123456789`. */
export const nationalDigits = (e164: string): string => e164.slice(2);
