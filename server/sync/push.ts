/**
 * Applies a tablet's push: the batch in one transaction under the café's lock, each mutation
 * once (applied_mutations remembers ids and what they held), dispatched by kind through the
 * registry (appliers.ts) in runs of consecutive mutations of one kind, and the segments of
 * every guest it touched recorded before commit. Guarantees:
 * - a batch delivered twice, or a retry after a lost response, changes nothing more;
 * - every mutation is checked on its own (shape, plausible times against the server's clock,
 *   the same id not reused for other content) and a refused one is answered as refused with
 *   its code and field, stored nowhere but in refused_mutations for the owner, while the rest
 *   of the batch is applied (protocol 2). A protocol-1 tablet cannot read refusals, so for it
 *   any refusal refuses the whole batch, as before;
 * - the device's own time is kept beside the server's receive time, and a device clock more
 *   than 5 minutes ahead is flagged on the device and on its purchases.
 * What the batch changed (the segment moves) comes back to the caller; `hooks.inTransaction`
 * writes rows that must commit with the batch (a send queue), and whatever must happen
 * outside the database runs after this returns, i.e. after commit.
 */
import type { GuestId } from '../../shared/domain/ids.ts';
import { DomainError } from '../../shared/domain/domain-error.ts';
import type { MutationKind } from '../../shared/sync/mutations.ts';
import { CLOCK_AHEAD_LIMIT_MS, type PushResponse, type RawPushRequest, type Refusal } from '../../shared/sync/protocol.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import type { Device } from '../cafe/devices.repo.ts';
import { noteQueueReport } from '../cafe/device-queue.repo.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import type { Db, Sql } from '../db/db.ts';
import { recordSegmentChanges, type SegmentChange } from '../segments/segments.repo.ts';
import type { Applier, EnvelopeOf, PushContext } from './applier.ts';
import { APPLIERS } from './appliers.ts';
import { checkEnvelope, type CheckedEnvelope, stampsAtReceiveTime } from './check-envelope.ts';
import { syncEpoch } from './epoch.ts';

export interface PushResult {
  response: PushResponse;
  /** The segment moves the batch caused, recorded in the same transaction. */
  segmentChanges: SegmentChange[];
}

export interface PushHooks {
  /** Runs inside the push's transaction after every mutation is applied: what it writes commits (or not) with the batch. */
  inTransaction?: (tx: Sql, applied: { device: Device; now: Date; segmentChanges: readonly SegmentChange[] }) => Promise<void>;
}

/** The first protocol whose tablets read per-mutation refusals. */
const PER_MUTATION_PROTOCOL = 2;

export async function applyPush(db: Db, device: Device, req: RawPushRequest, now: Date, hooks: PushHooks = {}): Promise<PushResult> {
  const clockAheadMs = Date.parse(req.deviceTime) - now.getTime();
  const clockFlagged = clockAheadMs > CLOCK_AHEAD_LIMIT_MS;
  // Throws (400) only when an envelope has no readable id: nothing could name the refusal.
  const checked = stampsAtReceiveTime(
    req.mutations.map((raw, i) => checkEnvelope(raw, i, now)),
    now,
  );
  const { acked, refused, segmentChanges, epoch } = await db.transaction(async (tx) => {
    await lockCafe(tx, device.cafeId);
    const valid = checked.filter((c): c is CheckedEnvelope => 'envelope' in c);
    const ids = valid.map((c) => c.envelope.mutationId);
    const stored = new Map(
      (
        await tx.query<{ mutation_id: string; content_hash: string | null }>(
          'SELECT mutation_id, content_hash FROM applied_mutations WHERE mutation_id = ANY($1::uuid[])',
          [ids],
        )
      ).map((r) => [r.mutation_id, r.content_hash]),
    );
    const refused: Refusal[] = [];
    // By position: an id refused as reused content may also stand, applied, earlier in the batch.
    const refusedAt = new Set<number>();
    const fresh: CheckedEnvelope[] = [];
    const inBatch = new Map<string, string>();
    for (const c of checked) {
      if ('refusal' in c) {
        refused.push(c.refusal);
        refusedAt.add(c.index);
        continue;
      }
      const id = c.envelope.mutationId;
      const known = stored.has(id) ? stored.get(id) : inBatch.get(id);
      if (known === undefined && !stored.has(id)) {
        inBatch.set(id, c.hash);
        fresh.push(c);
      } else if (known !== null && known !== c.hash) {
        refusedAt.add(c.index);
        refused.push({
          mutationId: id,
          code: 'id-conflict',
          message: 'this mutation id was used before for other content',
          field: `mutations.${c.index}.mutationId`,
        });
      }
    }
    const ctx: PushContext = { tx, cafeId: device.cafeId, device, now, touched: new Set<GuestId>() };
    for (const { one, refusal } of await applyEach(ctx, fresh)) {
      refused.push(refusal);
      refusedAt.add(one.index);
    }
    if (refused.length && req.protocol < PER_MUTATION_PROTOCOL) {
      const first = refused[0]!;
      throw new DomainError(first.code as DomainError['code'], first.message, first.field);
    }
    const applied = fresh.filter((f) => !refusedAt.has(f.index));
    if (applied.length) {
      await tx.query(
        `INSERT INTO applied_mutations (mutation_id, cafe_id, device_id, kind, device_at, received_at, content_hash)
         SELECT id, $1, $2, kind, at, $3, hash FROM unnest($4::uuid[], $5::text[], $6::timestamptz[], $7::text[]) AS m (id, kind, at, hash)`,
        [
          device.cafeId,
          device.id,
          now.toISOString(),
          applied.map((f) => f.envelope.mutationId),
          applied.map((f) => f.envelope.mutation.kind),
          applied.map((f) => f.envelope.at),
          applied.map((f) => f.hash),
        ],
      );
    }
    if (refused.length) await recordRefusals(tx, device, now, refused, checked);
    // Refused once for lacking a guest a restored server had lost, then applied when the tablet
    // re-sent what it holds: no longer a refusal for the owner to review.
    if (applied.length)
      await tx.query('DELETE FROM refused_mutations WHERE device_id = $1 AND mutation_id = ANY($2::uuid[])', [
        device.id,
        applied.map((f) => f.envelope.mutationId),
      ]);
    await tx.query('UPDATE devices SET last_seen_at = $2, clock_ahead_ms = $3 WHERE id = $1', [device.id, now.toISOString(), Math.round(clockAheadMs)]);
    await noteQueueReport(tx, device.id, { outboxSize: req.outboxSize, highestSeq: req.highestSeq }, now);
    // Every id in `touched` is already the guest that stands now (the appliers resolve merges).
    const changes = ctx.touched.size ? await recordSegmentChanges(tx, await cafeById(tx, device.cafeId), now, [...ctx.touched]) : [];
    await hooks.inTransaction?.(tx, { device, now, segmentChanges: changes });
    const acked = valid.filter((c) => !refusedAt.has(c.index)).map((c) => c.envelope.mutationId);
    return { acked, refused, segmentChanges: changes, epoch: await syncEpoch(tx, device.cafeId) };
  });
  return {
    response: { acked, refused, epoch, serverTime: now.toISOString(), clockAheadMs: Math.round(clockAheadMs), clockFlagged },
    segmentChanges,
  };
}

/**
 * Applies the fresh mutations: all at once when none is refused (the fast path, whole runs per
 * statement); otherwise again one by one, each behind a savepoint, so a refused one leaves no
 * trace and the others still apply. Returns the refusals.
 */
async function applyEach(ctx: PushContext, fresh: readonly CheckedEnvelope[]): Promise<{ one: CheckedEnvelope; refusal: Refusal }[]> {
  if (!fresh.length) return [];
  if ((await attempt(ctx, fresh)) === true) return [];
  const refused: { one: CheckedEnvelope; refusal: Refusal }[] = [];
  for (const one of fresh) {
    const failure = await attempt(ctx, [one]);
    if (failure !== true) refused.push({ one, refusal: refusalOf(failure, one) });
  }
  return refused;
}

/** true when applied; the refusing error when a savepoint rolled it back. Any other error fails the push. */
async function attempt(ctx: PushContext, batch: readonly CheckedEnvelope[]): Promise<true | DomainError | DataError> {
  const touched = [...ctx.touched];
  await ctx.tx.query('SAVEPOINT push_attempt');
  try {
    for (const run of runsOfOneKind(batch)) await (APPLIERS[run.kind] as Applier<MutationKind>).apply(ctx, run.envelopes);
    await ctx.tx.query('RELEASE SAVEPOINT push_attempt');
    return true;
  } catch (e) {
    if (!(e instanceof DomainError) && !isDataError(e)) throw e;
    await ctx.tx.query('ROLLBACK TO SAVEPOINT push_attempt');
    ctx.touched.clear();
    for (const g of touched) ctx.touched.add(g);
    return e;
  }
}

interface DataError {
  code: string;
  message: string;
}

/** A value the database itself refuses (SQLSTATE class 22 data exception, 23 integrity): the mutation's fault, not the server's. */
const isDataError = (e: unknown): e is DataError =>
  typeof e === 'object' && e !== null && typeof (e as DataError).code === 'string' && /^2[23]/.test((e as DataError).code);

function refusalOf(e: DomainError | DataError, { envelope, index }: CheckedEnvelope): Refusal {
  const at = `mutations.${index}`;
  if (!(e instanceof DomainError))
    return { mutationId: envelope.mutationId, code: 'invalid', message: 'the database refused a value of this mutation', field: at };
  const field = !e.field || e.field === 'mutations' ? at : `${at}.mutation.${e.field}`;
  return { mutationId: envelope.mutationId, code: e.code, message: e.message, field };
}

async function recordRefusals(tx: Sql, device: Device, now: Date, refused: readonly Refusal[], checked: ReturnType<typeof checkEnvelope>[]) {
  const kinds = new Map(checked.map((c) => ('envelope' in c ? [c.envelope.mutationId, c.envelope.mutation.kind] : [c.refusal.mutationId, c.kind])));
  await tx.query(
    `INSERT INTO refused_mutations (mutation_id, device_id, cafe_id, kind, code, field, message, refused_at)
     SELECT id, $1, $2, kind, code, field, message, $3 FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[]) AS r (id, kind, code, field, message)
     ON CONFLICT (device_id, mutation_id) DO NOTHING`,
    [
      device.id,
      device.cafeId,
      now.toISOString(),
      refused.map((r) => r.mutationId),
      refused.map((r) => kinds.get(r.mutationId) ?? null),
      refused.map((r) => r.code),
      refused.map((r) => r.field ?? null),
      refused.map((r) => r.message),
    ],
  );
}

/** Consecutive mutations of one kind, in batch order: the unit an applier works on. */
function runsOfOneKind(checked: readonly CheckedEnvelope[]): { kind: MutationKind; envelopes: EnvelopeOf<MutationKind>[] }[] {
  const runs: { kind: MutationKind; envelopes: EnvelopeOf<MutationKind>[] }[] = [];
  for (const { envelope: env } of checked) {
    const last = runs.at(-1);
    if (last?.kind === env.mutation.kind) last.envelopes.push(env);
    else runs.push({ kind: env.mutation.kind, envelopes: [env] });
  }
  return runs;
}
