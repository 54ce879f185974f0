/**
 * What the owner changes on a guest's profile: name and birthday, marketing consent withdrawn,
 * and the guest deleted on request. Each is one transaction under the café's lock (so the
 * guest's new change number commits in order and tablets pull the change on their next sync).
 *
 * An owner's edit is a profile write like a tablet's, ordered by the same hybrid clocks
 * (shared/sync/merge.ts): it is stamped after the field's last write and after the server's
 * clock, so it stands over every edit made before it, and a tablet's later edit still wins.
 *
 * Deleting a guest on request (152-FZ art. 21: personal data destroyed once the purpose ends or
 * the person withdraws consent to it). The model:
 * - the guest row stays as an anonymous tombstone: phone, name, birthday and marketing consent
 *   are erased, `erased_at` says when, and the consent history goes too. What is left — an id
 *   made on a tablet, registration time, purchases with their amounts and items, segment history
 *   — names no one, so it is kept: the café's revenue, a segment's counts and revenue, its trend
 *   and the purchase export (with an empty phone) do not change after the fact;
 * - in the owner's list and export the row shows as a deleted guest without phone or name, and
 *   its profile shows only the anonymous totals; nothing about it can be edited or exported;
 * - tablets drop the guest on their next pull (the guests source sends its id as `erased`), and
 *   keep their own purchases of it without a guest, so a shift's total stays right;
 * - with its phone erased, the number is free: the person may register again later and is then a
 *   new guest with no history. An edit of the old guest from a tablet that had not yet heard of
 *   the deletion is ignored (guest.appliers.ts); a purchase of it still counts, anonymously.
 * Other features that keep personal data of a guest erase it here too (the e-mail address, the
 * Telegram chat, the consent history, messages not yet sent).
 */
import type { LocalDate } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { tick } from '../../shared/sync/hlc.ts';
import type { FieldClocks } from '../../shared/sync/merge.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import type { Db, Sql } from '../db/db.ts';
import { changeConsent } from '../mailings/consent.repo.ts';

/** The outcome of an owner's write on a guest: done, no such guest in the café, or deleted already. */
export type OwnerEditResult = 'done' | 'unknown' | 'erased';

/** The hybrid-clock node of the owner's edits (a tablet's is its device id). */
const OWNER_NODE = 'owner';

async function lockedGuest(tx: Sql, cafeId: CafeId, guestId: GuestId): Promise<{ clocks: FieldClocks; consent: boolean } | 'unknown' | 'erased'> {
  await lockCafe(tx, cafeId);
  const [row] = await tx.query<{ field_clocks: FieldClocks; erased: boolean; consent: boolean }>(
    'SELECT field_clocks, erased_at IS NOT NULL AS erased, consent FROM guests WHERE id = $1 AND cafe_id = $2 FOR UPDATE',
    [guestId, cafeId],
  );
  if (!row) return 'unknown';
  if (row.erased) return 'erased';
  return { clocks: row.field_clocks, consent: row.consent };
}

/** A stamp after the field's last write and not before the server's clock. */
const stampAfter = (clock: string | undefined, now: Date) => tick(clock ?? null, now.getTime(), OWNER_NODE);

export interface ProfileEdit {
  name?: string | null | undefined;
  birthday?: LocalDate | null | undefined;
}

export async function editGuest(db: Db, cafeId: CafeId, guestId: GuestId, edit: ProfileEdit, now: Date): Promise<OwnerEditResult> {
  return db.transaction(async (tx) => {
    const guest = await lockedGuest(tx, cafeId, guestId);
    if (typeof guest === 'string') return guest;
    const clocks = { ...guest.clocks };
    const sets: string[] = [];
    const params: unknown[] = [guestId];
    for (const field of ['name', 'birthday'] as const) {
      if (edit[field] === undefined) continue;
      clocks[field] = stampAfter(clocks[field], now);
      params.push(edit[field]);
      sets.push(`${field} = $${params.length}`);
    }
    if (sets.length === 0) return 'done';
    params.push(JSON.stringify(clocks));
    await tx.query(`UPDATE guests SET ${sets.join(', ')}, field_clocks = $${params.length}, version = nextval('change_seq') WHERE id = $1`, params);
    return 'done';
  });
}

/** The owner withdraws the guest's marketing consent (the guest asked, by phone or in person): in force at once, everywhere. */
export async function withdrawConsent(db: Db, cafeId: CafeId, guestId: GuestId, ownerId: string, now: Date): Promise<OwnerEditResult> {
  return db.transaction(async (tx) => {
    const guest = await lockedGuest(tx, cafeId, guestId);
    if (typeof guest === 'string') return guest;
    await changeConsent(tx, cafeId, guestId, false, 'owner', { kind: 'owner', ownerId }, now);
    return 'done';
  });
}

/** Deletes the guest's personal data on request (see the model above); the rest stays anonymous. */
export async function eraseGuest(db: Db, cafeId: CafeId, guestId: GuestId, now: Date): Promise<OwnerEditResult> {
  return db.transaction(async (tx) => {
    const guest = await lockedGuest(tx, cafeId, guestId);
    if (typeof guest === 'string') return guest;
    await tx.query(
      `UPDATE guests SET phone = NULL, name = NULL, birthday = NULL, email = NULL, consent = false, consent_at = NULL, field_clocks = '{}'::jsonb,
              erased_at = $2, version = nextval('change_seq')
       WHERE id = $1`,
      [guestId, now.toISOString()],
    );
    // What else names the person: the consent history, the Telegram chat, messages not yet sent.
    await tx.query('DELETE FROM consent_changes WHERE cafe_id = $1 AND guest_id = $2', [cafeId, guestId]);
    await tx.query('DELETE FROM guest_contacts WHERE cafe_id = $1 AND guest_id = $2', [cafeId, guestId]);
    await tx.query(
      "UPDATE message_queue SET status = 'skipped', reason = 'guest-gone', vars = NULL, done_at = $3 WHERE cafe_id = $1 AND guest_id = $2 AND status = 'queued'",
      [cafeId, guestId, now.toISOString()],
    );
    return 'done';
  });
}
