/**
 * Where scenarios plug into the transactions that observe segment changes: a push
 * (PushHooks.inTransaction), an import's final re-sort, and the daily resegment job. Each
 * runs inside that transaction, so the queue rows commit with the changes or not at all.
 */
import type { CafeId } from '../../shared/domain/ids.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import type { Sql } from '../db/db.ts';
import type { SegmentChange } from '../segments/segments.repo.ts';
import type { PushHooks } from '../sync/push.ts';
import { LOYALTY_POINTS } from './loyalty-points.ts';
import type { PointsLedger } from './points.ts';
import { fireSegmentEntries } from './scenarios.repo.ts';

export function scenarioPushHooks(ledger: PointsLedger = LOYALTY_POINTS): PushHooks {
  return { inTransaction: (tx, { device, now, segmentChanges }) => fireSegmentEntries(tx, device.cafeId, segmentChanges, now, ledger).then(() => undefined) };
}

/** An import's first placements are where imported guests already stood, not moves: they fire nothing. */
export function importScenarioHook(now: Date, ledger: PointsLedger = LOYALTY_POINTS) {
  return async (tx: Sql, changes: readonly SegmentChange[]) => {
    const cafe = await ensureCafe(tx);
    return fireSegmentEntries(tx, cafe.id, changes, now, ledger, { firstPlacementIsEntry: false });
  };
}

export function resegmentScenarioHook(cafeId: CafeId, now: Date, ledger: PointsLedger = LOYALTY_POINTS) {
  return (tx: Sql, changes: readonly SegmentChange[]) => fireSegmentEntries(tx, cafeId, changes, now, ledger);
}
