/**
 * What `{reward}` names for a guest when the message carries no offer of its own: the reward
 * of the programme's catalogue their balance is working towards (the cheapest one it does not
 * reach yet, as the counter's "ещё 40 баллов до десерта" counts it); a guest whose balance
 * reaches every reward gets the dearest, which they can take now. An empty catalogue names
 * nothing, and the text falls back to its word ("подарок").
 */
import { affordableRewards, nearestReward } from '../loyalty/rewards.ts';
import type { Reward } from '../loyalty/program.ts';

export function catalogueReward(balance: number, rewards: readonly Reward[]): string | null {
  const next = nearestReward(Math.max(0, balance), rewards);
  if (next) return next.reward.name;
  return affordableRewards(Math.max(0, balance), rewards).at(-1)?.name ?? null;
}
