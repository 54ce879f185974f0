import { describe, expect, it } from 'vitest';
import type { CounterPurchase, GuestPurchases } from '../../shared/api/counter.ts';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { ACKED, PENDING } from '../../shared/sync/tablet-view.ts';
import type { PurchaseRow } from './db.ts';
import { mergeHistory } from './guest-history.ts';

const T = (minute: number) => Date.UTC(2026, 10, 22, 9, minute);
const guestId = 'g' as GuestId;

const local = (id: string, minute: number, over: Partial<PurchaseRow> = {}): PurchaseRow => ({
  id: id as PurchaseId,
  guestId,
  purchasedAt: T(minute),
  amount: 100_00 as Kopecks,
  items: [],
  voided: null,
  syncState: ACKED,
  voidState: null,
  ...over,
});

const remote = (id: string, minute: number, over: Partial<CounterPurchase> = {}): CounterPurchase => ({
  id,
  purchasedAt: new Date(T(minute)).toISOString(),
  amount: 100_00,
  items: [],
  voided: null,
  tablet: { name: 'Стойка 2', thisTablet: false },
  ...over,
});

const page = (purchases: CounterPurchase[], total = purchases.length): GuestPurchases => ({ guestId, total, purchases });

describe("a guest's purchases on the card", () => {
  it("with no answer from the server, is this tablet's own, newest first", () => {
    const rows = mergeHistory([local('a', 1), local('b', 5)], null);
    expect(rows.map((r) => [r.id, r.tablet.kind, r.held])).toEqual([
      ['b', 'this', true],
      ['a', 'this', true],
    ]);
  });

  it("shows every tablet's, marks this tablet's and imports, and lets only this tablet's be voided", () => {
    const rows = mergeHistory(
      [local('mine', 3)],
      page([
        remote('other', 4, { items: [{ name: 'Латте', qty: 2 }] }),
        remote('mine', 3, { tablet: { name: 'Стойка 1', thisTablet: true } }),
        remote('old', 1, { tablet: null }),
      ]),
    );
    expect(rows.map((r) => ({ id: r.id, tablet: r.tablet, held: r.held }))).toEqual([
      { id: 'other', tablet: { kind: 'other', name: 'Стойка 2' }, held: false },
      { id: 'mine', tablet: { kind: 'this' }, held: true },
      { id: 'old', tablet: { kind: 'import' }, held: false },
    ]);
    expect(rows[0]!.items).toEqual([{ name: 'Латте', qty: 2 }]);
    expect(rows[0]!.purchasedAt).toBe(T(4));
  });

  it('adds a purchase not uploaded yet, and shows a void made here before the server has it', () => {
    const voided = { at: T(9), reason: 'ошибка' };
    const rows = mergeHistory([local('new', 8, { syncState: PENDING }), local('mine', 3, { voided, voidState: PENDING })], page([remote('mine', 3)]));
    expect(rows.map((r) => [r.id, r.voided])).toEqual([
      ['new', null],
      ['mine', voided],
    ]);
  });

  it("keeps the server's void over none here", () => {
    const rows = mergeHistory([local('mine', 3)], page([remote('mine', 3, { voided: { at: new Date(T(7)).toISOString(), reason: 'с другого планшета' } })]));
    expect(rows[0]!.voided).toEqual({ at: T(7), reason: 'с другого планшета' });
  });

  it('leaves out a purchase of its own older than the page when the server has more than the page', () => {
    const server = page([remote('p5', 50), remote('p4', 40)], 5);
    expect(mergeHistory([local('p1', 10), local('p4', 40), local('fresh', 45, { syncState: PENDING })], server).map((r) => r.id)).toEqual([
      'p5',
      'fresh',
      'p4',
    ]);
    // The same page, complete: everything of its own shows.
    expect(mergeHistory([local('p1', 10)], page([remote('p5', 50)])).map((r) => r.id)).toEqual(['p5', 'p1']);
  });

  it('orders purchases at the same moment by id, the same way every time', () => {
    const rows = mergeHistory([local('b', 5), local('a', 5), local('c', 5)], null);
    expect(rows.map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });
});
