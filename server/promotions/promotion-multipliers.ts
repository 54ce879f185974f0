/**
 * The accrual multiplier of each named promotion, for the server's own accrual figure
 * (shared/promotions/benefit.ts: a `points-x` benefit multiplies the points a purchase earns).
 * A promotion the café does not have, or whose benefit is not a multiplier, is left out: ×1.
 */
import type { CafeId } from '../../shared/domain/ids.ts';
import { accrualMultiplier } from '../../shared/promotions/benefit.ts';
import type { Sql } from '../db/db.ts';
import { toPromotion } from './promotions.repo.ts';

export async function accrualMultipliers(tx: Sql, cafeId: CafeId, promotionIds: readonly (string | null | undefined)[]): Promise<Map<string, number>> {
  const ids = [...new Set(promotionIds.filter((id): id is string => !!id))];
  const found = new Map<string, number>();
  if (ids.length === 0) return found;
  const rows = await tx.query<{ id: string; definition: unknown; status: string }>(
    'SELECT id, definition, status FROM promotions WHERE cafe_id = $1 AND id = ANY($2::uuid[])',
    [cafeId, ids],
  );
  for (const row of rows) {
    const times = accrualMultiplier(toPromotion(row).benefit);
    if (times !== 1) found.set(row.id, times);
  }
  return found;
}
