/**
 * Ids are made where the record is made (a tablet, offline) as UUID v7 — time-ordered, so
 * they index well, and unique without asking the server. Making one reads the clock and
 * randomness, so it happens at the edges (client/data/new-id.ts, server/new-id.ts) and
 * shared code is handed ids. Imported rows get a UUID v5 of their content instead, so
 * importing the same file twice yields the same ids.
 */
import type { Brand } from './brand.ts';

export type GuestId = Brand<string, 'GuestId'>;
export type PurchaseId = Brand<string, 'PurchaseId'>;
export type CafeId = Brand<string, 'CafeId'>;

/**
 * A stable id for an imported record: same content → same id. It is a name-based UUID in
 * the v5 layout (SHA-1 of a namespaced name, version and variant bits set); the hash comes
 * in as a function so this module stays free of Node APIs. The uuid package's v5 does the
 * same but about 15× slower, which a million-row import notices.
 */
export function contentId<T extends string>(content: string, sha1Hex: (text: string) => string): T {
  const h = sha1Hex(`cafe-loyalty-import:${content}`);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}` as T;
}
