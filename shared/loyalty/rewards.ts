/**
 * The reward catalogue at the counter: what a balance already pays for, the nearest reward it
 * does not yet reach and how many points are missing ("ещё 40 баллов до десерта"), and
 * whether a reward may be given now. A reward is bounded by the balance the tablet sees and,
 * offline, by the owner's offline cap, like points spent on a check; it is not bounded by a
 * share of any check.
 */
import type { LedgerEntry } from './ledger.ts';
import type { LoyaltyProgram, Reward } from './program.ts';

const byPrice = (rewards: readonly Reward[]) => [...rewards].sort((a, b) => a.price - b.price);

/** Rewards the balance pays for now, cheapest first (catalogue order among equal prices). */
export function affordableRewards(balance: number, rewards: readonly Reward[]): Reward[] {
  return byPrice(rewards).filter((r) => r.price <= balance);
}

/** The cheapest reward the balance does not reach yet, and the points missing; null when it reaches them all. */
export function nearestReward(balance: number, rewards: readonly Reward[]): { reward: Reward; missing: number } | null {
  const reward = byPrice(rewards).find((r) => r.price > balance);
  return reward ? { reward, missing: reward.price - balance } : null;
}

export type RewardProblem = 'reward-unknown' | 'points-over-balance' | 'points-over-offline-cap';

/**
 * Why this reward cannot be given now, or null. `offlineSpent` as for a redemption: points
 * this tablet spent for the guest that the server has not counted, or null when online.
 */
export function rewardProblem(
  rewardId: string,
  context: { balance: number; offlineSpent: number | null },
  program: Pick<LoyaltyProgram, 'rewards' | 'offlineSpendCap'>,
): RewardProblem | null {
  const reward = program.rewards.find((r) => r.id === rewardId);
  if (!reward) return 'reward-unknown';
  if (reward.price > context.balance) return 'points-over-balance';
  if (context.offlineSpent !== null && program.offlineSpendCap !== null && context.offlineSpent + reward.price > program.offlineSpendCap) {
    return 'points-over-offline-cap';
  }
  return null;
}

/** The ledger entry for giving a reward: its price taken, its name as the reason. */
export function rewardEntry(reward: Reward, id: string, at: Date): LedgerEntry {
  return { id, kind: 'reward', points: -reward.price, at, reason: reward.name };
}
