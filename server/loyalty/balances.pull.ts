/**
 * What tablets pull of the bonus programme: every guest's balance row that changed after the
 * cursor (balance, overdraft, oldest lot — the base of the tablet's balance view, see
 * shared/loyalty/balance-view.ts), and the programme when the owner saved it. Both carry
 * numbers of the one change sequence; balances can be many (a first pull gets every guest's),
 * so that source ends a page like the guests'.
 */
import type { PullSource } from '../sync/pull-source.ts';
import { programOf } from './program.repo.ts';

interface BalanceRow {
  guest_id: string;
  balance: number;
  overdraft: number;
  oldest_lot_at: Date | null;
  oldest_lot_points: number | null;
}

export const balancesSource: PullSource = {
  async latest(tx, cafeId) {
    return (await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM loyalty_balances WHERE cafe_id = $1', [cafeId]))[0]!.v;
  },
  async pageEnd(tx, cafeId, since, limit) {
    const rows = await tx.query<{ version: number }>(
      'SELECT version FROM loyalty_balances WHERE cafe_id = $1 AND version > $2 ORDER BY version LIMIT 2 OFFSET $3',
      [cafeId, since, limit - 1],
    );
    return rows.length === 2 ? rows[0]!.version : null;
  },
  async read({ tx, device, since, upto }) {
    const rows = await tx.query<BalanceRow>(
      `SELECT guest_id, balance, overdraft, oldest_lot_at, oldest_lot_points FROM loyalty_balances
       WHERE cafe_id = $1 AND version > $2 AND version <= $3 ORDER BY version`,
      [device.cafeId, since, upto],
    );
    return {
      balances: rows.map((r) => ({
        guestId: r.guest_id,
        balance: Number(r.balance),
        overdraft: Number(r.overdraft),
        oldestLot: r.oldest_lot_at && r.oldest_lot_points ? { earnedAt: r.oldest_lot_at.toISOString(), points: Number(r.oldest_lot_points) } : null,
      })),
    };
  },
};

export const programSource: PullSource = {
  async latest(tx, cafeId) {
    return (await tx.query<{ version: number }>('SELECT version FROM loyalty_programs WHERE cafe_id = $1', [cafeId]))[0]?.version ?? null;
  },
  async read({ tx, device, since, upto }) {
    const version = await programSource.latest(tx, device.cafeId);
    if (version === null || version <= since || version > upto) return {};
    return { program: await programOf(tx, device.cafeId) };
  },
};
