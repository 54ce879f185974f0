import { describe, expect, it } from 'vitest';
import type { PurchaseId } from '../domain/ids.ts';
import { openingEntry, purchaseEntries, welcomeEntry } from './entries.ts';
import { replay } from './ledger.ts';
import { DEFAULT_PROGRAM } from './program.ts';

const at = new Date('2026-11-20T10:00:00Z');
const P = 'p1' as PurchaseId;
const ids = () => {
  let n = 0;
  return () => `e${++n}`;
};

describe('entries made at the counter', () => {
  it('post a purchase’s redemption before its accrual', () => {
    expect(purchaseEntries({ purchaseId: P, at, pointsRedeemed: 99, pointsAccrued: 11 }, ids())).toEqual([
      { id: 'e1', kind: 'redemption', points: -99, at, purchaseId: P },
      { id: 'e2', kind: 'accrual', points: 11, at, purchaseId: P },
    ]);
  });

  it('so the points spent come from older lots and the points earned form a new one', () => {
    const welcome = welcomeEntry(DEFAULT_PROGRAM, 'w', new Date('2026-11-01T10:00:00Z'))!;
    const state = replay([welcome, ...purchaseEntries({ purchaseId: P, at, pointsRedeemed: 99, pointsAccrued: 11 }, ids())]);
    expect(state.lots.map((l) => [l.id, l.remaining])).toEqual([
      ['w', 1],
      ['e2', 11],
    ]);
  });

  it('post nothing for zero points', () => {
    expect(purchaseEntries({ purchaseId: P, at, pointsRedeemed: 0, pointsAccrued: 0 }, ids())).toEqual([]);
    expect(welcomeEntry({ welcomeBonus: 0 }, 'w', at)).toBeNull();
    expect(openingEntry(0, 'o', at)).toBeNull();
  });

  it('give the programme’s welcome bonus and an imported opening balance', () => {
    expect(welcomeEntry(DEFAULT_PROGRAM, 'w', at)).toEqual({ id: 'w', kind: 'welcome', points: 100, at });
    expect(openingEntry(250, 'o', at)).toEqual({ id: 'o', kind: 'opening', points: 250, at });
  });
});
