import { describe, expect, it } from 'vitest';
import type { PurchaseId } from '../domain/ids.ts';
import { type LedgerEntry, replay } from './ledger.ts';
import { reversalOf, reversalProblem, voidEntries } from './reversal.ts';

const idFor = (name: string) => `id(${name})`;
const at = (d: string) => new Date(`${d}T12:00:00Z`);
const P = 'purchase-1' as PurchaseId;
const welcome: LedgerEntry = { id: 'w', kind: 'welcome', points: 100, at: at('2026-01-01') };
const redeemed: LedgerEntry = { id: 'r', kind: 'redemption', points: -30, at: at('2026-01-05'), purchaseId: P };
const accrued: LedgerEntry = { id: 'a', kind: 'accrual', points: 17, at: at('2026-01-05'), purchaseId: P };
const ledger = [welcome, redeemed, accrued];

describe('voiding a purchase', () => {
  it('reverses its accrual and gives back its points, latest first, each naming its original', () => {
    expect(voidEntries(ledger, P, at('2026-01-06'), idFor)).toEqual([
      { id: 'id(reversal:a)', kind: 'reversal', points: -17, at: at('2026-01-06'), reverses: 'a', purchaseId: P },
      { id: 'id(reversal:r)', kind: 'reversal', points: 30, at: at('2026-01-06'), reverses: 'r', purchaseId: P },
    ]);
  });

  it('leaves the balance and the lots as they were before the purchase', () => {
    const voided = [...ledger, ...voidEntries(ledger, P, at('2026-01-06'), idFor)];
    expect(replay(voided)).toEqual(replay([welcome]));
  });

  it('gives nothing more once its reversals are in the ledger', () => {
    const voided = [...ledger, ...voidEntries(ledger, P, at('2026-01-06'), idFor)];
    expect(voidEntries(voided, P, at('2026-01-07'), idFor)).toEqual([]);
  });

  it('made on two tablets, gives the same ids: the server stores it once', () => {
    const tabletA = voidEntries(ledger, P, at('2026-01-06'), idFor);
    const tabletB = voidEntries(ledger, P, at('2026-01-07'), idFor);
    expect(tabletB.map((e) => e.id)).toEqual(tabletA.map((e) => e.id));
    // Delivered twice, the balance moves once.
    expect(replay([...ledger, ...tabletA, ...tabletB]).balance).toBe(100);
  });

  it('of a purchase with no points is nothing', () => {
    expect(voidEntries(ledger, 'other' as PurchaseId, at('2026-01-06'), idFor)).toEqual([]);
  });
});

describe('a reversal checked against the ledger', () => {
  const undoA = reversalOf(accrued, at('2026-01-06'), idFor);

  it('is fine once', () => {
    expect(reversalProblem(ledger, undoA)).toBeNull();
  });

  it('is a harmless retry when the same reversal is already there', () => {
    expect(reversalProblem([...ledger, undoA], undoA)).toBeNull();
  });

  it('is refused when the entry is already reversed by another', () => {
    const second = { ...undoA, id: 'made-elsewhere' };
    expect(reversalProblem([...ledger, undoA], second)).toBe('reversal-duplicate');
  });

  it('is refused for an unknown original, a reversal, or the wrong points', () => {
    expect(reversalProblem(ledger, { ...undoA, reverses: 'missing' })).toBe('reversal-original-unknown');
    expect(reversalProblem([...ledger, undoA], reversalOf(undoA, at('2026-01-07'), idFor))).toBe('reversal-of-reversal');
    // The tablet reckoned 18 points where the server credited 17.
    expect(reversalProblem(ledger, { ...undoA, points: -18 })).toBe('reversal-points-mismatch');
  });

  it('has nothing to say about entries that are not reversals', () => {
    expect(reversalProblem(ledger, welcome)).toBeNull();
  });
});
