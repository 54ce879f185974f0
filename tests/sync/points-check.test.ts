import { describe, expect, it } from 'vitest';
import { auditPoints, type PointsAudit, type ServerEntry, type TabletEntry } from './points-check.ts';

// One guest: welcome 100, a sale spending 40 and earning 23 (balance 83), on one tablet.
const welcome: TabletEntry = { id: 'w1', guestId: 'g1', kind: 'welcome', points: 100, purchaseId: null };
const redemption: TabletEntry = { id: 'r1', guestId: 'g1', kind: 'redemption', points: -40, purchaseId: 'p1' };
const accrual: TabletEntry = { id: 'a1', guestId: 'g1', kind: 'accrual', points: 23, purchaseId: 'p1' };
const stored = (e: TabletEntry, seq: number, reverses: string | null = null): ServerEntry => ({ ...e, seq, reverses });

const healthy = (): PointsAudit => ({
  tabletEntries: [welcome, redemption, accrual],
  voidedPurchases: new Set(),
  serverEntries: [stored(welcome, 1), stored(redemption, 2), stored(accrual, 3)],
  serverBalances: new Map([['g1', { balance: 83, overdraft: 0 }]]),
  overdrafts: [],
  tabletBalances: [new Map([['g1', 83]])],
});
const clean = { pointsLost: 0, pointsDoubled: 0, overdraftsUnflagged: 0, balanceMismatches: 0 };

describe('the simulator’s points audit', () => {
  it('finds nothing in a ledger that agrees with the tablets', () => {
    expect(auditPoints(healthy())).toEqual(clean);
  });

  it('counts an entry stored twice as points doubled, and the balance it inflates', () => {
    const a = healthy();
    a.serverEntries = [...a.serverEntries, stored(accrual, 4)];
    expect(auditPoints(a)).toEqual({ ...clean, pointsDoubled: 23, balanceMismatches: 1 });
  });

  it('counts a second accrual for one sale under another id as points doubled', () => {
    const a = healthy();
    a.serverEntries = [...a.serverEntries, stored({ ...accrual, id: 'a2' }, 4)];
    a.serverBalances = new Map([['g1', { balance: 106, overdraft: 0 }]]);
    a.tabletBalances = [new Map([['g1', 106]])];
    expect(auditPoints(a)).toEqual({ ...clean, pointsDoubled: 23 });
  });

  it('counts a tablet’s redemption the server never stored as points lost', () => {
    const a = healthy();
    a.serverEntries = [stored(welcome, 1), stored(accrual, 3)];
    a.serverBalances = new Map([['g1', { balance: 123, overdraft: 0 }]]);
    a.tabletBalances = [new Map([['g1', 123]])];
    expect(auditPoints(a)).toEqual({ ...clean, pointsLost: 40 });
  });

  it('counts a redemption stored for less than was spent as doubled, and for more as lost', () => {
    const less = healthy();
    less.serverEntries = [stored(welcome, 1), stored({ ...redemption, points: -30 }, 2), stored(accrual, 3)];
    less.serverBalances = new Map([['g1', { balance: 93, overdraft: 0 }]]);
    less.tabletBalances = [new Map([['g1', 93]])];
    expect(auditPoints(less)).toEqual({ ...clean, pointsDoubled: 10 });
    const more = healthy();
    more.serverEntries = [stored(welcome, 1), stored({ ...redemption, points: -45 }, 2), stored(accrual, 3)];
    more.serverBalances = new Map([['g1', { balance: 78, overdraft: 0 }]]);
    more.tabletBalances = [new Map([['g1', 78]])];
    expect(auditPoints(more)).toEqual({ ...clean, pointsLost: 5 });
  });

  it('requires every entry of a voided sale reversed: a kept redemption is lost, a kept accrual doubled', () => {
    const a = healthy();
    a.voidedPurchases = new Set(['p1']);
    a.serverBalances = new Map([['g1', { balance: 83, overdraft: 0 }]]);
    expect(auditPoints(a)).toEqual({ ...clean, pointsLost: 40, pointsDoubled: 23 });
    const reversed = healthy();
    reversed.voidedPurchases = new Set(['p1']);
    reversed.serverEntries = [
      ...reversed.serverEntries,
      stored({ id: 'x1', guestId: 'g1', kind: 'reversal', points: 40, purchaseId: 'p1' }, 4, 'r1'),
      stored({ id: 'x2', guestId: 'g1', kind: 'reversal', points: -23, purchaseId: 'p1' }, 5, 'a1'),
    ];
    reversed.serverBalances = new Map([['g1', { balance: 100, overdraft: 0 }]]);
    reversed.tabletBalances = [new Map([['g1', 100]])];
    expect(auditPoints(reversed)).toEqual(clean);
  });

  it('keeps one welcome bonus per guest: two standing are doubled, both cancelled is lost', () => {
    const second = { ...welcome, id: 'w2' };
    const two = healthy();
    two.tabletEntries = [...two.tabletEntries, second];
    two.serverEntries = [...two.serverEntries, stored(second, 4)];
    two.serverBalances = new Map([['g1', { balance: 183, overdraft: 0 }]]);
    two.tabletBalances = [new Map([['g1', 183]])];
    expect(auditPoints(two)).toEqual({ ...clean, pointsDoubled: 100 });
    const merged = structuredClone(two);
    merged.serverEntries = [...two.serverEntries, stored({ id: 'x2', guestId: 'g1', kind: 'reversal', points: -100, purchaseId: null }, 5, 'w2')];
    merged.serverBalances = new Map([['g1', { balance: 83, overdraft: 0 }]]);
    merged.tabletBalances = [new Map([['g1', 83]])];
    expect(auditPoints(merged)).toEqual(clean);
  });

  describe('overdrafts', () => {
    // Two tablets each spend the 100-point welcome offline: the second redemption overdraws by 100.
    const other: TabletEntry = { id: 'r2', guestId: 'g1', kind: 'redemption', points: -100, purchaseId: 'p2' };
    const first: TabletEntry = { id: 'r1', guestId: 'g1', kind: 'redemption', points: -100, purchaseId: 'p1' };
    const doubleSpend = (): PointsAudit => ({
      tabletEntries: [welcome, first, other],
      voidedPurchases: new Set(),
      serverEntries: [stored(welcome, 1), stored(first, 2), stored(other, 3)],
      serverBalances: new Map([['g1', { balance: -100, overdraft: 100 }]]),
      overdrafts: [{ entryId: 'r2', points: 100 }],
      tabletBalances: [new Map([['g1', -100]]), new Map([['g1', -100]])],
    });

    it('passes when the overdrawing debit is recorded with the points it overdrew', () => {
      expect(auditPoints(doubleSpend())).toEqual(clean);
    });

    it('counts an overdraft with no record, or with the wrong points, as unflagged', () => {
      const none = doubleSpend();
      none.overdrafts = [];
      expect(auditPoints(none)).toEqual({ ...clean, overdraftsUnflagged: 1 });
      const wrong = doubleSpend();
      wrong.overdrafts = [{ entryId: 'r2', points: 60 }];
      expect(auditPoints(wrong)).toEqual({ ...clean, overdraftsUnflagged: 1 });
    });

    it('does not count a debit that stops exactly at zero', () => {
      const a = doubleSpend();
      a.serverEntries = [stored(welcome, 1), stored(first, 2)];
      a.tabletEntries = [welcome, first];
      a.serverBalances = new Map([['g1', { balance: 0, overdraft: 0 }]]);
      a.overdrafts = [];
      a.tabletBalances = [new Map([['g1', 0]])];
      expect(auditPoints(a)).toEqual(clean);
    });

    it('counts a balance row that hides the overdraft as a mismatch', () => {
      const a = doubleSpend();
      a.serverBalances = new Map([['g1', { balance: -100, overdraft: 0 }]]);
      expect(auditPoints(a)).toEqual({ ...clean, balanceMismatches: 1 });
    });
  });

  it('counts each tablet that shows a balance other than the server’s', () => {
    const a = healthy();
    a.tabletBalances = [new Map([['g1', 83]]), new Map([['g1', 106]]), new Map([['g2', 5]])];
    expect(auditPoints(a)).toEqual({ ...clean, balanceMismatches: 2 });
  });
});
