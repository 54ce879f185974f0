import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statsFromPurchases } from '../domain/guest.ts';
import type { Kopecks } from '../domain/money.ts';
import { ACKED, IN_BASE, PENDING, tabletView, type BaseStats, type OwnPurchase } from './tablet-view.ts';

const REG = 1_000;

/** The server's stats for purchases it has (acked), voids it has seen. */
function serverBase(ps: (OwnPurchase & { serverHas: boolean; serverVoid: boolean })[], others: { at: number; amount: number }[]): BaseStats {
  const s = statsFromPurchases(new Date(REG), [
    ...ps.filter((p) => p.serverHas).map((p) => ({ purchasedAt: new Date(p.purchasedAt), amount: p.amount, voidedAt: p.serverVoid ? new Date(1) : null })),
    ...others.map((o) => ({ purchasedAt: new Date(o.at), amount: o.amount as Kopecks, voidedAt: null })),
  ]);
  return {
    purchaseCount: s.purchaseCount,
    firstPurchaseAt: s.firstPurchaseAt?.getTime() ?? null,
    lastPurchaseAt: s.lastPurchaseAt?.getTime() ?? null,
    totalSpend: s.totalSpend,
  };
}

describe('tablet view of a guest', () => {
  it('counts every purchase once, whatever mix of pending, acked and pulled, with voids anywhere on the way', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: 2_000, max: 1e9 }),
            amount: fc.integer({ min: 1, max: 1e6 }),
            stage: fc.constantFrom(PENDING, ACKED, IN_BASE),
            voidStage: fc.constantFrom(null, PENDING, ACKED, IN_BASE),
          }),
        ),
        fc.array(fc.record({ at: fc.integer({ min: 2_000, max: 1e9 }), amount: fc.integer({ min: 1, max: 1e6 }) })),
        (raw, others) => {
          // A void cannot be further along than its purchase's upload.
          const own = raw.map((r) => {
            const voidState = r.voidStage === null ? null : (Math.min(r.voidStage, r.stage === PENDING ? PENDING : r.voidStage) as OwnPurchase['syncState']);
            return {
              purchasedAt: r.at,
              amount: r.amount as Kopecks,
              syncState: r.stage as OwnPurchase['syncState'],
              voided: voidState !== null,
              voidState,
              serverHas: r.stage !== PENDING,
              serverVoid: voidState !== null && voidState !== PENDING,
            };
          });
          // The base a pull brought: purchases in base, and voids in base.
          const base = serverBase(
            own.map((p) => ({ ...p, serverHas: p.syncState === IN_BASE, serverVoid: p.voidState === IN_BASE })),
            others,
          );
          const view = tabletView(REG, base, own);
          const truth = serverBase(
            own.map((p) => ({ ...p, serverHas: true, serverVoid: p.voided })),
            others,
          );
          expect(view.purchaseCount).toBe(truth.purchaseCount);
          expect(view.totalSpend).toBe(truth.totalSpend);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("without a base, is just the tablet's own non-voided purchases", () => {
    const own: OwnPurchase[] = [
      { purchasedAt: 5_000, amount: 100 as Kopecks, syncState: ACKED, voided: false, voidState: null },
      { purchasedAt: 6_000, amount: 200 as Kopecks, syncState: PENDING, voided: true, voidState: PENDING },
    ];
    expect(tabletView(REG, null, own)).toMatchObject({ purchaseCount: 1, totalSpend: 100, lastPurchaseAt: new Date(5_000) });
  });
});
