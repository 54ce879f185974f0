/**
 * The server's sync epoch as this tablet last saw it. A server restored from a backup answers
 * with a new one: it may have lost writes it had acked and its change numbers may be behind
 * our cursor. So on a new epoch the tablet puts its kept acked writes (SentRow, the last
 * SENT_KEEP_MS) back into the outbox in their old order, ahead of what is still pending, and
 * pulls again from the start. The server's ingest is idempotent by mutation id, so what it
 * still holds is acked again and changes nothing; what it lost is stored anew.
 */
import type { CounterDb } from '../db.ts';

export const EPOCH_KEY = 'syncEpoch';
/** When this tablet last saw the server restored (ms). */
export const RESTORED_AT_KEY = 'serverRestoredAt';
/**
 * After a restore, other tablets re-send their writes on their own schedule: a purchase of a
 * guest another tablet registered may arrive before that guest does. For this long such a
 * refusal (unknown guest or purchase) stays queued and is tried again each round, instead of
 * being set aside for good.
 */
export const RESTORE_GRACE_MS = 24 * 3_600_000;

/** True while a restore seen at `restoredAt` may still be healing (see RESTORE_GRACE_MS). */
export async function healingFromRestore(db: CounterDb, now: number): Promise<boolean> {
  const at = (await db.settings.get(RESTORED_AT_KEY))?.value;
  return typeof at === 'number' && now - at < RESTORE_GRACE_MS;
}

/** Notes the epoch a server answered with; true when it is a new one and the tablet has queued its writes again. */
export async function noteEpoch(db: CounterDb, epoch: string | undefined, now: number): Promise<boolean> {
  if (!epoch) return false; // an older server keeps none
  return db.transaction('rw', [db.settings, db.outbox, db.sent], async () => {
    const seen = (await db.settings.get(EPOCH_KEY))?.value as string | undefined;
    if (seen === epoch) return false;
    await db.settings.put({ key: EPOCH_KEY, value: epoch });
    // The first epoch a tablet sees (just paired, or just updated to this version) is no restore.
    if (seen === undefined) return false;
    const queued = new Set((await db.outbox.toArray()).map((o) => o.mutationId));
    const again = (await db.sent.orderBy('seq').toArray()).filter((s) => !queued.has(s.mutationId));
    // Their old queue numbers: older than anything still pending, so a guest goes up before its purchases.
    await db.outbox.bulkPut(again.map(({ ackedAt: _, ...row }) => row));
    await db.settings.bulkPut([
      { key: 'cursor', value: '0' },
      { key: RESTORED_AT_KEY, value: now },
    ]);
    return true;
  });
}
