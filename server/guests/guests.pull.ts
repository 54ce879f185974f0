/**
 * What tablets pull of guests: the profile with the server's stats (never the purchases behind
 * them), merges, and the ids of guests deleted on request (their rows stay as anonymous
 * tombstones with a new change number, see server/guests/owner-edits.repo.ts).
 */
import type { FieldClocks } from '../../shared/sync/merge.ts';
import { compareHlc } from '../../shared/sync/hlc.ts';
import type { PullSource } from '../sync/pull-source.ts';

interface GuestRow {
  id: string;
  /** Null once the guest was deleted on request. */
  phone: string | null;
  name: string | null;
  birthday: string | null;
  consent: boolean;
  consent_at: Date | null;
  registered_at: Date;
  field_clocks: FieldClocks;
  purchase_count: number;
  first_purchase_at: Date | null;
  last_purchase_at: Date | null;
  total_spend: number;
  tier_spend: number;
}

export const guestsSource: PullSource = {
  async latest(tx, cafeId) {
    return (await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM guests WHERE cafe_id = $1', [cafeId]))[0]!.v;
  },
  async pageEnd(tx, cafeId, since, limit) {
    // The `limit`-th row after the cursor, and whether another follows it.
    const rows = await tx.query<{ version: number }>('SELECT version FROM guests WHERE cafe_id = $1 AND version > $2 ORDER BY version LIMIT 2 OFFSET $3', [
      cafeId,
      since,
      limit - 1,
    ]);
    return rows.length === 2 ? rows[0]!.version : null;
  },
  async read({ tx, device, since, upto }) {
    const page = await tx.query<GuestRow>(
      `SELECT g.id, g.phone, g.name, g.birthday::text AS birthday, g.consent, g.consent_at, g.registered_at, g.field_clocks,
              s.purchase_count, s.first_purchase_at, s.last_purchase_at, s.total_spend, s.tier_spend
       FROM guests g JOIN guest_stats s ON s.guest_id = g.id
       WHERE g.cafe_id = $1 AND g.version > $2 AND g.version <= $3 ORDER BY g.version`,
      [device.cafeId, since, upto],
    );
    const erased = page.filter((g) => g.phone === null).map((g) => g.id);
    const live = page.filter((g): g is GuestRow & { phone: string } => g.phone !== null);
    const clocks = live
      .flatMap((g) => Object.values(g.field_clocks))
      .filter((c): c is string => !!c)
      .sort(compareHlc);
    return {
      maxHlc: clocks.at(-1) ?? null,
      erased,
      guests: live.map((g) => ({
        id: g.id,
        phone: g.phone,
        name: g.name,
        birthday: g.birthday,
        consent: { granted: g.consent, at: (g.consent_at ?? g.registered_at).toISOString() },
        registeredAt: g.registered_at.toISOString(),
        stats: {
          purchaseCount: g.purchase_count,
          firstPurchaseAt: g.first_purchase_at?.toISOString() ?? null,
          lastPurchaseAt: g.last_purchase_at?.toISOString() ?? null,
          totalSpend: Number(g.total_spend),
          tierSpend: Number(g.tier_spend),
        },
      })),
    };
  },
};

export const mergesSource: PullSource = {
  async latest(tx, cafeId) {
    return (await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM guest_merges WHERE cafe_id = $1', [cafeId]))[0]!.v;
  },
  async read({ tx, device, since, upto }) {
    const merges = await tx.query<{ from_guest_id: string; into_guest_id: string }>(
      'SELECT from_guest_id, into_guest_id FROM guest_merges WHERE cafe_id = $1 AND version > $2 AND version <= $3 ORDER BY version',
      [device.cafeId, since, upto],
    );
    return { merges: merges.map((m) => ({ from: m.from_guest_id, into: m.into_guest_id })) };
  },
};
