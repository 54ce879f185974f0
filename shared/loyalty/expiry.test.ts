import { describe, expect, it } from 'vitest';
import type { PurchaseId } from '../domain/ids.ts';
import { at, day, zone } from '../segments/test-helpers.ts';
import { addCalendarMonths, type ExpiryRule, expiredLots, expiryEntries, lotExpiresOn, nextExpiry } from './expiry.ts';
import { type LedgerEntry, replay } from './ledger.ts';

const MSK = zone('Europe/Moscow');
const SIX_MONTHS: ExpiryRule = { months: 6, zone: MSK };
const msk = (local: string) => at(local, 'Europe/Moscow');
const idFor = (name: string) => `id(${name})`;
const credit = (id: string, points: number, when: string): LedgerEntry => ({ id, kind: 'accrual', points, at: msk(when), purchaseId: `p-${id}` as PurchaseId });
const spend = (id: string, points: number, when: string): LedgerEntry => ({
  id,
  kind: 'redemption',
  points: -points,
  at: msk(when),
  purchaseId: `p-${id}` as PurchaseId,
});

describe('calendar months', () => {
  it('adds months to a café day, clamping to the month’s end', () => {
    expect(addCalendarMonths(day('2026-01-15'), 6)).toBe('2026-07-15');
    expect(addCalendarMonths(day('2026-08-31'), 6)).toBe('2027-02-28');
    expect(addCalendarMonths(day('2027-08-31'), 6)).toBe('2028-02-29');
    expect(addCalendarMonths(day('2026-11-30'), 12)).toBe('2027-11-30');
  });

  it('counts from the café day of earning, not the UTC day', () => {
    // 01:30 on 15 January in Moscow is still 14 January in UTC.
    const earned = msk('2026-01-15T01:30');
    expect(earned.toISOString().slice(0, 10)).toBe('2026-01-14');
    expect(lotExpiresOn(earned, SIX_MONTHS)).toBe('2026-07-15');
    expect(lotExpiresOn(earned, { months: null, zone: MSK })).toBeNull();
  });
});

describe('expired lots', () => {
  const ledger = [credit('jan', 100, '2026-01-15T10:00'), credit('mar', 50, '2026-03-10T10:00')];

  it('expire from the first instant of the expiry day in the café’s zone', () => {
    const state = replay(ledger);
    expect(expiredLots(state, msk('2026-07-14T23:59'), SIX_MONTHS)).toEqual([]);
    expect(expiredLots(state, msk('2026-07-15T00:00'), SIX_MONTHS).map((l) => l.id)).toEqual(['jan']);
    expect(expiredLots(state, msk('2026-09-10T00:00'), SIX_MONTHS).map((l) => l.id)).toEqual(['jan', 'mar']);
  });

  it('never expire when the programme has no expiry', () => {
    expect(expiredLots(replay(ledger), msk('2036-01-01T00:00'), { months: null, zone: MSK })).toEqual([]);
  });

  it('expire only what spending left of them, and spending took the oldest points', () => {
    // 30 spent in February came out of January's lot: 70 of it expire, March's 50 stay whole.
    const state = replay([...ledger, spend('feb', 30, '2026-02-01T10:00')]);
    const posted = expiryEntries(state, msk('2026-07-15T03:00'), SIX_MONTHS, idFor);
    expect(posted).toEqual([{ id: 'id(expiry:jan:0)', kind: 'expiry', points: -70, at: msk('2026-07-15T00:00') }]);
    // "Unexpired credits minus all debits" would say 50 − 30 = 20; the guest keeps 50.
    expect(replay([...ledger, spend('feb', 30, '2026-02-01T10:00'), ...posted])).toMatchObject({ balance: 50, lots: [{ id: 'mar', remaining: 50 }] });
  });

  it('post nothing for a lot that was spent in full before it expired', () => {
    const state = replay([...ledger, spend('feb', 100, '2026-02-01T10:00')]);
    expect(expiryEntries(state, msk('2026-07-15T03:00'), SIX_MONTHS, idFor)).toEqual([]);
  });

  it('post each expiry once however often the job runs', () => {
    const first = expiryEntries(replay(ledger), msk('2026-07-15T03:00'), SIX_MONTHS, idFor);
    // Two runs racing on the same ledger post the same entries (same ids: stored once).
    expect(expiryEntries(replay(ledger), msk('2026-07-15T04:00'), SIX_MONTHS, idFor)).toEqual(first);
    // A run after the first one's entries are in the ledger posts nothing more.
    expect(expiryEntries(replay([...ledger, ...first]), msk('2026-07-16T03:00'), SIX_MONTHS, idFor)).toEqual([]);
  });

  it('post one entry per expired lot, oldest first, each taking exactly its lot', () => {
    const ledger3 = [...ledger, spend('apr', 20, '2026-04-01T10:00')];
    const posted = expiryEntries(replay(ledger3), msk('2026-09-10T03:00'), SIX_MONTHS, idFor);
    expect(posted.map((e) => [e.id, e.points, e.at])).toEqual([
      ['id(expiry:jan:0)', -80, msk('2026-07-15T00:00')],
      ['id(expiry:mar:0)', -50, msk('2026-09-10T00:00')],
    ]);
    expect(replay([...ledger3, ...posted])).toMatchObject({ balance: 0, lots: [], overdraft: 0 });
  });

  it('expire again, under a new id, points given back to an expired lot', () => {
    const bought = [...ledger, spend('jun', 40, '2026-06-30T10:00')];
    const firstExpiry = expiryEntries(replay(bought), msk('2026-07-15T03:00'), SIX_MONTHS, idFor);
    expect(firstExpiry.map((e) => [e.id, e.points])).toEqual([['id(expiry:jan:0)', -60]]);
    // The June purchase is voided after its points expired: they return to January's lot…
    const voided: LedgerEntry = { id: 'v', kind: 'reversal', points: 40, at: msk('2026-07-20T10:00'), reverses: 'jun', purchaseId: 'p-jun' as PurchaseId };
    const state = replay([...bought, ...firstExpiry, voided]);
    expect(state.lots.map((l) => [l.id, l.remaining])).toEqual([
      ['jan', 40],
      ['mar', 50],
    ]);
    // …which has expired, so the next run takes them, named apart from the first expiry.
    expect(expiryEntries(state, msk('2026-07-21T03:00'), SIX_MONTHS, idFor).map((e) => [e.id, e.points])).toEqual([['id(expiry:jan:1)', -40]]);
  });

  it('find nothing to expire while the guest is overdrawn', () => {
    const overdrawn = [...ledger, spend('a', 100, '2026-02-01T10:00'), spend('b', 100, '2026-02-01T10:05')];
    expect(replay(overdrawn)).toMatchObject({ overdraft: 50, lots: [] });
    expect(expiryEntries(replay(overdrawn), msk('2027-01-01T00:00'), SIX_MONTHS, idFor)).toEqual([]);
  });
});

describe('next expiry', () => {
  it('is the soonest day points will expire and how many, summed over lots of that day', () => {
    const state = replay([credit('a', 100, '2026-01-15T10:00'), credit('b', 30, '2026-01-15T18:00'), credit('c', 50, '2026-03-10T10:00')]);
    expect(nextExpiry(state, msk('2026-07-14T12:00'), SIX_MONTHS)).toEqual({ on: '2026-07-15', points: 130 });
    // From 15 July those have expired (the job posts them); the next is March's lot.
    expect(nextExpiry(state, msk('2026-07-15T00:00'), SIX_MONTHS)).toEqual({ on: '2026-09-10', points: 50 });
    expect(nextExpiry(state, msk('2026-07-14T12:00'), { months: null, zone: MSK })).toBeNull();
  });
});
