/**
 * What a tablet pulls after its cursor, assembled from the pull sources (pull-sources.ts):
 * guests whose row or stats changed (with the server's stats, not the purchases behind
 * them), merges, voids and the café's settings. Read in one snapshot, so the page and its
 * cursor agree; writers hold the café lock, so no change can commit behind a cursor already
 * handed out. A source that can be large (guests) ends the page at `limit` rows.
 */
import { emptyPullChanges, PROTOCOL, PULL_LIMIT, type PullResponse } from '../../shared/sync/protocol.ts';
import type { Device } from '../cafe/devices.repo.ts';
import { highestSeqOf } from '../cafe/device-queue.repo.ts';
import type { Db } from '../db/db.ts';
import type { PullBody } from './pull-source.ts';
import { PULL_SOURCES } from './pull-sources.ts';
import { syncEpoch } from './epoch.ts';

export async function pull(db: Db, device: Device, since: number, now: Date, limit = PULL_LIMIT): Promise<PullResponse> {
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const ends: number[] = [];
    for (const s of PULL_SOURCES) {
      const end = await s.pageEnd?.(tx, device.cafeId, since, limit);
      if (end != null) ends.push(end);
    }
    const more = ends.length > 0;
    let upto = more ? Math.min(...ends) : since;
    if (!more) for (const s of PULL_SOURCES) upto = Math.max(upto, (await s.latest(tx, device.cafeId)) ?? since);
    const body: PullBody = emptyPullChanges();
    for (const s of PULL_SOURCES) Object.assign(body, await s.read({ tx, device, since, upto, now }));
    const deviceSeq = await highestSeqOf(tx, device.id);
    return { protocol: PROTOCOL, epoch: await syncEpoch(tx, device.cafeId), deviceSeq, cursor: String(upto), more, serverTime: now.toISOString(), ...body };
  });
}
