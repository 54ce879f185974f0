/**
 * Guests, one per phone per café. A guest row and its guest_stats row are created by the
 * same statement, and registered_at (copied into guest_stats for fast reports) is only
 * changed here, in both tables at once.
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import type { FieldClocks } from '../../shared/sync/merge.ts';
import type { Sql } from '../db/db.ts';

export type RegisteredVia = 'counter' | 'import' | 'import-purchase';

export interface NewGuest {
  id: GuestId;
  phone: E164Phone;
  name: string | null;
  registeredAt: Date;
  via: RegisteredVia;
  birthday?: string | null;
  /** Marketing consent and when it was given or withdrawn; none: not given. */
  consent?: { granted: boolean; at: Date | null };
  /** Hybrid clocks of the profile fields as written (a tablet's registration). */
  fieldClocks?: FieldClocks;
  /** The segment the guest's history last recorded (a merged guest keeps its predecessor's). */
  segment?: string | null;
  /** The tablet that registered the guest (none: imported). */
  registeredDeviceId?: string | null;
}

export interface StoredGuestRef {
  id: GuestId;
  phone: E164Phone;
  registeredAt: Date;
  via: RegisteredVia;
}

/** The one guest insert: the guests whose phone is new to the café, with their stats rows; returns those inserted. */
export async function insertGuests(tx: Sql, cafeId: CafeId, guests: readonly NewGuest[]): Promise<StoredGuestRef[]> {
  if (guests.length === 0) return [];
  const rows = await tx.query<{ id: string; phone: string; registered_at: Date; registered_via: RegisteredVia }>(
    `WITH g AS (
       SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::date[], $8::boolean[], $9::timestamptz[], $10::jsonb[], $11::text[], $12::uuid[])
         AS g (id, phone, name, registered_at, via, birthday, consent, consent_at, field_clocks, segment, device_id)
     ), ins AS (
       INSERT INTO guests (id, cafe_id, phone, name, registered_at, registered_via, birthday, consent, consent_at, field_clocks, registered_device_id)
       SELECT g.id, $1, g.phone, g.name, g.registered_at, g.via, g.birthday, g.consent, g.consent_at, g.field_clocks, g.device_id FROM g
       ON CONFLICT (cafe_id, phone) DO NOTHING
       RETURNING id, phone, registered_at, registered_via
     ), stats AS (
       INSERT INTO guest_stats (guest_id, cafe_id, registered_at, segment) SELECT ins.id, $1, ins.registered_at, g.segment FROM ins JOIN g ON g.id = ins.id
     )
     SELECT id, phone, registered_at, registered_via FROM ins`,
    [
      cafeId,
      guests.map((g) => g.id),
      guests.map((g) => g.phone),
      guests.map((g) => g.name),
      guests.map((g) => g.registeredAt.toISOString()),
      guests.map((g) => g.via),
      guests.map((g) => g.birthday ?? null),
      guests.map((g) => g.consent?.granted ?? false),
      guests.map((g) => g.consent?.at?.toISOString() ?? null),
      guests.map((g) => JSON.stringify(g.fieldClocks ?? {})),
      guests.map((g) => g.segment ?? null),
      guests.map((g) => g.registeredDeviceId ?? null),
    ],
  );
  return rows.map((r) => ({ id: r.id as GuestId, phone: r.phone as E164Phone, registeredAt: r.registered_at, via: r.registered_via }));
}

export async function guestsByPhone(tx: Sql, cafeId: CafeId, phones: readonly E164Phone[]): Promise<StoredGuestRef[]> {
  if (phones.length === 0) return [];
  const rows = await tx.query<{ id: string; phone: string; registered_at: Date; registered_via: RegisteredVia }>(
    'SELECT id, phone, registered_at, registered_via FROM guests WHERE cafe_id = $1 AND phone = ANY($2::text[])',
    [cafeId, phones],
  );
  return rows.map((r) => ({ id: r.id as GuestId, phone: r.phone as E164Phone, registeredAt: r.registered_at, via: r.registered_via }));
}

/**
 * A guest first seen in purchases is registered at its first purchase; when an earlier
 * purchase of theirs turns up later, their registration moves back to it.
 */
export async function moveRegistrationEarlier(tx: Sql, changes: readonly { guestId: GuestId; registeredAt: Date }[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `WITH c AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) AS c (guest_id, registered_at)),
     g AS (
       UPDATE guests SET registered_at = c.registered_at FROM c
       WHERE guests.id = c.guest_id AND guests.registered_via = 'import-purchase' AND guests.registered_at > c.registered_at
       RETURNING guests.id, guests.registered_at
     )
     UPDATE guest_stats s SET registered_at = g.registered_at FROM g WHERE s.guest_id = g.id`,
    [changes.map((c) => c.guestId), changes.map((c) => c.registeredAt.toISOString())],
  );
}
