/**
 * The zod schema every bonus programme must satisfy: the owner's edit, a stored setting, a
 * synced copy. Each refusal names its field (`tiers.1.minSpend`, `rewards.0.price`), which is
 * what the server's 400 and the owner's form show beside the input; nothing half-valid gets
 * through to be stored.
 */
import { z } from 'zod';
import { kopecks } from '../domain/money.ts';
import { basisPoints, FULL_RATE } from './basis-points.ts';
import type { LoyaltyProgram } from './program.ts';

/** Bounds that catch a slipped finger, not business rules: far above any real café's numbers. */
export const PROGRAM_LIMITS = {
  welcomeBonus: 100_000,
  rewardPrice: 1_000_000,
  offlineSpendCap: 1_000_000,
  expiryMonths: 120,
  tierSpend: 1_000_000_000_00,
  tiers: 10,
  rewards: 50,
  name: 60,
} as const;

const rate = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a percent with at most two decimals (whole basis points: 500 = 5 %)` })
    .min(0, { error: `${what} must be between 0 and 100 %` })
    .max(FULL_RATE, { error: `${what} must be between 0 and 100 %` })
    .transform(basisPoints);

const wholePoints = (what: string, min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a number`) })
    .int({ error: `${what} must be a whole number of points` })
    .min(min, { error: min === 0 ? `${what} must not be negative` : `${what} must be at least ${min}` })
    .max(max, { error: `${what} must be at most ${max}` });

const id = z.string().min(1, { error: 'an id is required' }).max(64);
const name = (what: string) =>
  z
    .string({ error: `${what} needs a name` })
    .trim()
    .min(1, { error: `${what} needs a name` })
    .max(PROGRAM_LIMITS.name, { error: `a name must be at most ${PROGRAM_LIMITS.name} characters` });

export const tierSchema = z.object({
  id,
  name: name('a tier'),
  minSpend: z
    .number({ error: 'a tier needs a spend threshold' })
    .int({ error: 'a spend threshold must be whole kopecks' })
    .min(0, { error: 'a spend threshold must not be negative' })
    .max(PROGRAM_LIMITS.tierSpend)
    .transform(kopecks),
  accrualRate: rate('a tier’s accrual rate'),
});

export const rewardSchema = z.object({
  id,
  name: name('a reward'),
  price: wholePoints('a reward’s price', 1, PROGRAM_LIMITS.rewardPrice),
});

export const programSchema = z
  .object({
    accrualRate: rate('the accrual rate'),
    welcomeBonus: wholePoints('the welcome bonus', 0, PROGRAM_LIMITS.welcomeBonus),
    maxRedeemShare: rate('the share of a check payable in points'),
    expiryMonths: z
      .number({ error: 'expiry must be a number of months or none' })
      .int({ error: 'expiry must be whole months' })
      .min(1, { error: 'expiry must be at least 1 month (or none)' })
      .max(PROGRAM_LIMITS.expiryMonths, { error: `expiry must be at most ${PROGRAM_LIMITS.expiryMonths} months` })
      .nullable(),
    tiers: z
      .array(tierSchema)
      .max(PROGRAM_LIMITS.tiers, { error: `at most ${PROGRAM_LIMITS.tiers} tiers` })
      .readonly(),
    rewards: z
      .array(rewardSchema)
      .max(PROGRAM_LIMITS.rewards, { error: `at most ${PROGRAM_LIMITS.rewards} rewards` })
      .readonly(),
    offlineSpendCap: wholePoints('the offline spending cap', 0, PROGRAM_LIMITS.offlineSpendCap).nullable(),
  })
  .superRefine((p, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    p.tiers.forEach((t, i) => {
      const before = p.tiers[i - 1];
      if (before && t.minSpend <= before.minSpend) problem(['tiers', i, 'minSpend'], 'each tier’s spend threshold must be above the one before');
      if (before && t.accrualRate < before.accrualRate) problem(['tiers', i, 'accrualRate'], 'a higher tier must not earn less than the one before');
      // Below the first threshold the programme's own rate applies; reaching a tier must not lower it.
      if (!before && t.minSpend > 0 && t.accrualRate < p.accrualRate) problem(['tiers', i, 'accrualRate'], 'a tier must not earn less than guests in no tier');
    });
    duplicates(p.tiers, (i) => problem(['tiers', i, 'id'], 'tier ids must be unique'));
    duplicates(p.rewards, (i) => problem(['rewards', i, 'id'], 'reward ids must be unique'));
  });

function duplicates(items: readonly { id: string }[], report: (index: number) => void): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) report(i);
    seen.add(item.id);
  });
}

/** The schema and the hand-written types must describe the same thing. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const schemaMatchesType: Same<z.infer<typeof programSchema>, LoyaltyProgram> = true;
