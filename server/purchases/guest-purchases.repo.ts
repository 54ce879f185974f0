/**
 * One guest's recent purchases as the counter shows them: from every tablet (and imports),
 * with their items, their void and the tablet that recorded each. Read by the guest's id
 * within the café; the purchases_guest_time index serves the newest-first page.
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { PurchaseItem } from '../../shared/sync/mutations.ts';
import type { Sql } from '../db/db.ts';
import { itemsJsonSql } from './purchase-items.repo.ts';

export interface GuestPurchaseRow {
  id: string;
  purchasedAt: Date;
  amount: number;
  items: PurchaseItem[];
  voided: { at: Date; reason: string } | null;
  deviceId: string | null;
  deviceName: string | null;
}

export async function guestExists(tx: Sql, cafeId: CafeId, guestId: GuestId): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM guests WHERE id = $1 AND cafe_id = $2', [guestId, cafeId])).length > 0;
}

/** The guest's purchases, newest first, at most `limit`, and how many they have in all (voided ones included). */
export async function guestPurchases(tx: Sql, cafeId: CafeId, guestId: GuestId, limit: number): Promise<{ total: number; rows: GuestPurchaseRow[] }> {
  const rows = await tx.query<{
    id: string;
    purchased_at: Date;
    amount: string | number;
    items: PurchaseItem[];
    voided_at: Date | null;
    reason: string | null;
    device_id: string | null;
    device_name: string | null;
  }>(
    `SELECT p.id, p.purchased_at, p.amount, ${itemsJsonSql('p')} AS items, v.voided_at, v.reason, p.device_id, d.name AS device_name
     FROM purchases p
     LEFT JOIN purchase_voids v ON v.purchase_id = p.id
     LEFT JOIN devices d ON d.id = p.device_id AND d.cafe_id = p.cafe_id
     WHERE p.guest_id = $2 AND p.cafe_id = $1
     ORDER BY p.purchased_at DESC, p.id DESC
     LIMIT $3`,
    [cafeId, guestId, limit],
  );
  const [count] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM purchases WHERE guest_id = $2 AND cafe_id = $1', [cafeId, guestId]);
  return {
    total: count!.n,
    rows: rows.map((r) => ({
      id: r.id,
      purchasedAt: r.purchased_at,
      amount: Number(r.amount),
      items: r.items,
      voided: r.voided_at ? { at: r.voided_at, reason: r.reason ?? '' } : null,
      deviceId: r.device_id,
      deviceName: r.device_name,
    })),
  };
}
