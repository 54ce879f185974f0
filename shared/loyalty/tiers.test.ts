import { describe, expect, it } from 'vitest';
import type { Kopecks } from '../domain/money.ts';
import { at, zone } from '../segments/test-helpers.ts';
import type { BasisPoints } from './basis-points.ts';
import type { Tier } from './program.ts';
import { inTierWindow, tierFor, tierProgress, tierSpend } from './tiers.ts';

const k = (n: number) => n as Kopecks;
const MSK = zone('Europe/Moscow');
const silver: Tier = { id: 'silver', name: 'Серебро', minSpend: k(10_000_00), accrualRate: 700 as BasisPoints };
const gold: Tier = { id: 'gold', name: 'Золото', minSpend: k(30_000_00), accrualRate: 1000 as BasisPoints };
const TIERS = [silver, gold];

describe('tier by spend', () => {
  it('is none below the first threshold and the tier exactly at it', () => {
    expect(tierFor(TIERS, k(9_999_99))).toBeNull();
    expect(tierFor(TIERS, k(10_000_00))).toBe(silver);
    expect(tierFor(TIERS, k(29_999_99))).toBe(silver);
    expect(tierFor(TIERS, k(30_000_00))).toBe(gold);
    expect(tierFor(TIERS, k(1_000_000_00))).toBe(gold);
  });

  it('is none when the programme has no tiers', () => {
    expect(tierFor([], k(1_000_000_00))).toBeNull();
    expect(tierProgress([], k(0))).toEqual({ tier: null, next: null, missing: null });
  });

  it('tells the next tier and how much paid spend it still needs', () => {
    expect(tierProgress(TIERS, k(0))).toEqual({ tier: null, next: silver, missing: 10_000_00 });
    expect(tierProgress(TIERS, k(9_999_99))).toEqual({ tier: null, next: silver, missing: 1 });
    expect(tierProgress(TIERS, k(10_000_00))).toEqual({ tier: silver, next: gold, missing: 20_000_00 });
    expect(tierProgress(TIERS, k(30_000_00))).toEqual({ tier: gold, next: null, missing: null });
  });
});

describe('tier window', () => {
  const now = at('2026-11-20T10:00', 'Europe/Moscow');

  it('keeps purchases from today back to 364 café days ago and drops 365', () => {
    expect(inTierWindow(at('2026-11-20T09:00', 'Europe/Moscow'), now, MSK)).toBe(true);
    // 2025-11-21 is 364 days before 2026-11-20; 2025-11-20 is 365.
    expect(inTierWindow(at('2025-11-21T00:00', 'Europe/Moscow'), now, MSK)).toBe(true);
    expect(inTierWindow(at('2025-11-20T23:59', 'Europe/Moscow'), now, MSK)).toBe(false);
  });

  it('counts by the café’s calendar, not by UTC', () => {
    // 2025-11-21 00:30 in Moscow is still 2025-11-20 in UTC: in the window all the same.
    const justIn = at('2025-11-21T00:30', 'Europe/Moscow');
    expect(justIn.toISOString()).toBe('2025-11-20T21:30:00.000Z');
    expect(inTierWindow(justIn, now, MSK)).toBe(true);
  });

  it('sums paid money of the purchases in the window, skipping voided ones', () => {
    const spend = tierSpend(
      [
        { purchasedAt: at('2026-11-19T12:00', 'Europe/Moscow'), paid: k(500_00), voided: false },
        { purchasedAt: at('2026-11-19T13:00', 'Europe/Moscow'), paid: k(900_00), voided: true },
        { purchasedAt: at('2025-11-21T08:00', 'Europe/Moscow'), paid: k(250_50), voided: false },
        { purchasedAt: at('2025-11-20T22:00', 'Europe/Moscow'), paid: k(10_000_00), voided: false },
      ],
      now,
      MSK,
    );
    expect(spend).toBe(750_50);
  });
});
