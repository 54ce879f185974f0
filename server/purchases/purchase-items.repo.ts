/**
 * What each counter purchase held ("Латте ×2, Круассан"), line by line in purchase_items, kept
 * beside purchases rather than in them: items are shown (a guest's card on any tablet, the
 * owner's profile) and counted by name, never summed into money, and the purchases table stays
 * narrow for the reports that scan it. Written in the push that records the purchase, for the
 * purchases it newly stored, so a purchase sent again keeps the lines it was first stored with.
 */
import type { CafeId, PurchaseId } from '../../shared/domain/ids.ts';
import type { PurchaseItem } from '../../shared/sync/mutations.ts';
import type { Sql } from '../db/db.ts';

export async function recordPurchaseItems(tx: Sql, cafeId: CafeId, purchases: readonly { id: PurchaseId; items: readonly PurchaseItem[] }[]): Promise<void> {
  const lines = purchases.flatMap((p) => p.items.map((item, line) => ({ purchase: p.id, line, ...item })));
  if (lines.length === 0) return;
  await tx.query(
    `INSERT INTO purchase_items (cafe_id, purchase_id, line, name, qty)
     SELECT $1, l.purchase_id, l.line, l.name, l.qty FROM unnest($2::uuid[], $3::smallint[], $4::text[], $5::int[]) AS l (purchase_id, line, name, qty)
     ON CONFLICT DO NOTHING`,
    [cafeId, lines.map((l) => l.purchase), lines.map((l) => l.line), lines.map((l) => l.name), lines.map((l) => l.qty)],
  );
}

/** The SQL for one purchase's items as JSON ([{ name, qty }] in their order, [] when none), given the purchase's alias. */
export const itemsJsonSql = (purchase: string) =>
  `coalesce((SELECT json_agg(json_build_object('name', i.name, 'qty', i.qty) ORDER BY i.line) FROM purchase_items i
             WHERE i.cafe_id = ${purchase}.cafe_id AND i.purchase_id = ${purchase}.id), '[]'::json)`;
