/** The app's one sync loop, and pairing this tablet with the café's server (and unpairing it). */
import { counterDb, type CounterDb } from '../db.ts';
import { EPOCH_KEY, RESTORED_AT_KEY } from './epoch.ts';
import { detectWipe } from './local-loss.ts';
import { SyncLoop } from './sync-loop.ts';
import { claimDevice } from './transport.ts';
import { readSettings } from '../settings.ts';

let loop: SyncLoop | undefined;

/** Starts syncing once the database has been checked against its marker (a wiped one is told before any new write). */
export function startAppSync(db: CounterDb = counterDb()): SyncLoop {
  const first = !loop;
  loop ??= new SyncLoop(db, { now: () => new Date(), random: Math.random });
  const started = loop;
  if (first) void detectWipe(db, Date.now()).finally(() => started.start());
  return loop;
}

/**
 * Claims a pairing code and keeps the token; the loop then syncs right away. Also how a tablet
 * whose token the server no longer knows (revoked, or a server restored from a backup older than
 * the pairing) is paired again: the outbox is left as it is and goes up under the new token.
 */
export async function pairTablet(db: CounterDb, serverUrl: string, code: string, name: string, fetchFn?: typeof fetch): Promise<void> {
  const { token, deviceId } = await claimDevice(serverUrl, code.replace(/\s/g, ''), name, fetchFn && ((i, init) => fetchFn(i, init)));
  await db.settings.bulkPut([
    { key: 'serverUrl', value: serverUrl },
    { key: 'token', value: token },
    { key: 'serverDeviceId', value: deviceId },
    { key: 'lastSyncError', value: null },
  ]);
  loop?.soon(0);
}

/** Unpairing was refused: `count` writes still wait to go to the server and would be lost. */
export class OutboxNotEmptyError extends Error {
  readonly code = 'outbox-not-empty';
  constructor(readonly count: number) {
    super(`${count} record(s) not yet sent`);
  }
}

/**
 * Forgets this tablet's pairing (token, server, cursor) so it can be paired anew; its guests and
 * history stay. Refused while the outbox holds anything: a tablet with no pairing cannot send
 * them, and a tablet paired elsewhere would send them to the wrong café. The server is asked to
 * revoke the token too, once the tablet has let go of it (a write landing meanwhile keeps the
 * pairing, and its token must still work), so the owner sees the tablet disconnected; offline, the
 * tablet unpairs all the same (the owner can revoke it on the tablets screen, showing nothing unsent).
 */
export async function unpairTablet(db: CounterDb, fetchFn: typeof fetch = (i, init) => fetch(i, init)): Promise<void> {
  const { serverUrl, token } = await db.transaction('rw', [db.outbox, db.settings], async () => {
    const count = await db.outbox.count();
    if (count > 0) throw new OutboxNotEmptyError(count);
    const held = await readSettings(db);
    await db.settings.bulkDelete(['token', 'serverUrl', 'serverDeviceId', 'lastSyncError', 'lastSyncAt', EPOCH_KEY, RESTORED_AT_KEY]);
    await db.settings.put({ key: 'cursor', value: '0' });
    return held;
  });
  if (token) await fetchFn(`${serverUrl}/api/sync/unpair`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
}
