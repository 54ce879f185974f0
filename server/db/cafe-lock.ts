/**
 * Every write to a café — a push, an import batch, the daily job, a settings change — holds
 * the café's advisory lock until it commits. That is what makes change numbers (pull
 * cursors, see 0002_sync.sql) commit in the order they were taken, and keeps two writers of
 * one café from interleaving their reads and writes of the same guests.
 */
import type { CafeId } from '../../shared/domain/ids.ts';
import type { Sql } from './db.ts';

/** Holds the café's write lock until commit: change numbers then commit in order (see 0002_sync.sql). */
export async function lockCafe(tx: Sql, cafeId: CafeId): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [cafeId]);
}
