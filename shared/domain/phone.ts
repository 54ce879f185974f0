/**
 * Guests are known by their Russian mobile number, stored in E.164 (`+79123456789`).
 * Parsing accepts what people type or what a POS exports: `+7 912 345-67-89`,
 * `8 (912) 3456789`, `89123456789`, `79123456789`, `9123456789`.
 * Russian mobile numbers are the +7 9xx range; +7 7xx is Kazakhstan and +7 3xx–8xx are
 * Russian landlines, which cannot receive messages, so both are refused.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { Brand } from './brand.ts';
import { err, ok, type Result } from './result.ts';

export type E164Phone = Brand<string, 'E164Phone'>;

// Showing a number needs no parser: it lives apart, so screens that only show numbers (the
// counter's first screen) do not load libphonenumber's metadata.
export { formatPhone, maskPhone } from './phone-format.ts';

const E164_RU_MOBILE = /^\+79\d{9}$/;

/** Plain digit forms that need no library: `+79…`, `79…`, `89…` (11 digits) and `9…` (10). */
const PLAIN_MOBILE = /^(?:\+7|7|8)?(9\d{9})$/;

export function parseRuMobile(input: string): Result<E164Phone> {
  const text = input.trim();
  if (text === '') return err('phone is empty');
  // Fast path for imports of a million rows; every +7 9xx xxx xx xx is a valid mobile.
  const plain = PLAIN_MOBILE.exec(text);
  if (plain) return ok(`+7${plain[1]}` as E164Phone);
  if (/[^\d\s()+\-.]/.test(text)) return err(`phone "${maskInput(text)}" has characters that are not digits`);
  const digits = text.replace(/\D/g, '');
  // A bare "79…" (11 digits, no plus) is the country code without its "+": libphonenumber
  // would read it as a national number, so it is given the plus here.
  const normalized = !text.startsWith('+') && digits.length === 11 && digits.startsWith('7') ? `+${digits}` : text;
  const parsed = parsePhoneNumberFromString(normalized, 'RU');
  if (!parsed?.isValid() || parsed.countryCallingCode !== '7') {
    return err(`phone "${maskInput(text)}" is not a valid Russian number`);
  }
  const e164 = parsed.number;
  if (!E164_RU_MOBILE.test(e164)) return err(`phone "${maskInput(text)}" is not a Russian mobile number (+7 9xx)`);
  return ok(e164 as E164Phone);
}

export function isE164Phone(value: string): value is E164Phone {
  return E164_RU_MOBILE.test(value);
}

/** Error messages quote what was typed, but never a whole number. */
function maskInput(text: string): string {
  return text.length <= 4 ? text : `${text.slice(0, 4)}…${text.slice(-2)}`;
}
