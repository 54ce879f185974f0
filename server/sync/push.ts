/**
 * Applies a tablet's push: the whole batch in one transaction under the café's lock, each
 * mutation once (applied_mutations remembers ids), dispatched by kind through the registry
 * (appliers.ts) in runs of consecutive mutations of one kind, and the segments of every guest
 * it touched recorded before commit. Guarantees:
 * - a batch delivered twice, or a retry after a lost response, changes nothing more;
 * - a batch that names a guest or purchase the café does not have stores nothing;
 * - the device's own time is kept beside the server's receive time, and a device clock more
 *   than 5 minutes ahead is flagged on the device and on its purchases.
 * What the batch changed (the segment moves) comes back to the caller; `hooks.inTransaction`
 * writes rows that must commit with the batch (a send queue), and whatever must happen
 * outside the database runs after this returns, i.e. after commit.
 */
import type { GuestId } from '../../shared/domain/ids.ts';
import type { MutationKind } from '../../shared/sync/mutations.ts';
import { CLOCK_AHEAD_LIMIT_MS, type Envelope, type PushRequest, type PushResponse } from '../../shared/sync/protocol.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import type { Device } from '../cafe/devices.repo.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import type { Db, Sql } from '../db/db.ts';
import { recordSegmentChanges, type SegmentChange } from '../segments/segments.repo.ts';
import type { Applier, EnvelopeOf, PushContext } from './applier.ts';
import { APPLIERS } from './appliers.ts';

export interface PushResult {
  response: PushResponse;
  /** The segment moves the batch caused, recorded in the same transaction. */
  segmentChanges: SegmentChange[];
}

export interface PushHooks {
  /** Runs inside the push's transaction after every mutation is applied: what it writes commits (or not) with the batch. */
  inTransaction?: (tx: Sql, applied: { device: Device; now: Date; segmentChanges: readonly SegmentChange[] }) => Promise<void>;
}

export async function applyPush(db: Db, device: Device, req: PushRequest, now: Date, hooks: PushHooks = {}): Promise<PushResult> {
  const clockAheadMs = Date.parse(req.deviceTime) - now.getTime();
  const clockFlagged = clockAheadMs > CLOCK_AHEAD_LIMIT_MS;
  const segmentChanges = await db.transaction(async (tx) => {
    await lockCafe(tx, device.cafeId);
    const ids = req.mutations.map((m) => m.mutationId);
    const done = new Set(
      (await tx.query<{ mutation_id: string }>('SELECT mutation_id FROM applied_mutations WHERE mutation_id = ANY($1::uuid[])', [ids])).map(
        (r) => r.mutation_id,
      ),
    );
    const fresh = req.mutations.filter((m, i) => !done.has(m.mutationId) && ids.indexOf(m.mutationId) === i);
    const ctx: PushContext = { tx, cafeId: device.cafeId, device, now, touched: new Set<GuestId>() };
    for (const run of runsOfOneKind(fresh)) await (APPLIERS[run.kind] as Applier<MutationKind>).apply(ctx, run.envelopes as EnvelopeOf<MutationKind>[]);
    if (fresh.length) {
      await tx.query(
        `INSERT INTO applied_mutations (mutation_id, cafe_id, device_id, kind, device_at, received_at)
         SELECT id, $1, $2, kind, at, $3 FROM unnest($4::uuid[], $5::text[], $6::timestamptz[]) AS m (id, kind, at)`,
        [device.cafeId, device.id, now.toISOString(), fresh.map((f) => f.mutationId), fresh.map((f) => f.mutation.kind), fresh.map((f) => f.at)],
      );
    }
    await tx.query('UPDATE devices SET last_seen_at = $2, clock_ahead_ms = $3 WHERE id = $1', [device.id, now.toISOString(), Math.round(clockAheadMs)]);
    // Every id in `touched` is already the guest that stands now (the appliers resolve merges).
    const changes = ctx.touched.size ? await recordSegmentChanges(tx, await cafeById(tx, device.cafeId), now, [...ctx.touched]) : [];
    await hooks.inTransaction?.(tx, { device, now, segmentChanges: changes });
    return changes;
  });
  return {
    response: { acked: req.mutations.map((m) => m.mutationId), serverTime: now.toISOString(), clockAheadMs: Math.round(clockAheadMs), clockFlagged },
    segmentChanges,
  };
}

/** Consecutive mutations of one kind, in batch order: the unit an applier works on. */
function runsOfOneKind(envelopes: readonly Envelope[]): { kind: MutationKind; envelopes: Envelope[] }[] {
  const runs: { kind: MutationKind; envelopes: Envelope[] }[] = [];
  for (const env of envelopes) {
    const last = runs.at(-1);
    if (last?.kind === env.mutation.kind) last.envelopes.push(env);
    else runs.push({ kind: env.mutation.kind, envelopes: [env] });
  }
  return runs;
}
