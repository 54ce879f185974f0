/**
 * One round of sync: push the whole outbox in bounded batches (oldest first), then pull
 * until the server has nothing more. Never pulls while anything sent is unacknowledged (a
 * failed push ends the round), which is what lets tabletView count each purchase once.
 * What the server refuses for good is set aside (refused.ts) and the queue carries on.
 * A server answering with a new sync epoch (restored from a backup) gets this tablet's recent
 * writes again and is pulled from the start (epoch.ts).
 */
import { PROTOCOL } from '../../../shared/sync/limits.ts';
import type { Envelope } from '../../../shared/sync/protocol.ts';
import type { CounterDb } from '../db.ts';
import { readSettings } from '../settings.ts';
import { applyAck, applyPull } from './apply.ts';
import { setAside } from './refused.ts';
import { healingFromRestore, noteEpoch } from './epoch.ts';
import { SyncHttpError, type SyncTransport } from './transport.ts';
import { raiseMarker } from '../device-marker.ts';
import { noteDeviceSeq } from './local-loss.ts';
import { noteRoundEnd } from './stuck.ts';

export const PUSH_BATCH = 200;

/** Refusals a restored server gives for what it lost: healed by re-sending. */
const LACKING = new Set(['unknown-guest', 'unknown-purchase']);

export interface SyncReport {
  pushed: number;
  pulledGuests: number;
}

export async function syncOnce(db: CounterDb, transport: SyncTransport, now: () => Date, restarts = 0): Promise<SyncReport> {
  let pushed = 0;
  // Refused for lacking a guest or purchase while a restore heals: left queued for the next round.
  const waiting = new Set<string>();
  for (;;) {
    const rows = await db.outbox
      .orderBy('seq')
      .filter((r) => !waiting.has(r.mutationId))
      .limit(PUSH_BATCH)
      .toArray();
    if (!rows.length) break;
    const mutations: Envelope[] = rows.map((r) => ({ mutationId: r.mutationId, at: new Date(r.createdAt).toISOString(), hlc: r.hlc, mutation: r.mutation }));
    const res = await transport.push({
      protocol: PROTOCOL,
      deviceTime: now().toISOString(),
      mutations,
      // What waits besides this batch, for the owner's tablets screen, and how far our numbering has reached.
      outboxSize: (await db.outbox.count()) - rows.length,
      highestSeq: Math.max(...rows.map((r) => r.seq ?? 0)),
    });
    await applyAck(db, res.acked, now().getTime());
    // A new epoch queues the kept writes again: the loop goes on and sends them. A write of
    // this batch refused because the restored server lacks its guest or purchase stays queued
    // behind them (tried again in this round), and while the restore heals (other tablets
    // re-sending theirs) in later rounds, instead of being set aside for good.
    const restored = await noteEpoch(db, res.epoch, now().getTime());
    const refused = res.refused ?? [];
    const healing = restored || (await healingFromRestore(db, now().getTime()));
    const lacking = healing ? refused.filter((r) => LACKING.has(r.code)) : [];
    if (!restored) for (const r of lacking) waiting.add(r.mutationId);
    const setAsideNow = refused.filter((r) => !lacking.includes(r));
    await setAside(db, setAsideNow, now());
    // Left the outbox for good (stored, or set aside): not lost if the database is wiped later.
    const gone = new Set([...res.acked, ...setAsideNow.map((r) => r.mutationId)]);
    raiseMarker({ syncedSeq: Math.max(0, ...rows.filter((r) => gone.has(r.mutationId)).map((r) => r.seq ?? 0)) });
    pushed += rows.length;
    // A server that answered for none of the batch would have this loop send it forever.
    const answered = new Set([...res.acked, ...refused.map((r) => r.mutationId)]);
    if (!rows.some((r) => answered.has(r.mutationId))) throw new SyncHttpError(500, 'unanswered', 'the server answered for none of the batch');
  }
  let pulledGuests = 0;
  let deviceSeq: number | undefined;
  for (;;) {
    const { cursor } = await readSettings(db);
    const page = await transport.pull(cursor, await db.outbox.count());
    // Restored under us: send what we hold first, then pull from the start. An epoch that
    // changes again within the round ends it; the next round starts clean.
    if (await noteEpoch(db, page.epoch, now().getTime())) {
      if (restarts > 0) throw new SyncHttpError(503, 'epoch-changed', 'the server was restored again during this sync');
      const again = await syncOnce(db, transport, now, restarts + 1);
      return { pushed: pushed + again.pushed, pulledGuests: pulledGuests + again.pulledGuests };
    }
    await applyPull(db, page);
    deviceSeq = page.deviceSeq;
    pulledGuests += page.guests.length;
    if (!page.more) break;
  }
  // Once a round, from its last page: the number is the tablet's, the same on every page.
  await noteDeviceSeq(db, deviceSeq, now().getTime());
  await db.settings.bulkPut([
    { key: 'lastSyncAt', value: now().getTime() },
    { key: 'lastSyncError', value: null },
  ]);
  await noteRoundEnd(db);
  return { pushed, pulledGuests };
}
