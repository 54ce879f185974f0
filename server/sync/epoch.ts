/** The café's sync epoch (migration 0012): changed by a restore, so tablets can tell the server went back in time. */
import type { CafeId } from '../../shared/domain/ids.ts';
import type { Sql } from '../db/db.ts';
import { newId } from '../new-id.ts';

export async function syncEpoch(tx: Sql, cafeId: CafeId): Promise<string> {
  const rows = await tx.query<{ sync_epoch: string }>('SELECT sync_epoch FROM cafes WHERE id = $1', [cafeId]);
  return rows[0]?.sync_epoch ?? '';
}

/** When the café's data was last restored from a backup, or null. */
export async function restoredAt(tx: Sql, cafeId: CafeId): Promise<Date | null> {
  const rows = await tx.query<{ restored_at: Date | null }>('SELECT restored_at FROM cafes WHERE id = $1', [cafeId]);
  return rows[0]?.restored_at ?? null;
}

/** A new epoch for every café, and when it was restored: what a restore does last. */
export async function newSyncEpochs(tx: Sql, restoredAt: Date): Promise<void> {
  const cafes = await tx.query<{ id: string }>('SELECT id FROM cafes');
  for (const { id } of cafes) await tx.query('UPDATE cafes SET sync_epoch = $2, restored_at = $3 WHERE id = $1', [id, newId(), restoredAt.toISOString()]);
}
