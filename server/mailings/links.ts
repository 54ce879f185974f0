/**
 * Links a guest follows without logging in: the e-mail unsubscribe link. It names the guest
 * and carries an HMAC of the café and guest under a key that never leaves the server
 * (settings.repo.ts, made once per café), so it cannot be guessed for another guest, and it
 * does not expire: an old e-mail's link must still withdraw consent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';

const mac = (key: string, cafeId: CafeId, guestId: string) => createHmac('sha256', key).update(`unsubscribe:${cafeId}:${guestId}`).digest().subarray(0, 16);

export function unsubscribeToken(key: string, cafeId: CafeId, guestId: GuestId): string {
  return `${guestId}.${mac(key, cafeId, guestId).toString('base64url')}`;
}

export function unsubscribeUrl(publicUrl: string, key: string, cafeId: CafeId, guestId: GuestId): string {
  return `${publicUrl}/api/unsubscribe/${unsubscribeToken(key, cafeId, guestId)}`;
}

/** The guest a token names, or null when it was not made with this key. */
export function guestOfToken(key: string, cafeId: CafeId, token: string): GuestId | null {
  const [guestId, sig] = token.split('.');
  if (!guestId || !sig || !/^[0-9a-f-]{36}$/.test(guestId)) return null;
  // Compared as text: base64 decoding ignores a last character's spare bits, so two spellings would pass.
  const given = Buffer.from(sig);
  const expected = Buffer.from(mac(key, cafeId, guestId).toString('base64url'));
  return given.length === expected.length && timingSafeEqual(given, expected) ? (guestId as GuestId) : null;
}
