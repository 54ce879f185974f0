/**
 * The stuck-queue detector. A sync that succeeds drains the outbox; one whose rounds keep
 * succeeding while the same write stays at the head of the queue is stuck (the server keeps
 * answering "not yet" for it — a guest a restored server still lacks — or a bug keeps it from
 * being sent), and so is one whose pushes the server keeps answering with an error. After
 * STUCK_ROUNDS such rounds the status bar says so instead of showing a healthy "synced at …"
 * over writes that are not moving. A round with no answer at all counts nothing: the network is
 * then the problem, and the status bar says that.
 */
import type { CounterDb } from '../db.ts';

export const STUCK_ROUNDS = 3;
export const STUCK_KEY = 'stuck';

export interface StuckState {
  /** The outbox's oldest entry at the end of the last successful round. */
  seq: number;
  /** Successful rounds in a row that ended with it still queued. */
  rounds: number;
  /** How many writes were waiting then. */
  count: number;
}

/** Called at the end of every round the server answered; returns the state (null: the queue moved or is empty). */
export async function noteRoundEnd(db: CounterDb): Promise<StuckState | null> {
  return db.transaction('rw', [db.outbox, db.settings], async () => {
    const head = await db.outbox.orderBy('seq').first();
    const before = (await db.settings.get(STUCK_KEY))?.value as StuckState | undefined;
    if (head?.seq === undefined) {
      if (before) await db.settings.delete(STUCK_KEY);
      return null;
    }
    const rounds = before?.seq === head.seq ? before.rounds + 1 : 1;
    const state: StuckState = { seq: head.seq, rounds, count: await db.outbox.count() };
    await db.settings.put({ key: STUCK_KEY, value: state });
    return state;
  });
}

export const isStuck = (s: StuckState | null | undefined): s is StuckState => !!s && s.rounds >= STUCK_ROUNDS;
