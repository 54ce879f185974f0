import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PurchaseId } from '../domain/ids.ts';
import { ENTRY_KINDS, type EntryKind, entryProblem, type LedgerEntry, replay } from './ledger.ts';

const day = (d: string) => new Date(`${d}T12:00:00Z`);
const entry = (id: string, kind: EntryKind, points: number, on: string, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  id,
  kind,
  points,
  at: day(on),
  ...(kind === 'accrual' || kind === 'redemption' ? { purchaseId: `p-${id}` as PurchaseId } : {}),
  ...extra,
});
const lotsOf = (entries: LedgerEntry[]) => replay(entries).lots.map((l) => [l.id, l.remaining]);

describe('lots, oldest first', () => {
  it('spends the oldest lot first and keeps a partly spent lot', () => {
    const entries = [entry('w', 'welcome', 100, '2026-01-01'), entry('a', 'accrual', 50, '2026-02-01'), entry('r', 'redemption', -30, '2026-03-01')];
    expect(lotsOf(entries)).toEqual([
      ['w', 70],
      ['a', 50],
    ]);
    expect(replay(entries).balance).toBe(120);
  });

  it('runs across lots when one is not enough', () => {
    const entries = [entry('w', 'welcome', 100, '2026-01-01'), entry('a', 'accrual', 50, '2026-02-01'), entry('r', 'redemption', -120, '2026-03-01')];
    expect(lotsOf(entries)).toEqual([['a', 30]]);
    expect(replay(entries)).toMatchObject({ balance: 30, overdraft: 0, overdrawn: [] });
  });

  it('keeps lots in earning order even when a credit arrives late', () => {
    // An offline tablet's February accrual reaches the ledger after a March one.
    const entries = [entry('mar', 'accrual', 40, '2026-03-01'), entry('feb', 'accrual', 20, '2026-02-01'), entry('r', 'redemption', -25, '2026-03-05')];
    expect(lotsOf(entries)).toEqual([['mar', 35]]);
  });

  it('counts an entry once however often it is delivered', () => {
    const w = entry('w', 'welcome', 100, '2026-01-01');
    const r = entry('r', 'redemption', -30, '2026-01-02');
    expect(replay([w, w, r, r, w])).toMatchObject({ balance: 70, lots: [{ id: 'w', remaining: 70 }] });
  });

  it('keeps the earning time and the original size on each lot', () => {
    const { lots } = replay([entry('w', 'welcome', 100, '2026-01-01'), entry('r', 'redemption', -40, '2026-01-02')]);
    expect(lots).toEqual([{ id: 'w', earnedAt: day('2026-01-01'), points: 100, remaining: 60, expiries: 0 }]);
  });
});

describe('overdraft', () => {
  // Two offline tablets each see 100 points and spend 80 of them.
  const spentTwice = [entry('w', 'welcome', 100, '2026-01-01'), entry('r1', 'redemption', -80, '2026-01-05'), entry('r2', 'redemption', -80, '2026-01-05')];

  it('keeps both debits and reports what went beyond the balance', () => {
    expect(replay(spentTwice)).toEqual({ balance: -60, lots: [], overdraft: 60, overdrawn: [{ entryId: 'r2', points: 60 }] });
  });

  it('is repaid by later credits before they form lots', () => {
    const repaidInPart = [...spentTwice, entry('a1', 'accrual', 17, '2026-01-10')];
    expect(replay(repaidInPart)).toMatchObject({ balance: -43, lots: [], overdraft: 43 });
    // 50 more: 43 repay the rest, 7 form a lot.
    const repaid = [...repaidInPart, entry('a2', 'accrual', 50, '2026-01-20')];
    expect(replay(repaid)).toMatchObject({ balance: 7, overdraft: 0, lots: [{ id: 'a2', points: 7, remaining: 7 }] });
    // The owner still sees that the overdraft happened.
    expect(replay(repaid).overdrawn).toEqual([{ entryId: 'r2', points: 60 }]);
  });

  it('grows with each further debit while overdrawn', () => {
    const more = [...spentTwice, entry('x', 'reward', -10, '2026-01-06')];
    expect(replay(more)).toMatchObject({
      balance: -70,
      overdraft: 70,
      overdrawn: [
        { entryId: 'r2', points: 60 },
        { entryId: 'x', points: 10 },
      ],
    });
  });
});

describe('reversals undo their original precisely', () => {
  it('take back a credit from its own lot first, not from older points', () => {
    const entries = [
      entry('w', 'welcome', 100, '2026-01-01'),
      entry('a', 'accrual', 40, '2026-02-01'),
      entry('r', 'redemption', -30, '2026-03-01'),
      entry('v', 'reversal', -40, '2026-03-02', { reverses: 'a' }),
    ];
    // Plain FIFO would leave w 30 and a 40: the young points would outlive the old ones.
    expect(lotsOf(entries)).toEqual([['w', 70]]);
  });

  it('take back what is left of a spent credit from the oldest lots, then overdraw', () => {
    const entries = [
      entry('w', 'welcome', 20, '2026-01-01'),
      entry('a', 'accrual', 40, '2026-02-01'),
      entry('r', 'redemption', -50, '2026-03-01'),
      entry('v', 'reversal', -40, '2026-03-02', { reverses: 'a' }),
    ];
    // r took w 20 and a 30; the void takes a's last 10, and 30 more than the guest has.
    expect(replay(entries)).toEqual({ balance: -30, lots: [], overdraft: 30, overdrawn: [{ entryId: 'v', points: 30 }] });
  });

  it('give back a debit into the lots it came from, keeping their age', () => {
    const entries = [
      entry('w', 'welcome', 100, '2026-01-01'),
      entry('a', 'accrual', 50, '2026-06-01'),
      entry('r', 'redemption', -120, '2026-07-01'),
      entry('v', 'reversal', 120, '2026-07-02', { reverses: 'r' }),
    ];
    expect(lotsOf(entries)).toEqual([
      ['w', 100],
      ['a', 50],
    ]);
  });

  it('give back repays an open overdraft first', () => {
    const entries = [
      entry('w', 'welcome', 30, '2026-01-01'),
      entry('r', 'redemption', -50, '2026-01-02'),
      entry('v', 'reversal', 50, '2026-01-03', { reverses: 'r' }),
    ];
    expect(replay(entries)).toEqual({
      balance: 30,
      lots: [{ id: 'w', earnedAt: day('2026-01-01'), points: 30, remaining: 30, expiries: 0 }],
      overdraft: 0,
      overdrawn: [{ entryId: 'r', points: 20 }],
    });
  });

  it('give back what a later credit already repaid as a new lot', () => {
    const entries = [
      entry('w', 'welcome', 30, '2026-01-01'),
      entry('r', 'redemption', -50, '2026-01-02'),
      entry('a', 'accrual', 40, '2026-01-03'),
      entry('v', 'reversal', 50, '2026-01-04', { reverses: 'r' }),
    ];
    // a repaid the 20 overdrawn and kept 20; the void returns w's 30 and 20 as a lot of its own.
    expect(lotsOf(entries)).toEqual([
      ['w', 30],
      ['a', 20],
      ['v', 20],
    ]);
    expect(replay(entries).balance).toBe(70);
  });

  it('apply only once: a second reversal of the same entry is a plain entry', () => {
    const entries = [
      entry('w', 'welcome', 100, '2026-01-01'),
      entry('a', 'accrual', 40, '2026-02-01'),
      entry('v1', 'reversal', -40, '2026-03-01', { reverses: 'a' }),
      entry('v2', 'reversal', -40, '2026-03-02', { reverses: 'a' }),
    ];
    // Stored anyway (reversal.ts refuses it first), it is just another debit, oldest first.
    expect(lotsOf(entries)).toEqual([['w', 60]]);
  });

  it('with the wrong amount or an unknown original, are plain entries', () => {
    const base = [entry('w', 'welcome', 100, '2026-01-01'), entry('a', 'accrual', 40, '2026-02-01')];
    expect(lotsOf([...base, entry('v', 'reversal', -10, '2026-03-01', { reverses: 'a' })])).toEqual([
      ['w', 90],
      ['a', 40],
    ]);
    expect(lotsOf([...base, entry('v', 'reversal', -10, '2026-03-01', { reverses: 'nope' })])).toEqual([
      ['w', 90],
      ['a', 40],
    ]);
  });
});

describe('replay invariants', () => {
  const arbitraryLedger = fc
    .array(
      fc.record({
        kind: fc.constantFrom(...ENTRY_KINDS),
        points: fc.integer({ min: 1, max: 200 }),
        day: fc.integer({ min: 0, max: 60 }),
        reverseOf: fc.nat(),
        repeat: fc.boolean(),
      }),
      { maxLength: 40 },
    )
    .map((raw) => {
      const entries: LedgerEntry[] = [];
      raw.forEach((r, i) => {
        const at = new Date(Date.UTC(2026, 0, 1 + r.day));
        if (r.kind === 'reversal' && entries.length > 0) {
          const original = entries[r.reverseOf % entries.length]!;
          entries.push({ id: `e${i}`, kind: 'reversal', points: -original.points, at, reverses: original.id });
        } else {
          const sign = r.kind === 'redemption' || r.kind === 'reward' || r.kind === 'expiry' || (r.kind === 'adjustment' && r.points % 2 === 0) ? -1 : 1;
          entries.push({ id: `e${i}`, kind: r.kind === 'reversal' ? 'adjustment' : r.kind, points: sign * r.points, at });
        }
        if (r.repeat) entries.push(entries[entries.length - 1]!);
      });
      return entries;
    });

  it('balance is the sum of the entries, and lots − overdraft, with lots empty while overdrawn', () => {
    fc.assert(
      fc.property(arbitraryLedger, (entries) => {
        const state = replay(entries);
        const unique = new Map(entries.map((e) => [e.id, e.points]));
        const sum = [...unique.values()].reduce((a, b) => a + b, 0);
        const inLots = state.lots.reduce((a, l) => a + l.remaining, 0);
        expect(state.balance).toBe(sum);
        expect(inLots - state.overdraft).toBe(sum);
        expect(state.overdraft === 0 || state.lots.length === 0).toBe(true);
        for (const l of state.lots) expect(0 < l.remaining && l.remaining <= l.points).toBe(true);
        for (let i = 1; i < state.lots.length; i++) expect(state.lots[i - 1]!.earnedAt <= state.lots[i]!.earnedAt).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('an entry on its own', () => {
  const ok = (e: LedgerEntry) => expect(entryProblem(e)).toBeNull();

  it('accepts each kind with its sign', () => {
    ok(entry('1', 'welcome', 100, '2026-01-01'));
    ok(entry('2', 'opening', 250, '2026-01-01'));
    ok(entry('3', 'accrual', 17, '2026-01-01'));
    ok(entry('4', 'redemption', -99, '2026-01-01'));
    ok(entry('5', 'reward', -150, '2026-01-01', { reason: 'Десерт' }));
    ok(entry('6', 'expiry', -40, '2026-01-01'));
    ok(entry('7', 'adjustment', -5, '2026-01-01', { reason: 'ошибка кассира' }));
    ok(entry('8', 'reversal', 99, '2026-01-01', { reverses: '4' }));
  });

  it('refuses a wrong sign, zero or fractional points', () => {
    expect(entryProblem(entry('1', 'accrual', -17, '2026-01-01'))).toBe('entry-points-sign');
    expect(entryProblem(entry('1', 'redemption', 99, '2026-01-01'))).toBe('entry-points-sign');
    expect(entryProblem(entry('1', 'expiry', 40, '2026-01-01'))).toBe('entry-points-sign');
    expect(entryProblem(entry('1', 'welcome', 0, '2026-01-01'))).toBe('entry-points-zero');
    expect(entryProblem(entry('1', 'accrual', 1.5, '2026-01-01'))).toBe('entry-points-fractional');
  });

  it('needs the purchase of an accrual or redemption, the original of a reversal, the reason of an adjustment', () => {
    expect(entryProblem({ ...entry('1', 'accrual', 17, '2026-01-01'), purchaseId: null })).toBe('entry-purchase-missing');
    expect(entryProblem(entry('1', 'reversal', 17, '2026-01-01'))).toBe('entry-reverses-missing');
    expect(entryProblem(entry('1', 'welcome', 100, '2026-01-01', { reverses: 'x' }))).toBe('entry-reverses-unexpected');
    expect(entryProblem(entry('1', 'adjustment', 10, '2026-01-01', { reason: '  ' }))).toBe('entry-reason-missing');
  });
});
