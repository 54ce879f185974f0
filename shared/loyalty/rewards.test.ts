import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM, type Reward } from './program.ts';
import { affordableRewards, nearestReward, rewardEntry, rewardProblem } from './rewards.ts';

const coffee: Reward = { id: 'coffee', name: 'Кофе', price: 120 };
const dessert: Reward = { id: 'dessert', name: 'Десерт', price: 150 };
const cookie: Reward = { id: 'cookie', name: 'Печенье', price: 150 };
const lunch: Reward = { id: 'lunch', name: 'Обед', price: 500 };
const CATALOGUE = [lunch, dessert, coffee, cookie];
const program = { ...DEFAULT_PROGRAM, rewards: CATALOGUE };

describe('nearest reward', () => {
  it('is the cheapest one out of reach, with the points missing', () => {
    // "ещё 40 баллов до десерта"
    expect(nearestReward(110, [dessert])).toEqual({ reward: dessert, missing: 40 });
    expect(nearestReward(110, CATALOGUE)).toEqual({ reward: coffee, missing: 10 });
    expect(nearestReward(130, CATALOGUE)).toEqual({ reward: dessert, missing: 20 });
  });

  it('is reached exactly at its price, and the next one is shown instead', () => {
    expect(nearestReward(149, CATALOGUE)).toEqual({ reward: dessert, missing: 1 });
    expect(nearestReward(150, CATALOGUE)).toEqual({ reward: lunch, missing: 350 });
  });

  it('is none when the balance reaches everything, or the catalogue is empty', () => {
    expect(nearestReward(500, CATALOGUE)).toBeNull();
    expect(nearestReward(100, [])).toBeNull();
  });

  it('counts an overdraft as points missing too', () => {
    expect(nearestReward(-30, [dessert])).toEqual({ reward: dessert, missing: 180 });
  });
});

describe('affordable rewards', () => {
  it('are those priced at or below the balance, cheapest first, catalogue order among equals', () => {
    expect(affordableRewards(150, CATALOGUE)).toEqual([coffee, dessert, cookie]);
    expect(affordableRewards(119, CATALOGUE)).toEqual([]);
  });
});

describe('giving a reward', () => {
  it('is allowed when the balance the tablet sees covers its price', () => {
    expect(rewardProblem('dessert', { balance: 150, offlineSpent: null }, program)).toBeNull();
    expect(rewardProblem('dessert', { balance: 149, offlineSpent: null }, program)).toBe('points-over-balance');
  });

  it('is refused for a reward not in the catalogue', () => {
    expect(rewardProblem('champagne', { balance: 10_000, offlineSpent: null }, program)).toBe('reward-unknown');
  });

  it('offline, must fit what is left of the cap', () => {
    const capped = { ...program, offlineSpendCap: 200 };
    expect(rewardProblem('dessert', { balance: 1000, offlineSpent: 50 }, capped)).toBeNull();
    expect(rewardProblem('dessert', { balance: 1000, offlineSpent: 51 }, capped)).toBe('points-over-offline-cap');
    expect(rewardProblem('dessert', { balance: 1000, offlineSpent: null }, capped)).toBeNull();
  });

  it('posts its price as a reward entry named after it', () => {
    const at = new Date('2026-11-20T10:00:00Z');
    expect(rewardEntry(dessert, 'e1', at)).toEqual({ id: 'e1', kind: 'reward', points: -150, at, reason: 'Десерт' });
  });
});
