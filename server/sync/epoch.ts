/** The café's sync epoch (migration 0012): changed by a restore, so tablets can tell the server went back in time. */
import type { CafeId } from '../../shared/domain/ids.ts';
import type { Sql } from '../db/db.ts';
import { newId } from '../new-id.ts';

export async function syncEpoch(tx: Sql, cafeId: CafeId): Promise<string> {
  const rows = await tx.query<{ sync_epoch: string }>('SELECT sync_epoch FROM cafes WHERE id = $1', [cafeId]);
  return rows[0]?.sync_epoch ?? '';
}

/** A new epoch for every café: what a restore does last. */
export async function newSyncEpochs(tx: Sql): Promise<void> {
  const cafes = await tx.query<{ id: string }>('SELECT id FROM cafes');
  for (const { id } of cafes) await tx.query('UPDATE cafes SET sync_epoch = $2 WHERE id = $1', [id, newId()]);
}
