/**
 * What each counter purchase held, line by line (purchase_items), written in the push that
 * records the purchase so the owner's guest profile can show it. Idempotent: a purchase sent
 * again keeps the lines it was first stored with. (The hardening work, issue 11, writes the
 * same rows from recordPurchases; when both are merged, one writer is kept — ON CONFLICT makes
 * a second one harmless meanwhile.)
 */
import type { CafeId, PurchaseId } from '../../shared/domain/ids.ts';
import type { PurchaseItem } from '../../shared/sync/mutations.ts';
import type { Sql } from '../db/db.ts';

export async function recordSoldItems(tx: Sql, cafeId: CafeId, purchases: readonly { id: PurchaseId; items: readonly PurchaseItem[] }[]): Promise<void> {
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
