/**
 * One round of sync: push the whole outbox in bounded batches (oldest first), then pull
 * until the server has nothing more. Never pulls while anything sent is unacknowledged (a
 * failed push ends the round), which is what lets tabletView count each purchase once.
 */
import { PROTOCOL } from '../../../shared/sync/limits.ts';
import type { Envelope } from '../../../shared/sync/protocol.ts';
import type { CounterDb } from '../db.ts';
import { readSettings } from '../settings.ts';
import { applyAck, applyPull } from './apply.ts';
import type { SyncTransport } from './transport.ts';

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
    pushed += rows.length;
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
