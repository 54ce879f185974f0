import { describe, expect, it } from 'vitest';
import type { PurchaseId } from '../domain/ids.ts';
import { type LedgerEntry, replay } from './ledger.ts';
import { mergeCancellations } from './merge.ts';

const idFor = (name: string) => `id(${name})`;
const at = (d: string) => new Date(`${d}T12:00:00Z`);
const MERGED_AT = at('2026-01-10');
const e = (id: string, kind: LedgerEntry['kind'], points: number, on: string): LedgerEntry => ({
  id,
  kind,
  points,
  at: at(on),
  ...(kind === 'accrual' || kind === 'redemption' ? { purchaseId: `p-${id}` as PurchaseId } : {}),
});

// One phone registered on two offline tablets: guest A on 1 January, guest B on 2 January.
const guestA = [e('wA', 'welcome', 100, '2026-01-01'), e('rA', 'redemption', -50, '2026-01-03')];
const guestB = [e('wB', 'welcome', 100, '2026-01-02'), e('aB', 'accrual', 10, '2026-01-04')];

describe('merging two guests’ ledgers', () => {
  it('cancels the later welcome bonus with a reversal and keeps every entry', () => {
    const cancel = mergeCancellations([...guestA, ...guestB], MERGED_AT, idFor);
    expect(cancel).toEqual([{ id: 'id(reversal:wB)', kind: 'reversal', points: -100, at: MERGED_AT, reverses: 'wB' }]);
    // 100 − 50 + 100 + 10 − 100 = 60: A's unspent 50 and B's 10.
    expect(replay([...guestA, ...guestB, ...cancel])).toMatchObject({
      balance: 60,
      lots: [
        { id: 'wA', remaining: 50 },
        { id: 'aB', remaining: 10 },
      ],
    });
  });

  it('keeps the earlier welcome whichever ledger it comes from', () => {
    expect(mergeCancellations([...guestB, ...guestA], MERGED_AT, idFor).map((x) => x.reverses)).toEqual(['wB']);
  });

  it('posts nothing more when run again, and the same entries when two runs race', () => {
    const merged = [...guestA, ...guestB];
    const cancel = mergeCancellations(merged, MERGED_AT, idFor);
    expect(mergeCancellations([...merged, ...cancel], at('2026-01-11'), idFor)).toEqual([]);
    expect(mergeCancellations(merged, at('2026-01-11'), idFor).map((x) => x.id)).toEqual(cancel.map((x) => x.id));
  });

  it('keeps one of three, and counts an entry carried by both copies once', () => {
    const guestC = [e('wC', 'welcome', 100, '2026-01-03')];
    const cancel = mergeCancellations([...guestA, ...guestB, ...guestC, guestA[0]!], MERGED_AT, idFor);
    expect(cancel.map((x) => x.reverses)).toEqual(['wB', 'wC']);
  });

  it('cancels nothing when only one of them had a welcome (an imported guest has an opening balance)', () => {
    const imported = [e('o', 'opening', 250, '2025-12-01')];
    expect(mergeCancellations([...imported, ...guestB], MERGED_AT, idFor)).toEqual([]);
  });

  it('overdraws, visibly, a duplicate bonus that was already spent', () => {
    const spentB = [e('wB', 'welcome', 100, '2026-01-02'), e('rB', 'redemption', -100, '2026-01-04')];
    const merged = [...guestA, ...spentB];
    const cancel = mergeCancellations(merged, MERGED_AT, idFor);
    // 100 − 50 + 100 − 100 − 100 = −50: the owner sees a 50-point overdraft.
    expect(replay([...merged, ...cancel])).toMatchObject({ balance: -50, overdraft: 50, overdrawn: [{ entryId: 'id(reversal:wB)', points: 50 }] });
  });
});
