/**
 * Passwords are hashed with scrypt (memory-hard, in node:crypto); pairing codes and device
 * tokens are random and only their SHA-256 is stored, so a copy of the database lets no
 * one in. Comparisons are constant-time.
 */
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function scryptAsync(password: string, salt: Buffer, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, SCRYPT, (e, key) => (e ? reject(e) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, , , , salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** A device token: 32 random bytes. */
export const newToken = () => randomBytes(32).toString('base64url');

/** A pairing code a person can type: 8 digits. */
export const newPairingCode = () => String(randomInt(0, 100_000_000)).padStart(8, '0');
