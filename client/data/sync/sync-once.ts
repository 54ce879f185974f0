/**
 * One round of sync: push the whole outbox in bounded batches (oldest first), then pull
 * until the server has nothing more. Never pulls while anything sent is unacknowledged (a
 * failed push ends the round), which is what lets tabletView count each purchase once.
 * What the server refuses for good is set aside (refused.ts) and the queue carries on.
 */
import { PROTOCOL } from '../../../shared/sync/limits.ts';
import type { Envelope } from '../../../shared/sync/protocol.ts';
import type { CounterDb } from '../db.ts';
import { readSettings } from '../settings.ts';
import { applyAck, applyPull } from './apply.ts';
import { setAside } from './refused.ts';
import { SyncHttpError, type SyncTransport } from './transport.ts';

export const PUSH_BATCH = 200;

export interface SyncReport {
  pushed: number;
  pulledGuests: number;
}

export async function syncOnce(db: CounterDb, transport: SyncTransport, now: () => Date): Promise<SyncReport> {
  let pushed = 0;
  for (;;) {
    const rows = await db.outbox.orderBy('seq').limit(PUSH_BATCH).toArray();
    if (!rows.length) break;
    const mutations: Envelope[] = rows.map((r) => ({ mutationId: r.mutationId, at: new Date(r.createdAt).toISOString(), hlc: r.hlc, mutation: r.mutation }));
    const res = await transport.push({ protocol: PROTOCOL, deviceTime: now().toISOString(), mutations });
    await applyAck(db, res.acked);
    const refused = res.refused ?? [];
    await setAside(db, refused, now());
    pushed += rows.length;
    // A server that answered for none of the batch would have this loop send it forever.
    const answered = new Set([...res.acked, ...refused.map((r) => r.mutationId)]);
    if (!rows.some((r) => answered.has(r.mutationId))) throw new SyncHttpError(500, 'unanswered', 'the server answered for none of the batch');
  }
  let pulledGuests = 0;
  for (;;) {
    const { cursor } = await readSettings(db);
    const page = await transport.pull(cursor);
    await applyPull(db, page);
    pulledGuests += page.guests.length;
    if (!page.more) break;
  }
  await db.settings.bulkPut([
    { key: 'lastSyncAt', value: now().getTime() },
    { key: 'lastSyncError', value: null },
  ]);
  return { pushed, pulledGuests };
}
