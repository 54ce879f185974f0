import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACKED, IN_BASE, PENDING, type SyncState } from '../sync/tablet-view.ts';
import { afterAck, afterPull, balanceView, type OwnLedgerEntry, unsyncedSpent } from './balance-view.ts';

type Op = { op: 'record'; points: number } | { op: 'push'; ackLost: boolean; serverDiffers: boolean } | { op: 'pull' } | { op: 'elsewhere'; points: number };

const arbitraryOps = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('record' as const), points: fc.integer({ min: -300, max: 300 }).filter((p) => p !== 0) }),
    fc.record({ op: fc.constant('push' as const), ackLost: fc.boolean(), serverDiffers: fc.boolean() }),
    fc.record({ op: fc.constant('pull' as const) }),
    fc.record({ op: fc.constant('elsewhere' as const), points: fc.integer({ min: -300, max: 300 }).filter((p) => p !== 0) }),
  ),
  { maxLength: 60 },
);

/**
 * One tablet and the server, driven through any order of records, pushes (acked or with the
 * ack lost), pulls and entries reaching the server from elsewhere (other tablets, jobs). The
 * tablet follows the protocol: a round whose push went unacknowledged pulls nothing, and its
 * next push sends the same entries again (the server keeps the first copy).
 */
function run(ops: Op[], check: (view: number, truth: number) => void) {
  const own: (OwnLedgerEntry & { serverPoints?: number })[] = [];
  const server = new Map<string, number>();
  let sentUnacked = false;
  let pulled: { balance: number; ids: Set<string> } | null = null;
  const serverBalance = () => [...server.values()].reduce((a, b) => a + b, 0);

  ops.forEach((o, i) => {
    if (o.op === 'record') own.push({ id: `own-${i}`, kind: o.points > 0 ? 'accrual' : 'redemption', points: o.points, syncState: PENDING });
    if (o.op === 'elsewhere') server.set(`other-${i}`, o.points);
    if (o.op === 'push') {
      const sent = own.filter((e) => e.syncState === PENDING);
      // The server credits its own accrual figure, which may differ from the tablet's by a point.
      for (const e of sent) if (!server.has(e.id)) server.set(e.id, e.points + (o.serverDiffers && e.kind === 'accrual' ? 1 : 0));
      if (o.ackLost) sentUnacked = sent.length > 0 || sentUnacked;
      else {
        for (const e of sent) e.syncState = afterAck(e.syncState);
        sentUnacked = false;
      }
    }
    if (o.op === 'pull' && !sentUnacked) {
      pulled = { balance: serverBalance(), ids: new Set(server.keys()) };
      for (const e of own) e.syncState = afterPull(e.syncState);
    }
    const p = pulled as { balance: number; ids: Set<string> } | null;
    // What the tablet should see: the balance it last pulled + its own entries that balance lacked.
    const truth = (p?.balance ?? 0) + own.filter((e) => !p?.ids.has(e.id)).reduce((a, e) => a + e.points, 0);
    check(balanceView(p?.balance ?? null, own), truth);
  });

  // A last round that succeeds: the tablet then shows exactly the server's balance.
  for (const e of own) if (e.syncState === PENDING && !server.has(e.id)) server.set(e.id, e.points);
  for (const e of own) e.syncState = afterPull(afterAck(e.syncState));
  check(balanceView(serverBalance(), own), serverBalance());
}

describe('tablet view of a balance', () => {
  it('counts every entry once over every order of record, ack, lost ack and pull', () => {
    fc.assert(
      fc.property(arbitraryOps, (ops) => run(ops, (view, truth) => expect(view).toBe(truth))),
      { numRuns: 1000 },
    );
  });

  it("before the guest's first pull, is the tablet's own entries, acked or not", () => {
    const own: OwnLedgerEntry[] = [
      { id: 'w', kind: 'welcome', points: 100, syncState: ACKED },
      { id: 'r', kind: 'redemption', points: -30, syncState: PENDING },
    ];
    expect(balanceView(null, own)).toBe(70);
  });

  it('adds acked and pending entries to the base, not those already in it', () => {
    const own: OwnLedgerEntry[] = [
      { id: 'a', kind: 'accrual', points: 17, syncState: IN_BASE },
      { id: 'b', kind: 'accrual', points: 20, syncState: ACKED },
      { id: 'r', kind: 'redemption', points: -30, syncState: PENDING },
    ];
    // The base (120) already has a's 17: 120 + 20 − 30.
    expect(balanceView(120, own)).toBe(110);
  });

  it('shows a negative base as it is: the overdraft the server recorded', () => {
    expect(balanceView(-40, [{ id: 'a', kind: 'accrual', points: 15, syncState: PENDING }])).toBe(-25);
  });

  it('moves states only forwards: pending → acked on ack, acked → in base on pull', () => {
    const states: SyncState[] = [PENDING, ACKED, IN_BASE];
    expect(states.map((s) => afterAck(s))).toEqual([ACKED, ACKED, IN_BASE]);
    expect(states.map((s) => afterPull(s))).toEqual([PENDING, IN_BASE, IN_BASE]);
  });
});

describe('points spent since the tablet last heard from the server', () => {
  it('sums its redemptions and rewards the base does not include, less their give-backs', () => {
    const own: OwnLedgerEntry[] = [
      { id: 'old', kind: 'redemption', points: -50, syncState: IN_BASE },
      { id: 'r1', kind: 'redemption', points: -30, syncState: ACKED },
      { id: 'g', kind: 'reward', points: -150, syncState: PENDING },
      { id: 'a', kind: 'accrual', points: 40, syncState: PENDING },
      { id: 'v', kind: 'reversal', points: 30, reverses: 'r1', syncState: PENDING },
      // Giving back a spend the base already has does not lower what is spent since.
      { id: 'v-old', kind: 'reversal', points: 50, reverses: 'old', syncState: PENDING },
    ];
    expect(unsyncedSpent(500, own)).toBe(150);
    // Before any pull nothing is in a base: the old redemption and its give-back count too.
    expect(unsyncedSpent(null, own)).toBe(150);
  });
});
