/**
 * What mailings need of bonus points, behind one small interface: a guest's balance for
 * `{balance}` and the balance filter, and crediting a scenario's point reward. The ledger is
 * being built (issue 12); until it exists `NO_POINTS` says so, and every text, filter or
 * reward that needs a number of points is refused when it is saved ('points-unavailable'),
 * so no guest is ever sent a balance the product does not really hold.
 *
 * Once the ledger exists, an implementation returns each guest's real balance as of the
 * transaction (the sum of their ledger entries) and is passed where NO_POINTS is now
 * (server/mailings/deps.ts).
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { Sql } from '../db/db.ts';

export interface PointsLedger {
  /** False until bonus points exist: placeholders and rewards that need them are refused. */
  readonly available: boolean;
  /** Each guest's balance in whole points (missing guests: 0). Called only when `available`. */
  balancesOf(tx: Sql, cafeId: CafeId, guestIds: readonly GuestId[]): Promise<Map<GuestId, number>>;
}

export const NO_POINTS: PointsLedger = {
  available: false,
  balancesOf: () => Promise.reject(new Error('bonus points are not available yet')),
};
