import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statsFromPurchases } from '../domain/guest.ts';
import type { Kopecks } from '../domain/money.ts';
import { ACKED, IN_BASE, PENDING, tabletView, tierSpendView, type BaseStats, type OwnPurchase } from './tablet-view.ts';

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

describe('paid money in the tablet view', () => {
  const bought = (over: Partial<OwnPurchase>): OwnPurchase => ({
    purchasedAt: 5_000,
    amount: 500_00 as Kopecks,
    pointsRedeemed: 40,
    syncState: PENDING,
    voided: null,
    voidState: null,
    ...over,
  });

  it('counts a purchase’s paid money (amount less the points spent), as the server’s stats do', () => {
    expect(tabletView(REG, null, [bought({})]).totalSpend).toBe(460_00);
    expect(tabletView(REG, null, [bought({ pointsRedeemed: undefined })]).totalSpend).toBe(500_00);
  });

  it('tier spend: the pulled figure plus own purchases not in it, less a void the figure still counts', () => {
    const base = { tierSpend: 1000_00 as Kopecks };
    expect(tierSpendView(null, [bought({})])).toBe(460_00);
    expect(tierSpendView(base, [bought({})])).toBe(1460_00);
    expect(tierSpendView(base, [bought({ syncState: IN_BASE })])).toBe(1000_00);
    expect(tierSpendView(base, [bought({ syncState: IN_BASE, voided: {}, voidState: ACKED })])).toBe(540_00);
    expect(tierSpendView(base, [bought({ syncState: IN_BASE, voided: {}, voidState: IN_BASE })])).toBe(1000_00);
    expect(tierSpendView(base, [bought({ voided: {}, voidState: PENDING })])).toBe(1000_00);
    // A row pulled before bonus points had no tier spend: own purchases only.
    expect(tierSpendView({}, [bought({})])).toBe(460_00);
  });
});
