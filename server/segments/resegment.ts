/**
 * Time alone moves guests (active → leaving on day 15, → sleeping on day 61). Once per café
 * day this records those moves in segment_history and moves the recent window the reports
 * keep (0004_owner.sql); running it again the same day does nothing.
 */
import { lastCafeDays, localDateOf } from '../../shared/domain/calendar.ts';
import type { CafeId } from '../../shared/domain/ids.ts';
import type { Db, Sql } from '../db/db.ts';
import { cafeById, type Cafe } from '../cafe/cafes.repo.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import { moveRecentWindow } from '../purchases/purchases.repo.ts';
import { recordSegmentChanges, RECENT_DAYS, type SegmentChange } from './segments.repo.ts';

/**
 * Returns how many guests moved, or null when today was already done. `onChanges` writes what
 * must commit with the day's moves (scenarios' queue rows, server/mailings).
 */
export async function resegmentIfNewDay(
  db: Db,
  cafeId: CafeId,
  now: Date,
  onChanges?: (tx: Sql, changes: readonly SegmentChange[]) => Promise<unknown>,
): Promise<number | null> {
  return db.transaction(async (tx) => {
    await lockCafe(tx, cafeId);
    const cafe = await cafeById(tx, cafeId);
    const today = localDateOf(now, cafe.timeZone);
    const done = await tx.query<{ d: string | null }>('SELECT last_resegment_day::text AS d FROM cafes WHERE id = $1', [cafeId]);
    if (done[0]?.d === today) return null;
    const changes = await recordDay(tx, cafe, now, 'move');
    await onChanges?.(tx, changes);
    return changes.length;
  });
}

/**
 * Records every guest's segment as of `now`, moves the recent window to the 30 café days
 * ending today, and marks the day done: from then on the recorded segments are today's
 * (segments.repo.ts, recordedSegmentsHold). The café's lock is the caller's to hold.
 */
export async function recordDay(tx: Sql, cafe: Cafe, now: Date, kind: 'move' | 'rules'): Promise<SegmentChange[]> {
  const today = localDateOf(now, cafe.timeZone);
  const changes = await recordSegmentChanges(tx, cafe, now, undefined, kind);
  const window = lastCafeDays(today, RECENT_DAYS, cafe.timeZone);
  await moveRecentWindow(tx, cafe.id, window.from, window.to);
  await tx.query('UPDATE cafes SET last_resegment_day = $2 WHERE id = $1', [cafe.id, today]);
  return changes;
}
