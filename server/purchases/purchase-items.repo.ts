/**
 * The items of counter purchases (0010_purchase_items.sql), written by the purchase applier in
 * the batch's transaction. A repeated purchase id keeps the items first stored, as the purchase
 * itself does, so a batch delivered twice changes nothing.
 */
import type { CafeId, PurchaseId } from '../../shared/domain/ids.ts';
import type { PurchaseItem } from '../../shared/sync/mutations.ts';
import type { Sql } from '../db/db.ts';

export async function recordPurchaseItems(tx: Sql, cafeId: CafeId, purchases: readonly { id: PurchaseId; items: readonly PurchaseItem[] }[]): Promise<void> {
  const withItems = purchases.filter((p) => p.items.length > 0);
  if (withItems.length === 0) return;
  await tx.query(
    `INSERT INTO purchase_items (cafe_id, purchase_id, items)
     SELECT $1, p.id, p.items::jsonb FROM unnest($2::uuid[], $3::text[]) AS p (id, items)
     ON CONFLICT DO NOTHING`,
    [cafeId, withItems.map((p) => p.id), withItems.map((p) => JSON.stringify(p.items))],
  );
}
