import { describe, expect, it } from 'vitest';
import type { Reward } from '../loyalty/program.ts';
import { catalogueReward } from './catalogue-reward.ts';

const rewards: Reward[] = [
  { id: 'cake', name: 'Торт', price: 500 },
  { id: 'coffee', name: 'Кофе', price: 100 },
  { id: 'dessert', name: 'Десерт', price: 250 },
];

describe('the catalogue reward {reward} names', () => {
  it('is the cheapest reward the balance does not reach yet', () => {
    expect(catalogueReward(0, rewards)).toBe('Кофе');
    expect(catalogueReward(99, rewards)).toBe('Кофе');
    expect(catalogueReward(100, rewards)).toBe('Десерт');
    expect(catalogueReward(499, rewards)).toBe('Торт');
  });
  it('is the dearest reward once the balance reaches them all', () => {
    expect(catalogueReward(500, rewards)).toBe('Торт');
    expect(catalogueReward(10_000, rewards)).toBe('Торт');
  });
  it('treats an overdrawn balance as none, and names nothing from an empty catalogue', () => {
    expect(catalogueReward(-30, rewards)).toBe('Кофе');
    expect(catalogueReward(300, [])).toBeNull();
  });
});
