/**
 * Phone numbers for people to read, from E.164. Kept apart from parsing (phone.ts, which
 * carries libphonenumber's metadata) so a screen that only shows numbers stays light.
 */
import type { E164Phone } from './phone.ts';

/** `+7 912 345-67-89`, for the counter screen where the guest is standing there. */
export function formatPhone(phone: E164Phone): string {
  const d = phone.slice(2);
  return `+7 ${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8, 10)}`;
}

/** For screens and logs: `+7 912 ***-**-89`. A full number is personal data. */
export function maskPhone(phone: E164Phone): string {
  return `+7 ${phone.slice(2, 5)} ***-**-${phone.slice(-2)}`;
}
