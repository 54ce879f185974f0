/**
 * The tablet's balance view against a model server, through the real writers and the real ack
 * and pull: any order of purchases with points, voids, pushes (acked, or with the ack lost),
 * pulls and other tablets' entries. The tablet follows the sync protocol (sync-once.ts): a round
 * whose push went unacknowledged pulls nothing and its next push sends the same entries again,
 * which the server keeps once. At every step the tablet shows the balance it last pulled plus
 * exactly its entries that balance lacked; once everything is pushed and pulled, the server's.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GuestId } from '../../shared/domain/ids.ts';
import { DEFAULT_PROGRAM } from '../../shared/loyalty/program.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import type { PullResponse } from '../../shared/sync/protocol.ts';
import { pullPage } from '../../tests/support/pull-page.ts';
import { CounterDb } from './db.ts';
import { CounterError } from './errors.ts';
import { registerGuest } from './guests.ts';
import { guestPoints } from './loyalty.ts';
import { recordPurchase, voidPurchase } from './purchases.ts';
import { applyAck, applyPull } from './sync/apply.ts';

type Op =
  | { op: 'buy'; guest: number; rubles: number; points: number }
  | { op: 'void'; pick: number }
  | { op: 'push'; ackLost: boolean; serverDiffers: boolean }
  | { op: 'pull' }
  | { op: 'elsewhere'; guest: number; points: number };

const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('buy' as const), guest: fc.nat(1), rubles: fc.integer({ min: 1, max: 2000 }), points: fc.integer({ min: 0, max: 150 }) }),
    fc.record({ op: fc.constant('void' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('push' as const), ackLost: fc.boolean(), serverDiffers: fc.boolean() }),
    fc.record({ op: fc.constant('pull' as const) }),
    fc.record({ op: fc.constant('elsewhere' as const), guest: fc.nat(1), points: fc.integer({ min: -50, max: 200 }).filter((p) => p !== 0) }),
  ),
  { maxLength: 24 },
);

/** The server as far as balances go: entries by id (a repeat is a no-op), a change number per guest. */
class ModelServer {
  entries = new Map<string, { guestId: string; points: number; purchaseId?: string }>();
  applied = new Set<string>();
  changedAt = new Map<string, number>();
  seq = 0;

  private add(id: string, guestId: string, points: number, purchaseId?: string) {
    if (this.entries.has(id)) return;
    this.entries.set(id, { guestId, points, ...(purchaseId ? { purchaseId } : {}) });
    this.changedAt.set(guestId, ++this.seq);
  }

  apply(mutationId: string, m: Mutation, serverDiffers: boolean) {
    if (this.applied.has(mutationId)) return;
    this.applied.add(mutationId);
    if (m.kind === 'guest.register' && m.welcomeEntryId) this.add(m.welcomeEntryId, m.guestId, DEFAULT_PROGRAM.welcomeBonus);
    if (m.kind === 'purchase.record') {
      if (m.redemptionEntryId) this.add(m.redemptionEntryId, m.guestId, -m.pointsRedeemed, m.purchaseId);
      // The server credits its own accrual figure, which may differ from the tablet's.
      if (m.accrualEntryId) this.add(m.accrualEntryId, m.guestId, m.pointsAccrued! + (serverDiffers ? 1 : 0), m.purchaseId);
    }
    if (m.kind === 'purchase.void') {
      for (const [id, e] of [...this.entries]) if (e.purchaseId === m.purchaseId) this.add(`reversal:${id}`, e.guestId, -e.points);
    }
  }

  elsewhere(id: string, guestId: string, points: number) {
    this.add(id, guestId, points);
  }

  balance(guestId: string) {
    let sum = 0;
    for (const e of this.entries.values()) if (e.guestId === guestId) sum += e.points;
    return sum;
  }

  pull(cursor: number): PullResponse {
    const changed = [...this.changedAt].filter(([, v]) => v > cursor).map(([g]) => g);
    return pullPage(new Date(), {
      cursor: String(this.seq),
      balances: changed.map((guestId) => ({ guestId, balance: this.balance(guestId), overdraft: 0, oldestLot: null })),
    });
  }
}

async function scenario(steps: Op[]) {
  const db = new CounterDb(`loyalty-sync-${Math.random()}`);
  await db.open();
  const server = new ModelServer();
  const at = new Date('2026-11-22T09:00:00Z');
  const guests: GuestId[] = [];
  for (const phone of ['+79120000001', '+79120000002']) guests.push((await registerGuest(db, { phone, name: '', birthday: '', consent: false }, at)).id);
  let sentUnacked = false;
  let cursor = 0;
  // What the last pull said per guest, and which of the tablet's writes it included.
  let pulled = new Map<string, number>();
  let includedAtPull = new Set<string>();

  const check = async () => {
    for (const g of guests) {
      const own = await db.ledger.where('guestId').equals(g).toArray();
      const expected = (pulled.get(g) ?? 0) + own.filter((e) => !includedAtPull.has(e.mutationId)).reduce((a, e) => a + e.points, 0);
      expect((await guestPoints(db, g, DEFAULT_PROGRAM)).balance).toBe(expected);
    }
  };

  const push = async (ackLost: boolean, serverDiffers: boolean) => {
    const rows = await db.outbox.orderBy('seq').toArray();
    for (const r of rows) server.apply(r.mutationId, r.mutation, serverDiffers);
    if (ackLost) sentUnacked ||= rows.length > 0;
    else {
      await applyAck(
        db,
        rows.map((r) => r.mutationId),
      );
      sentUnacked = false;
    }
  };

  const pull = async () => {
    if (sentUnacked) return;
    const page = server.pull(cursor);
    await applyPull(db, page);
    cursor = Number(page.cursor);
    pulled = new Map(guests.map((g) => [g, server.balance(g)]));
    includedAtPull = new Set(server.applied);
  };

  for (const [i, s] of steps.entries()) {
    if (s.op === 'buy') {
      await recordPurchase(db, { guestId: guests[s.guest]!, amount: String(s.rubles), items: [], points: String(s.points) }, at).catch((e) => {
        if (!(e instanceof CounterError) || !e.code.startsWith('points-over')) throw e;
      });
    }
    if (s.op === 'void') {
      const open = await db.purchases.filter((p) => !p.voided).toArray();
      if (open.length) await voidPurchase(db, open[s.pick % open.length]!.id, 'ошибка', at);
    }
    if (s.op === 'push') await push(s.ackLost, s.serverDiffers);
    if (s.op === 'pull') await pull();
    if (s.op === 'elsewhere') server.elsewhere(`other-${i}`, guests[s.guest]!, s.points);
    await check();
  }
  // A round that goes through: everything pushed and acked, then pulled.
  await push(false, false);
  await pull();
  for (const g of guests) expect((await guestPoints(db, g, DEFAULT_PROGRAM)).balance).toBe(server.balance(g));
  db.close();
}

describe('the tablet’s balance over any order of ack and pull', () => {
  it('counts each entry once and ends equal to the server', async () => {
    await fc.assert(fc.asyncProperty(ops, scenario), { numRuns: 60 });
  }, 120_000);

  it('holds for a lost ack followed by a pull that must not happen', async () => {
    await scenario([
      { op: 'buy', guest: 0, rubles: 500, points: 40 },
      { op: 'push', ackLost: true, serverDiffers: true },
      { op: 'pull' },
      { op: 'push', ackLost: false, serverDiffers: false },
      { op: 'elsewhere', guest: 0, points: 7 },
      { op: 'pull' },
      { op: 'void', pick: 0 },
      { op: 'pull' },
    ]);
  });
});
