/**
 * One guest per phone. When a registration arrives for a phone the café already has under
 * another id, the earlier registration wins (ties: the smaller id), so every server and
 * tablet reaches the same answer whatever order pushes arrive in. The loser is recorded in
 * guest_merges; its purchases, voids and history move to the winner; profile fields keep
 * the value with the latest clock.
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import type { Sql } from '../db/db.ts';
import { recomputeStats } from '../purchases/purchases.repo.ts';

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
  field_clocks: Record<string, string>;
}

export async function mergeGuests(tx: Sql, cafeId: CafeId, m: Extract<Mutation, { kind: 'guest.register' }>, hlc: string): Promise<GuestId> {
  const [existing] = await tx.query<GuestRow>(
    'SELECT id, registered_at, name, birthday::text AS birthday, consent, consent_at, field_clocks FROM guests WHERE cafe_id = $1 AND phone = $2 FOR UPDATE',
    [cafeId, m.phone],
  );
  const incoming: GuestRow = {
    id: m.guestId,
    registered_at: new Date(m.registeredAt),
    name: m.name,
    birthday: m.birthday,
    consent: m.consent.granted,
    consent_at: new Date(m.consent.at),
    field_clocks: { name: hlc, birthday: hlc, consent: hlc },
  };
  const e = existing!;
  const incomingWins =
    incoming.registered_at.getTime() < e.registered_at.getTime() || (incoming.registered_at.getTime() === e.registered_at.getTime() && incoming.id < e.id);
  const [winner, loser] = incomingWins ? [incoming, e] : [e, incoming];
  // Per field, the value with the later clock; a null never overwrites a value.
  const pick = <K extends 'name' | 'birthday'>(f: K) => {
    const w = winner[f];
    const l = loser[f];
    if (l === null) return { v: w, c: winner.field_clocks[f] };
    if (w === null || (loser.field_clocks[f] ?? '') > (winner.field_clocks[f] ?? '')) return { v: l, c: loser.field_clocks[f] };
    return { v: w, c: winner.field_clocks[f] };
  };
  const name = pick('name');
  const birthday = pick('birthday');
  const consentFromLoser = (loser.field_clocks.consent ?? '') > (winner.field_clocks.consent ?? '');
  const consent = consentFromLoser ? loser : winner;
  const clocks = { name: name.c ?? '', birthday: birthday.c ?? '', consent: (consentFromLoser ? loser : winner).field_clocks.consent ?? '' };

  if (incomingWins) {
    // The stored guest gives way: its row is replaced by the earlier registration, which takes
    // over its history and so the segment last recorded in it (trends sum that history).
    const [{ segment } = { segment: null }] = await tx.query<{ segment: string | null }>('SELECT segment FROM guest_stats WHERE guest_id = $1', [e.id]);
    await tx.query('DELETE FROM guest_stats WHERE guest_id = $1', [e.id]);
    await tx.query('DELETE FROM guests WHERE id = $1', [e.id]);
    await tx.query(
      `INSERT INTO guests (id, cafe_id, phone, name, registered_at, registered_via, birthday, consent, consent_at, field_clocks)
       VALUES ($1, $2, $3, $4, $5, 'counter', $6, $7, $8, $9)`,
      [
        winner.id,
        cafeId,
        m.phone,
        name.v,
        winner.registered_at.toISOString(),
        birthday.v,
        consent.consent,
        consent.consent_at?.toISOString() ?? null,
        JSON.stringify(clocks),
      ],
    );
    await tx.query('INSERT INTO guest_stats (guest_id, cafe_id, registered_at, segment) VALUES ($1, $2, $3, $4)', [
      winner.id,
      cafeId,
      winner.registered_at.toISOString(),
      segment,
    ]);
    await tx.query('UPDATE purchases SET guest_id = $2 WHERE guest_id = $1', [e.id, winner.id]);
    await tx.query('UPDATE purchase_voids SET guest_id = $2 WHERE guest_id = $1', [e.id, winner.id]);
    await tx.query('UPDATE segment_history SET guest_id = $2 WHERE guest_id = $1', [e.id, winner.id]);
    await tx.query('UPDATE guest_merges SET into_guest_id = $2 WHERE into_guest_id = $1', [e.id, winner.id]);
  } else {
    await tx.query(
      `UPDATE guests SET name = $2, birthday = $3, consent = $4, consent_at = $5, field_clocks = $6, version = nextval('change_seq') WHERE id = $1`,
      [winner.id, name.v, birthday.v, consent.consent, consent.consent_at?.toISOString() ?? null, JSON.stringify(clocks)],
    );
  }
  await tx.query('INSERT INTO guest_merges (from_guest_id, into_guest_id, cafe_id, merged_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING', [
    loser.id,
    winner.id,
    cafeId,
  ]);
  await recomputeStats(tx, [winner.id as GuestId]);
  return winner.id as GuestId;
}
