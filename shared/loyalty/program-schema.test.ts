import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM } from './program.ts';
import { programSchema } from './program-schema.ts';

const valid = {
  accrualRate: 500,
  welcomeBonus: 100,
  maxRedeemShare: 3000,
  expiryMonths: 12,
  tiers: [
    { id: 'silver', name: 'Серебро', minSpend: 10_000_00, accrualRate: 700 },
    { id: 'gold', name: 'Золото', minSpend: 30_000_00, accrualRate: 1000 },
  ],
  rewards: [{ id: 'dessert', name: 'Десерт', price: 150 }],
  offlineSpendCap: 300,
};

/** The field a refusal names, as the server's 400 and the owner's form show it. */
function refusedField(change: (p: Record<string, unknown>) => void): string | null {
  const p = structuredClone(valid) as Record<string, unknown>;
  change(p);
  const parsed = programSchema.safeParse(p);
  return parsed.success ? null : parsed.error.issues[0]!.path.join('.');
}

const tiers = (p: Record<string, unknown>) => p.tiers as Record<string, unknown>[];
const rewards = (p: Record<string, unknown>) => p.rewards as Record<string, unknown>[];

describe('programme schema', () => {
  it('accepts the defaults and a full programme', () => {
    expect(programSchema.parse(DEFAULT_PROGRAM)).toEqual(DEFAULT_PROGRAM);
    expect(programSchema.parse(valid)).toEqual(valid);
  });

  it('accepts rates at 0 % and 100 %, and 0.01 %', () => {
    expect(refusedField((p) => Object.assign(p, { accrualRate: 0, maxRedeemShare: 10_000 }))).toBeNull();
    expect(refusedField((p) => Object.assign(p, { accrualRate: 1, tiers: [] }))).toBeNull();
  });

  it('refuses a rate outside 0–100 % or finer than two decimals, naming the field', () => {
    expect(refusedField((p) => Object.assign(p, { accrualRate: -1 }))).toBe('accrualRate');
    expect(refusedField((p) => Object.assign(p, { accrualRate: 10_001 }))).toBe('accrualRate');
    expect(refusedField((p) => Object.assign(p, { accrualRate: 2.5 }))).toBe('accrualRate');
    expect(refusedField((p) => Object.assign(p, { accrualRate: '5' }))).toBe('accrualRate');
    expect(refusedField((p) => Object.assign(p, { maxRedeemShare: 10_001 }))).toBe('maxRedeemShare');
    expect(refusedField((p) => Object.assign(tiers(p)[1]!, { accrualRate: 20_000 }))).toBe('tiers.1.accrualRate');
  });

  it('says what is wrong with a rate in words the owner knows', () => {
    const parsed = programSchema.safeParse({ ...valid, accrualRate: 12_000 });
    expect(parsed.success || parsed.error.issues[0]!.message).toBe('the accrual rate must be between 0 and 100 %');
  });

  it('refuses a reward with no price, a price of 0 or below, or a fractional price', () => {
    expect(refusedField((p) => delete rewards(p)[0]!.price)).toBe('rewards.0.price');
    expect(refusedField((p) => Object.assign(rewards(p)[0]!, { price: 0 }))).toBe('rewards.0.price');
    expect(refusedField((p) => Object.assign(rewards(p)[0]!, { price: -150 }))).toBe('rewards.0.price');
    expect(refusedField((p) => Object.assign(rewards(p)[0]!, { price: 150.5 }))).toBe('rewards.0.price');
    expect(refusedField((p) => Object.assign(rewards(p)[0]!, { price: 1 }))).toBeNull();
  });

  it('names a missing price in its message', () => {
    const { price: _, ...noPrice } = valid.rewards[0]!;
    const parsed = programSchema.safeParse({ ...valid, rewards: [noPrice] });
    expect(parsed.success || parsed.error.issues[0]!.message).toBe('a reward’s price is required');
  });

  it('refuses a reward or tier with a blank name, and duplicate ids', () => {
    expect(refusedField((p) => Object.assign(rewards(p)[0]!, { name: '   ' }))).toBe('rewards.0.name');
    expect(refusedField((p) => Object.assign(tiers(p)[0]!, { name: '' }))).toBe('tiers.0.name');
    expect(refusedField((p) => rewards(p).push({ id: 'dessert', name: 'Кофе', price: 200 }))).toBe('rewards.1.id');
    expect(refusedField((p) => Object.assign(tiers(p)[1]!, { id: 'silver' }))).toBe('tiers.1.id');
  });

  it('refuses non-whole or negative points', () => {
    expect(refusedField((p) => Object.assign(p, { welcomeBonus: 100.5 }))).toBe('welcomeBonus');
    expect(refusedField((p) => Object.assign(p, { welcomeBonus: -1 }))).toBe('welcomeBonus');
    expect(refusedField((p) => Object.assign(p, { welcomeBonus: 0 }))).toBeNull();
    expect(refusedField((p) => Object.assign(p, { offlineSpendCap: 2.5 }))).toBe('offlineSpendCap');
    expect(refusedField((p) => Object.assign(p, { offlineSpendCap: -1 }))).toBe('offlineSpendCap');
    // 0 is a real setting: nothing may be spent offline.
    expect(refusedField((p) => Object.assign(p, { offlineSpendCap: 0 }))).toBeNull();
    expect(refusedField((p) => Object.assign(p, { offlineSpendCap: null }))).toBeNull();
  });

  it('refuses an expiry of 0 or fractional months, and accepts none', () => {
    expect(refusedField((p) => Object.assign(p, { expiryMonths: 0 }))).toBe('expiryMonths');
    expect(refusedField((p) => Object.assign(p, { expiryMonths: 1.5 }))).toBe('expiryMonths');
    expect(refusedField((p) => Object.assign(p, { expiryMonths: 1 }))).toBeNull();
    expect(refusedField((p) => Object.assign(p, { expiryMonths: null }))).toBeNull();
  });

  it('refuses tiers whose thresholds do not increase, naming the later tier', () => {
    expect(refusedField((p) => Object.assign(tiers(p)[1]!, { minSpend: 10_000_00 }))).toBe('tiers.1.minSpend');
    expect(refusedField((p) => Object.assign(tiers(p)[1]!, { minSpend: 5_000_00 }))).toBe('tiers.1.minSpend');
    expect(refusedField((p) => Object.assign(tiers(p)[1]!, { minSpend: 10_000_01 }))).toBeNull();
    expect(refusedField((p) => Object.assign(tiers(p)[0]!, { minSpend: 1.5 }))).toBe('tiers.0.minSpend');
    expect(refusedField((p) => Object.assign(tiers(p)[0]!, { minSpend: -100 }))).toBe('tiers.0.minSpend');
  });

  it('refuses a higher tier that earns less than the one below it', () => {
    expect(refusedField((p) => Object.assign(tiers(p)[1]!, { accrualRate: 600 }))).toBe('tiers.1.accrualRate');
    expect(refusedField((p) => Object.assign(tiers(p)[1]!, { accrualRate: 700 }))).toBeNull();
    // Above a threshold, a tier earning less than guests in no tier is the same mistake.
    expect(refusedField((p) => Object.assign(tiers(p)[0]!, { accrualRate: 400 }))).toBe('tiers.0.accrualRate');
  });

  it('lets a base tier from 0 ₽ set its own rate, lower than the programme’s', () => {
    expect(refusedField((p) => tiers(p).unshift({ id: 'bronze', name: 'Бронза', minSpend: 0, accrualRate: 300 }))).toBeNull();
  });

  it('names the field of a required setting that is missing', () => {
    expect(refusedField((p) => delete p.maxRedeemShare)).toBe('maxRedeemShare');
    expect(refusedField((p) => delete p.tiers)).toBe('tiers');
  });
});
