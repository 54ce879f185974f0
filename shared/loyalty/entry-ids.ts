/**
 * Ids of the ledger entries nobody typed: a void's reversals, a merge's cancelled welcome, an
 * expiry, and the entries of a tablet too old to send its own ids. Each is a name-based UUID
 * (shared/domain/ids.ts `contentId`, SHA-1 passed in) of a name that says what the entry is
 * — `reversal:<original id>`, `expiry:<lot id>:<n>`, `accrual:<purchase id>` — so whoever makes
 * it, wherever, however often, makes the same id, and the server (unique ids per café) stores
 * it once. A tablet may compute the same ids with any SHA-1; it never has to: it sends none of
 * them (the server derives each from what it reverses or belongs to).
 */
import { contentId } from '../domain/ids.ts';
import type { GuestId, PurchaseId } from '../domain/ids.ts';

/** The derived id of the entry with this name. */
export function derivedEntryId(name: string, sha1Hex: (text: string) => string): string {
  return contentId(`ledger:${name}`, sha1Hex);
}

/** `idFor` as reversal.ts, merge.ts and expiry.ts take it. */
export const entryIdsWith =
  (sha1Hex: (text: string) => string) =>
  (name: string): string =>
    derivedEntryId(name, sha1Hex);

/** Names of the entries a tablet may leave to the server (an older tablet sends no ids). */
export const welcomeName = (guestId: GuestId | string): string => `welcome:${guestId}`;
export const accrualName = (purchaseId: PurchaseId | string): string => `accrual:${purchaseId}`;
export const redemptionName = (purchaseId: PurchaseId | string): string => `redemption:${purchaseId}`;
