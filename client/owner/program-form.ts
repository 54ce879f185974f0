/**
 * The programme form's text as the owner types it, and its reading into a LoyaltyProgram.
 * Every problem is keyed by the same field path the server's 400 names (`accrualRate`,
 * `tiers.1.minSpend`, `rewards.0.price`), so one map puts the words beside the field whether
 * the form or the server found it. The server's schema (shared/loyalty/program-schema.ts) stays
 * the judge; this only spares a round trip and says it in the owner's language.
 */
import { kopecks, parseRubles } from '../../shared/domain/money.ts';
import { type BasisPoints, parsePercent } from '../../shared/loyalty/basis-points.ts';
import type { LoyaltyProgram, Reward, Tier } from '../../shared/loyalty/program.ts';
import type { ProgramProblem } from '../i18n/loyalty-messages.ts';

export interface TierDraft {
  id: string;
  name: string;
  minSpend: string;
  accrualRate: string;
}

export interface RewardDraft {
  id: string;
  name: string;
  price: string;
}

export interface ProgramDraft {
  accrualRate: string;
  welcomeBonus: string;
  maxRedeemShare: string;
  expiryMonths: string;
  offlineSpendCap: string;
  tiers: TierDraft[];
  rewards: RewardDraft[];
}

/** 500 → "5", 275 → "2,75". */
export const percentText = (rate: number): string => {
  const fraction = String(rate % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${Math.trunc(rate / 100)},${fraction}` : String(Math.trunc(rate / 100));
};

/** 1000000 → "10000", 1000050 → "10000,50". */
export const rublesText = (amount: number): string =>
  amount % 100 === 0 ? String(amount / 100) : `${Math.trunc(amount / 100)},${String(amount % 100).padStart(2, '0')}`;

export function draftOf(p: LoyaltyProgram): ProgramDraft {
  return {
    accrualRate: percentText(p.accrualRate),
    welcomeBonus: String(p.welcomeBonus),
    maxRedeemShare: percentText(p.maxRedeemShare),
    expiryMonths: p.expiryMonths === null ? '' : String(p.expiryMonths),
    offlineSpendCap: p.offlineSpendCap === null ? '' : String(p.offlineSpendCap),
    tiers: p.tiers.map((t) => ({ id: t.id, name: t.name, minSpend: rublesText(t.minSpend), accrualRate: percentText(t.accrualRate) })),
    rewards: p.rewards.map((r) => ({ id: r.id, name: r.name, price: String(r.price) })),
  };
}

export type DraftReading = { ok: true; program: LoyaltyProgram } | { ok: false; problems: Map<string, ProgramProblem> };

const MAX_POINTS = 1_000_000;

export function readDraft(d: ProgramDraft): DraftReading {
  const problems = new Map<string, ProgramProblem>();
  const percent = (field: string, text: string): BasisPoints | null => {
    const r = parsePercent(text);
    if (r.ok) return r.value;
    problems.set(field, r.error === 'percent-empty' ? 'required' : r.error);
    return null;
  };
  const whole = (field: string, text: string, min: number, max: number, problem: ProgramProblem, optional: boolean): number | null => {
    const t = text.trim().replace(/[\s\u00a0]/g, '');
    if (t === '') {
      if (!optional) problems.set(field, 'required');
      return null;
    }
    if (!/^\d+$/.test(t) || Number(t) < min) problems.set(field, problem);
    else if (Number(t) > max) problems.set(field, 'points-too-large');
    else return Number(t);
    return null;
  };
  const named = (field: string, name: string) => {
    if (!name.trim()) problems.set(field, 'required');
    return name.trim();
  };

  const accrualRate = percent('accrualRate', d.accrualRate);
  const maxRedeemShare = percent('maxRedeemShare', d.maxRedeemShare);
  const welcomeBonus = whole('welcomeBonus', d.welcomeBonus, 0, 100_000, 'points-not-whole', false);
  const expiryMonths = whole('expiryMonths', d.expiryMonths, 1, 120, 'months-not-whole', true);
  if (problems.get('expiryMonths') === 'points-too-large') problems.set('expiryMonths', 'months-not-whole');
  const offlineSpendCap = whole('offlineSpendCap', d.offlineSpendCap, 0, MAX_POINTS, 'points-not-whole', true);

  const tiers: Tier[] = d.tiers.map((t, i) => {
    const name = named(`tiers.${i}.name`, t.name);
    const spend = parseRubles(t.minSpend);
    if (!spend.ok) problems.set(`tiers.${i}.minSpend`, t.minSpend.trim() ? 'rubles-not-number' : 'required');
    const rate = percent(`tiers.${i}.accrualRate`, t.accrualRate);
    return { id: t.id, name, minSpend: spend.ok ? spend.value : kopecks(0), accrualRate: rate ?? (0 as BasisPoints) };
  });
  tiers.forEach((t, i) => {
    const before = tiers[i - 1];
    if (before && t.minSpend <= before.minSpend && !problems.has(`tiers.${i}.minSpend`)) problems.set(`tiers.${i}.minSpend`, 'tier-threshold-order');
    if (before && t.accrualRate < before.accrualRate && !problems.has(`tiers.${i}.accrualRate`)) problems.set(`tiers.${i}.accrualRate`, 'tier-rate-order');
    if (!before && t.minSpend > 0 && accrualRate !== null && t.accrualRate < accrualRate && !problems.has(`tiers.${i}.accrualRate`)) {
      problems.set(`tiers.${i}.accrualRate`, 'tier-rate-order');
    }
  });
  const rewards: Reward[] = d.rewards.map((r, i) => ({
    id: r.id,
    name: named(`rewards.${i}.name`, r.name),
    price: whole(`rewards.${i}.price`, r.price, 1, MAX_POINTS, 'price-below-one', false) ?? 0,
  }));
  if (problems.size || accrualRate === null || maxRedeemShare === null || welcomeBonus === null) return { ok: false, problems };
  return { ok: true, program: { accrualRate, welcomeBonus, maxRedeemShare, expiryMonths, tiers, rewards, offlineSpendCap } };
}

/** What to say beside the field a server's 400 named (its own words are English). */
export function serverProblem(field: string): ProgramProblem {
  if (/^tiers\.\d+\.minSpend$/.test(field)) return 'tier-threshold-order';
  if (/^tiers\.\d+\.accrualRate$/.test(field)) return 'tier-rate-order';
  if (/\.id$/.test(field)) return 'duplicate';
  if (/^rewards\.\d+\.price$/.test(field)) return 'price-below-one';
  return 'server';
}
