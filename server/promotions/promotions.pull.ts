/**
 * What tablets pull of promotions: every one the owner created, edited, paused, resumed or
 * ended after the cursor, whole and with its status, so a tablet's copy is replaced rather than
 * patched and a paused or ended one stops being offered at the next pull. A café has a handful,
 * so this source never ends a page.
 */
import type { PullSource } from '../sync/pull-source.ts';
import { toPromotion } from './promotions.repo.ts';

export const promotionsSource: PullSource = {
  async latest(tx, cafeId) {
    return (await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM promotions WHERE cafe_id = $1', [cafeId]))[0]!.v;
  },
  async read({ tx, device, since, upto }) {
    const rows = await tx.query<{ id: string; definition: unknown; status: string }>(
      'SELECT id, definition, status FROM promotions WHERE cafe_id = $1 AND version > $2 AND version <= $3 ORDER BY version',
      [device.cafeId, since, upto],
    );
    return { promotions: rows.map(toPromotion) };
  },
};
