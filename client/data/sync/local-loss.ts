/**
 * Telling the barista that this tablet lost writes it had made, instead of starting blank in
 * silence. Two ways it shows:
 * - `wiped`: the database knows less than the marker kept beside it (device-marker.ts). The
 *   writes numbered above what the server acknowledged were in the wiped database only: gone.
 *   Checked when the app starts, before anything new is written.
 * - `behind`: the server has received writes of this tablet numbered above anything this
 *   database remembers (pull's `deviceSeq`): the database was rolled back or restored under a
 *   kept token. What the server holds is safe; what was made after it and not sent is gone.
 * Either is kept as the `localLoss` setting until the barista dismisses it, and the database's
 * own count is raised to what was seen, so each loss is told once.
 */
import type { CounterDb } from '../db.ts';
import { readMarker, writeMarker } from '../device-marker.ts';
import { HIGHEST_SEQ_KEY } from '../outbox.ts';

export const LOCAL_LOSS_KEY = 'localLoss';

export interface LocalLoss {
  kind: 'wiped' | 'behind';
  /** Writes made on this tablet that never reached the server (`wiped`); 0 when unknown (`behind`). */
  lost: number;
  at: number;
}

/** The highest outbox sequence this database remembers: its counter, or its queued and kept-sent rows (an older app kept no counter). */
export async function localHighestSeq(db: CounterDb): Promise<number> {
  const counted = Number((await db.settings.get(HIGHEST_SEQ_KEY))?.value ?? 0);
  const [queued, sent] = await Promise.all([db.outbox.orderBy('seq').last(), db.sent.orderBy('seq').last()]);
  return Math.max(counted, queued?.seq ?? 0, sent?.seq ?? 0);
}

/** At start: compares the database with the marker; records a loss when the database was wiped. */
export async function detectWipe(db: CounterDb, now: number): Promise<LocalLoss | null> {
  const marker = readMarker();
  const local = await localHighestSeq(db);
  if (!marker || marker.highestSeq <= local) {
    // A first start, or an older app's tablet: the marker starts from what the database knows.
    if (!marker) writeMarker({ highestSeq: local, syncedSeq: local });
    return null;
  }
  const loss = await recordLoss(db, marker.highestSeq, (held) => ({ kind: 'wiped', lost: marker.highestSeq - Math.max(marker.syncedSeq, held), at: now }));
  if (loss) writeMarker({ highestSeq: marker.highestSeq, syncedSeq: marker.highestSeq });
  return loss;
}

/**
 * Keeps the loss for the status bar and moves the outbox's numbering on past `seq`: IndexedDB's
 * key generator rises to the highest key ever stored, so one placeholder row put and deleted in
 * the same transaction makes the next write `seq + 1`. The numbers thus stay one line across the
 * loss, and the marker and the server's record stay comparable with this database. The database
 * is compared with `seq` again inside the transaction: a write committed since the first look may
 * have taken that very number, and its outbox row must not be the placeholder's (`add` would fail
 * rather than overwrite it). Null when nothing is lost after all.
 */
async function recordLoss(db: CounterDb, seq: number, lossFor: (held: number) => LocalLoss): Promise<LocalLoss | null> {
  return db.transaction('rw', [db.settings, db.outbox, db.sent], async () => {
    const held = await localHighestSeq(db);
    if (seq <= held) return null;
    const loss = lossFor(held);
    await db.settings.bulkPut([
      { key: LOCAL_LOSS_KEY, value: loss },
      { key: HIGHEST_SEQ_KEY, value: seq },
    ]);
    await db.outbox.add({ seq, mutationId: `seq-raise-${seq}`, mutation: null as never, createdAt: 0, hlc: '' });
    await db.outbox.delete(seq);
    return loss;
  });
}

/** After a pull: the server has seen writes numbered above what this database remembers. */
export async function noteDeviceSeq(db: CounterDb, deviceSeq: number | undefined, now: number): Promise<boolean> {
  if (deviceSeq === undefined) return false; // an older server
  if (deviceSeq <= (await localHighestSeq(db))) return false;
  return (await recordLoss(db, deviceSeq, () => ({ kind: 'behind', lost: 0, at: now }))) !== null;
}

export async function dismissLocalLoss(db: CounterDb): Promise<void> {
  await db.settings.delete(LOCAL_LOSS_KEY);
}
