/** The app's one sync loop, and pairing this tablet with the café's server. */
import { counterDb, type CounterDb } from '../db.ts';
import { SyncLoop } from './sync-loop.ts';
import { claimDevice } from './transport.ts';

let loop: SyncLoop | undefined;

export function startAppSync(db: CounterDb = counterDb()): SyncLoop {
  loop ??= new SyncLoop(db, { now: () => new Date(), random: Math.random });
  loop.start();
  return loop;
}

/** Claims a pairing code and keeps the token; the loop then syncs right away. */
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
