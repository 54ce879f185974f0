/**
 * What each tablet last said of its own outbox (shared/sync/protocol.ts `queueReport`): how many
 * writes wait there, and how far its writes have reached the server. The owner is shown the
 * first and revoking a tablet that still holds writes needs a second, explicit step
 * (devices.route.ts); the second tells a tablet that it has lost local state (sync/pull.ts).
 */
import { DomainError } from '../../shared/domain/domain-error.ts';
import type { Sql } from '../db/db.ts';

export interface QueueReport {
  outboxSize?: number | undefined;
  highestSeq?: number | undefined;
}

/** Records a tablet's report; the highest sequence only ever grows (a late, reordered push cannot lower it). */
export async function noteQueueReport(tx: Sql, deviceId: string, report: QueueReport, now: Date): Promise<void> {
  if (report.outboxSize !== undefined)
    await tx.query('UPDATE devices SET outbox_size = $2, outbox_reported_at = $3 WHERE id = $1', [deviceId, report.outboxSize, now.toISOString()]);
  if (report.highestSeq !== undefined)
    await tx.query('UPDATE devices SET highest_seq = GREATEST(highest_seq, $2::bigint) WHERE id = $1', [deviceId, report.highestSeq]);
}

/** The highest outbox sequence of this tablet's writes the server has received (0: none reported). */
export async function highestSeqOf(tx: Sql, deviceId: string): Promise<number> {
  const rows = await tx.query<{ highest_seq: string | number }>('SELECT highest_seq FROM devices WHERE id = $1', [deviceId]);
  return Number(rows[0]?.highest_seq ?? 0);
}

/**
 * Refuses to revoke a tablet that last reported unsent writes unless the owner confirmed it
 * (`force`): they die with its token. `howToForce` says how, on the screen or the command line.
 */
export async function refuseLosingUnsent(tx: Sql, deviceId: string, force: boolean, howToForce: string): Promise<void> {
  const [r] = await tx.query<{ outbox_size: number | null; outbox_reported_at: Date | null }>(
    'SELECT outbox_size, outbox_reported_at FROM devices WHERE id = $1',
    [deviceId],
  );
  if (force || !r?.outbox_size || !r.outbox_reported_at) return;
  throw new DomainError(
    'outbox-not-empty',
    `this tablet reported ${r.outbox_size} unsent record(s) at ${r.outbox_reported_at.toISOString()}; revoking it loses them: ${howToForce} to revoke anyway`,
    'force',
  );
}
