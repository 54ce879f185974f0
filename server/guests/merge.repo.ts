/**
 * One guest per phone. When a registration arrives for a phone the café already has under
 * another id, the rule in shared/sync/merge.ts picks the guest that stands, so every server
 * and tablet reaches the same answer whatever order pushes arrive in. The other is recorded
 * in guest_merges, and its purchases, voids, history and bonus ledger move to the one that stands.
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import { mergeRegistrations, type FieldClocks, type MergeProfile } from '../../shared/sync/merge.ts';
import type { Sql } from '../db/db.ts';
import { insertGuests } from './guests.repo.ts';
import { recomputeStats } from '../purchases/purchases.repo.ts';
import { moveLedger } from '../loyalty/merge-ledger.ts';

/** Follows merges to the guest that stands for each id now. */
export async function resolveGuestIds(tx: Sql, ids: readonly GuestId[]): Promise<Map<GuestId, GuestId>> {
  const out = new Map<GuestId, GuestId>(ids.map((id) => [id, id]));
  let pending = [...new Set(ids)];
  for (let hop = 0; hop < 8 && pending.length; hop++) {
    const rows = await tx.query<{ from_guest_id: string; into_guest_id: string }>(
      'SELECT from_guest_id, into_guest_id FROM guest_merges WHERE from_guest_id = ANY($1::uuid[])',
      [pending],
    );
    if (!rows.length) break;
    const step = new Map(rows.map((r) => [r.from_guest_id, r.into_guest_id as GuestId]));
    for (const [k, v] of out) if (step.has(v)) out.set(k, step.get(v)!);
    pending = [...new Set(rows.map((r) => r.into_guest_id as GuestId))];
  }
  return out;
}

interface GuestRow {
  id: string;
  registered_at: Date;
  name: string | null;
  birthday: string | null;
  consent: boolean;
  consent_at: Date | null;
  field_clocks: FieldClocks;
}

const profileOf = (r: GuestRow): MergeProfile => ({
  id: r.id,
  registeredAt: r.registered_at,
  name: r.name,
  birthday: r.birthday,
  consent: { granted: r.consent, at: r.consent_at },
  clocks: r.field_clocks,
});

/**
 * A registration arrived for a phone the café already has under another id: one guest
 * stands (shared/sync/merge.ts decides which, and each field's value), the other is recorded
 * in guest_merges and everything of it moves to the one that stands. Returns that guest.
 */
export async function mergeGuests(
  tx: Sql,
  cafeId: CafeId,
  m: Extract<Mutation, { kind: 'guest.register' }>,
  hlc: string,
  /** The server's clock, and the tablet whose registration arrived (the guest's registering tablet when it wins). */
  at: { now: Date; deviceId: string | null },
): Promise<GuestId> {
  const [existing] = await tx.query<GuestRow>(
    'SELECT id, registered_at, name, birthday::text AS birthday, consent, consent_at, field_clocks FROM guests WHERE cafe_id = $1 AND phone = $2 FOR UPDATE',
    [cafeId, m.phone],
  );
  const stored = profileOf(existing!);
  const incoming: MergeProfile = {
    id: m.guestId,
    registeredAt: new Date(m.registeredAt),
    name: m.name,
    birthday: m.birthday,
    consent: { granted: m.consent.granted, at: new Date(m.consent.at) },
    clocks: { name: hlc, birthday: hlc, consent: hlc },
  };
  const merged = mergeRegistrations(stored, incoming);
  const winnerId = merged.winnerId as GuestId;
  const loserId = merged.loserId as GuestId;

  if (winnerId === incoming.id) {
    // The stored guest gives way: its row is replaced by the earlier registration, which takes
    // over its history and so the segment last recorded in it (trends sum that history).
    const [{ segment } = { segment: null }] = await tx.query<{ segment: string | null }>('SELECT segment FROM guest_stats WHERE guest_id = $1', [loserId]);
    await tx.query('DELETE FROM guest_stats WHERE guest_id = $1', [loserId]);
    await tx.query('DELETE FROM guests WHERE id = $1', [loserId]);
    await insertGuests(tx, cafeId, [
      {
        id: winnerId,
        phone: m.phone as E164Phone,
        name: merged.name,
        registeredAt: merged.registeredAt,
        via: 'counter',
        birthday: merged.birthday,
        consent: merged.consent,
        fieldClocks: merged.clocks,
        segment,
        // The registration that stands is this one: the tablet that sent it registered the guest.
        registeredDeviceId: at.deviceId,
      },
    ]);
    await tx.query('UPDATE purchases SET guest_id = $2 WHERE guest_id = $1', [loserId, winnerId]);
    await tx.query('UPDATE purchase_voids SET guest_id = $2 WHERE guest_id = $1', [loserId, winnerId]);
    await tx.query('UPDATE segment_history SET guest_id = $2 WHERE guest_id = $1', [loserId, winnerId]);
    await tx.query('UPDATE consent_changes SET guest_id = $2 WHERE cafe_id = $3 AND guest_id = $1', [loserId, winnerId, cafeId]);
    // Personal promotions granted to the guest stand for the one that stands (new rows: tablets pull them).
    await tx.query(
      `INSERT INTO promotion_grants (cafe_id, promotion_id, guest_id, benefit, source, granted_at)
       SELECT cafe_id, promotion_id, $2, benefit, source, granted_at FROM promotion_grants WHERE cafe_id = $3 AND guest_id = $1
       ON CONFLICT (cafe_id, promotion_id, guest_id) DO NOTHING`,
      [loserId, winnerId, cafeId],
    );
    await tx.query('UPDATE guest_merges SET into_guest_id = $2 WHERE into_guest_id = $1', [loserId, winnerId]);
  } else {
    await tx.query(
      `UPDATE guests SET name = $2, birthday = $3, consent = $4, consent_at = $5, field_clocks = $6, version = nextval('change_seq') WHERE id = $1`,
      [winnerId, merged.name, merged.birthday, merged.consent.granted, merged.consent.at?.toISOString() ?? null, JSON.stringify(merged.clocks)],
    );
  }
  await tx.query('INSERT INTO guest_merges (from_guest_id, into_guest_id, cafe_id, merged_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING', [
    loserId,
    winnerId,
    cafeId,
  ]);
  await recomputeStats(tx, [winnerId]);
  // The bonus ledger follows the guest, keeping one welcome bonus (shared/loyalty/merge.ts).
  await moveLedger(tx, cafeId, loserId, winnerId, at.now);
  return winnerId;
}
