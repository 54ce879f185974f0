/**
 * What each tablet last said of its own outbox (shared/sync/protocol.ts `queueReport`): how many
 * writes wait there, and how far its writes have reached the server. The owner is shown the
 * first and revoking a tablet that still holds writes needs a second, explicit step
 * (devices.route.ts); the second tells a tablet that it has lost local state (sync/pull.ts).
 */
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

/** What the tablet last reported waiting in its outbox: null when it never reported. */
export async function outboxOf(tx: Sql, deviceId: string): Promise<{ size: number; reportedAt: Date } | null> {
  const rows = await tx.query<{ outbox_size: number | null; outbox_reported_at: Date | null }>(
    'SELECT outbox_size, outbox_reported_at FROM devices WHERE id = $1',
    [deviceId],
  );
  const r = rows[0];
  return r?.outbox_size != null && r.outbox_reported_at ? { size: r.outbox_size, reportedAt: r.outbox_reported_at } : null;
}
