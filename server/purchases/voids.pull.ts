/** What a tablet pulls of voids: those of its own purchases (it holds no one else's), so its view stops counting them. */
import type { PullSource } from '../sync/pull-source.ts';

export const voidsSource: PullSource = {
  async latest(tx, cafeId) {
    return (
      await tx.query<{ v: number | null }>('SELECT max(v.version) AS v FROM purchase_voids v JOIN purchases p ON p.id = v.purchase_id WHERE p.cafe_id = $1', [
        cafeId,
      ])
    )[0]!.v;
  },
  async read({ tx, device, since, upto }) {
    const voids = await tx.query<{ purchase_id: string; guest_id: string | null }>(
      `SELECT v.purchase_id, v.guest_id FROM purchase_voids v JOIN purchases p ON p.id = v.purchase_id
       WHERE p.cafe_id = $1 AND p.device_id = $4 AND v.version > $2 AND v.version <= $3`,
      [device.cafeId, since, upto, device.id],
    );
    return { voids: voids.map((v) => ({ purchaseId: v.purchase_id, guestId: v.guest_id })) };
  },
};
