/**
 * Time alone moves guests (active → leaving on day 15, → sleeping on day 61). Once per café
 * day this records those moves in segment_history; running it again the same day does nothing.
 */
import { localDateOf } from '../../shared/domain/calendar.ts';
import type { CafeId } from '../../shared/domain/ids.ts';
import type { Db } from '../db/db.ts';
import { cafeById } from '../repos/cafes.repo.ts';
import { lockCafe } from '../repos/purchases.repo.ts';
import { recordSegmentChanges } from '../segments/segments.repo.ts';

/** Returns how many guests moved, or null when today was already done. */
export async function resegmentIfNewDay(db: Db, cafeId: CafeId, now: Date): Promise<number | null> {
  return db.transaction(async (tx) => {
    await lockCafe(tx, cafeId);
    const cafe = await cafeById(tx, cafeId);
    const today = localDateOf(now, cafe.timeZone);
    const done = await tx.query<{ d: string | null }>('SELECT last_resegment_day::text AS d FROM cafes WHERE id = $1', [cafeId]);
    if (done[0]?.d === today) return null;
    const changes = await recordSegmentChanges(tx, cafe, now);
    await tx.query('UPDATE cafes SET last_resegment_day = $2 WHERE id = $1', [cafeId, today]);
    return changes.length;
  });
}

/** Checks every few minutes whether the café's day has turned; returns a stop function. */
export function startResegmentJob(db: Db, cafeId: CafeId, now: () => Date, everyMs = 5 * 60_000): () => void {
  const run = () => void resegmentIfNewDay(db, cafeId, now()).catch((e) => console.error('resegment failed:', (e as Error).message));
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
