/**
 * What tablets pull of personal promotions' grants: every grant made or renewed after the
 * cursor, so the counter offers a guest their personal promotion offline. A big mailing
 * grants as many rows as it queues messages, so this source ends a page as guests do.
 */
import type { Benefit } from '../../shared/promotions/promotion.ts';
import type { PullSource } from '../sync/pull-source.ts';

export const grantsSource: PullSource = {
  async latest(tx, cafeId) {
    return (await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM promotion_grants WHERE cafe_id = $1', [cafeId]))[0]!.v;
  },
  async pageEnd(tx, cafeId, since, limit) {
    const rows = await tx.query<{ version: number }>(
      'SELECT version FROM promotion_grants WHERE cafe_id = $1 AND version > $2 ORDER BY version LIMIT 2 OFFSET $3',
      [cafeId, since, limit - 1],
    );
    return rows.length === 2 ? rows[0]!.version : null;
  },
  async read({ tx, device, since, upto }) {
    const rows = await tx.query<{ promotion_id: string; guest_id: string; benefit: Benefit | null }>(
      'SELECT promotion_id, guest_id, benefit FROM promotion_grants WHERE cafe_id = $1 AND version > $2 AND version <= $3 ORDER BY version',
      [device.cafeId, since, upto],
    );
    return { promotionGrants: rows.map((r) => ({ promotionId: r.promotion_id, guestId: r.guest_id, benefit: r.benefit })) };
  },
};
