/**
 * The bonus programme's settings: the numbers the owner may change (DESIGN.md, "Bonus points
 * and promotions"). Everything is an integer in its own unit — rates in basis points
 * (basis-points.ts), money in kopecks, points as whole points — so the same settings give the
 * same figures on a tablet and on the server. program-schema.ts is what any edited, stored or
 * synced programme must satisfy; the types live here without zod so the counter's bundle does
 * not carry it.
 */
import type { Kopecks } from '../domain/money.ts';
import type { BasisPoints } from './basis-points.ts';

/** A status level reached by paid spend over the last 365 café days (tiers.ts). */
export interface Tier {
  id: string;
  /** What the barista and the guest see: "Серебро". */
  name: string;
  /** Paid spend over the window from which a guest is in this tier (inclusive). */
  minSpend: Kopecks;
  /** This tier's accrual rate, instead of the programme's. */
  accrualRate: BasisPoints;
}

/** Something a guest can take for points: "Десерт — 150 баллов". */
export interface Reward {
  id: string;
  name: string;
  /** Whole points, at least 1. */
  price: number;
}

export interface LoyaltyProgram {
  /** Accrual on paid money for a guest in no tier; 500 = 5 %. */
  accrualRate: BasisPoints;
  /** Points credited when a guest is registered at the counter (imported guests get none). */
  welcomeBonus: number;
  /** The most of (amount − discount) that points may pay; 3000 = 30 %. */
  maxRedeemShare: BasisPoints;
  /** Points expire this many months after the café day they were earned; null: never. */
  expiryMonths: number | null;
  /** Ascending by minSpend, each threshold above the one before; empty: no tiers. */
  tiers: readonly Tier[];
  /** The reward catalogue, in the order the owner lists it. */
  rewards: readonly Reward[];
  /**
   * The most points one tablet may spend for one guest while it is offline (its spending the
   * server has not counted yet); null: no cap beyond the balance the tablet sees. It bounds the
   * overdraft two offline tablets can make of one balance.
   */
  offlineSpendCap: number | null;
}

export const DEFAULT_PROGRAM: Readonly<LoyaltyProgram> = Object.freeze({
  accrualRate: 500 as BasisPoints,
  welcomeBonus: 100,
  maxRedeemShare: 3000 as BasisPoints,
  expiryMonths: null,
  tiers: [],
  rewards: [],
  offlineSpendCap: null,
});

/** One point pays one ruble. */
export const KOPECKS_PER_POINT = 100;
