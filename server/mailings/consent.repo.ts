/**
 * Marketing consent on the server: its history (consent_changes, every change kept) and the
 * guest's flag (guests.consent, what tablets pull), written together.
 *
 * - A counter's change arrives in a push: the guest applier already sets the flag by its
 *   hybrid clock (last edit wins); here it is added to the history, stamped with the
 *   tablet's time but never later than the server's receive time.
 * - A change made on the server (the e-mail link, Telegram, the owner) takes effect at the
 *   server's `now`: the history gets it, the flag follows at once with a new change number
 *   (every tablet learns it at its next pull) and a field clock of `now`, so an older
 *   edit still on its way from an offline tablet does not undo a withdrawal.
 * - At send time the sender asks `consentInForce` (flag and history both granted): a
 *   withdrawal recorded either way stops the message.
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { type ConsentActor, type ConsentChange, type ConsentSource, consentTimeline } from '../../shared/mailings/consent.ts';
import { formatHlc } from '../../shared/sync/hlc.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import type { Sql } from '../db/db.ts';

interface ChangeRow {
  guest_id: string;
  granted: boolean;
  at: Date;
  source: ConsentSource;
  actor_kind: ConsentActor['kind'];
  actor_id: string;
}

const actorOf = (r: ChangeRow): ConsentActor => {
  switch (r.actor_kind) {
    case 'device':
      return { kind: 'device', deviceId: r.actor_id };
    case 'owner':
      return { kind: 'owner', ownerId: r.actor_id };
    case 'import':
      return { kind: 'import', importId: r.actor_id };
    case 'guest':
      return { kind: 'guest' };
  }
};

const actorId = (a: ConsentActor) => (a.kind === 'device' ? a.deviceId : a.kind === 'owner' ? a.ownerId : a.kind === 'import' ? a.importId : '');

/** Adds changes to the history; one already there (same guest, instant, value, source, actor) is not added again. */
export async function insertConsentChanges(tx: Sql, cafeId: CafeId, changes: readonly ConsentChange[], now: Date): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `INSERT INTO consent_changes (cafe_id, guest_id, granted, at, source, actor_kind, actor_id, recorded_at)
     SELECT $1, g, v, a, s, k, i, $8 FROM unnest($2::uuid[], $3::boolean[], $4::timestamptz[], $5::text[], $6::text[], $7::text[]) AS c (g, v, a, s, k, i)
     ON CONFLICT (cafe_id, guest_id, at, granted, source, actor_kind, actor_id) DO NOTHING`,
    [
      cafeId,
      changes.map((c) => c.guestId),
      changes.map((c) => c.granted),
      changes.map((c) => c.at.toISOString()),
      changes.map((c) => c.source),
      changes.map((c) => c.by.kind),
      changes.map((c) => actorId(c.by)),
      now.toISOString(),
    ],
  );
}

/** A consent the counter recorded (registration or edit), for the history; the flag is the applier's. */
export async function recordCounterConsent(
  tx: Sql,
  cafeId: CafeId,
  guestId: GuestId,
  consent: { granted: boolean; at: string },
  deviceId: string,
  now: Date,
): Promise<void> {
  const at = new Date(Math.min(Date.parse(consent.at), now.getTime()));
  await insertConsentChanges(tx, cafeId, [{ guestId, granted: consent.granted, at, source: 'counter', by: { kind: 'device', deviceId } }], now);
}

/**
 * Imported consent (the `consent` column of guests.csv), for the history. The import writes
 * the flag with the guest; an import run is the actor.
 */
export async function recordImportConsent(
  tx: Sql,
  cafeId: CafeId,
  rows: readonly { guestId: GuestId; granted: boolean; at: Date }[],
  importId: string,
  now: Date,
): Promise<void> {
  await insertConsentChanges(
    tx,
    cafeId,
    rows.map((r) => ({ guestId: r.guestId, granted: r.granted, at: r.at, source: 'import', by: { kind: 'import', importId } })),
    now,
  );
}

/**
 * A change made on the server (e-mail link, Telegram, owner): history and flag at `now`, in
 * the caller's transaction. Returns false when the guest is not the café's.
 */
export async function changeConsent(
  tx: Sql,
  cafeId: CafeId,
  guestId: GuestId,
  granted: boolean,
  source: Exclude<ConsentSource, 'counter' | 'import'>,
  by: ConsentActor,
  now: Date,
): Promise<boolean> {
  await lockCafe(tx, cafeId);
  const clock = formatHlc({ wall: now.getTime(), counter: 0, node: 'server' });
  const updated = await tx.query(
    `UPDATE guests SET consent = $3, consent_at = $4, field_clocks = jsonb_set(field_clocks, '{consent}', to_jsonb($5::text)),
            version = nextval('change_seq')
     WHERE cafe_id = $1 AND id = $2 RETURNING id`,
    [cafeId, guestId, granted, now.toISOString(), clock],
  );
  if (!updated.length) return false;
  await insertConsentChanges(tx, cafeId, [{ guestId, granted, at: now, source, by }], now);
  return true;
}

/** A guest's history, newest first. */
export async function consentHistory(sql: Sql, cafeId: CafeId, guestId: GuestId): Promise<ConsentChange[]> {
  const rows = await sql.query<ChangeRow>(
    'SELECT guest_id, granted, at, source, actor_kind, actor_id FROM consent_changes WHERE cafe_id = $1 AND guest_id = $2',
    [cafeId, guestId],
  );
  return consentTimeline(rows.map((r) => ({ guestId: r.guest_id as GuestId, granted: r.granted, at: r.at, source: r.source, by: actorOf(r) })));
}

/**
 * SQL for "marketing consent in force at $at" of guest `g`: the flag, and the newest change of
 * the history at or before that instant (a withdrawal wins a tie). A guest with no history
 * (before it existed, or written by an older import) goes by the flag alone.
 */
export function consentInForceSql(guest: string, cafeParam: string, atParam: string): string {
  return `(${guest}.consent AND COALESCE((SELECT cc.granted FROM consent_changes cc
            WHERE cc.cafe_id = ${cafeParam} AND cc.guest_id = ${guest}.id AND cc.at <= ${atParam}::timestamptz
            ORDER BY cc.at DESC, cc.granted ASC LIMIT 1), true))`;
}
