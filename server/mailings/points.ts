/**
 * What mailings need of bonus points, behind one small interface: a guest's balance for
 * `{balance}` and the balance filter, the reward of the programme's catalogue `{reward}` names,
 * and crediting a scenario's point reward. `LOYALTY_POINTS` (loyalty-points.ts) is the real
 * one, on server/loyalty's ledger; `NO_POINTS` stands for a product without bonus points: every
 * text, filter or reward that needs a number of points is refused when it is saved
 * ('points-unavailable'), so no guest is ever sent a balance the product does not hold.
 */
import type { LocalDate } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { Sql } from '../db/db.ts';

/** A scenario's point reward for one message that was sent. */
export interface RewardCredit {
  /** The message's key: the ledger entry's id is derived from it, so it is credited once. */
  key: string;
  guestId: GuestId;
  points: number;
}

export interface PointsLedger {
  /** False without bonus points: placeholders and rewards that need them are refused. */
  readonly available: boolean;
  /** Each guest's balance in whole points (missing guests: 0). Called only when `available`. */
  balancesOf(tx: Sql, cafeId: CafeId, guestIds: readonly GuestId[]): Promise<Map<GuestId, number>>;
  /** For `{reward}`: each guest's reward of the catalogue by name (none when the catalogue is empty). */
  rewardsFor(tx: Sql, cafeId: CafeId, balances: ReadonlyMap<GuestId, number>): Promise<Map<GuestId, string>>;
  /**
   * The programme's tier ids (in its order) and, for each guest asked about, the id of the tier
   * their paid spend over the tier window puts them in (null: below every tier).
   */
  tiersOf(tx: Sql, cafeId: CafeId, guestIds: readonly GuestId[]): Promise<{ known: string[]; tierOf: Map<GuestId, string | null> }>;
  /**
   * Guests whose oldest unspent points can last be spent on a café day in [from, to] (the day
   * before they expire), with those points; none when the programme's points never expire.
   */
  expiringBetween(tx: Sql, cafeId: CafeId, from: LocalDate, to: LocalDate): Promise<{ guestId: GuestId; lastDay: LocalDate; points: number }[]>;
  /** Credits sent messages' point rewards in the caller's transaction; returns how many were new. */
  creditRewards(tx: Sql, cafeId: CafeId, credits: readonly RewardCredit[], now: Date): Promise<number>;
}

const unavailable = () => Promise.reject(new Error('bonus points are not available'));

export const NO_POINTS: PointsLedger = {
  available: false,
  balancesOf: unavailable,
  rewardsFor: unavailable,
  tiersOf: unavailable,
  expiringBetween: unavailable,
  creditRewards: unavailable,
};
