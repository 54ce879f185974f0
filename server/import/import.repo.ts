/**
 * The import's own statements: what a dry run reads (it writes nothing, so it neither
 * creates the café nor takes its lock), and the profile fields an imported guest brings.
 */
import type { TimeZone } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Sql } from '../db/db.ts';

/** The café, if one exists yet (ensureCafe would create it). */
export async function findCafe(sql: Sql): Promise<{ id: CafeId; timeZone: TimeZone } | null> {
  const rows = await sql.query<{ id: string; time_zone: string }>('SELECT id, time_zone FROM cafes ORDER BY created_at LIMIT 1');
  return rows[0] ? { id: rows[0].id as CafeId, timeZone: rows[0].time_zone as TimeZone } : null;
}

export async function storedPurchaseIds(sql: Sql, cafeId: CafeId, ids: readonly PurchaseId[]): Promise<Set<PurchaseId>> {
  if (ids.length === 0) return new Set();
  const rows = await sql.query<{ id: string }>('SELECT id FROM purchases WHERE cafe_id = $1 AND id = ANY($2::uuid[])', [cafeId, ids]);
  return new Set(rows.map((r) => r.id as PurchaseId));
}

export interface ImportedProfile {
  guestId: GuestId;
  birthday: string | null;
  email: string | null;
  consent: boolean;
  consentAt: Date | null;
}

/**
 * Sets the optional fields on guests this import has just created (in the same
 * transaction, so no reader sees them without). Field clocks stay empty: any later edit at
 * the counter wins over the file.
 */
export async function storeImportedProfiles(tx: Sql, profiles: readonly ImportedProfile[]): Promise<void> {
  const set = profiles.filter((p) => p.birthday !== null || p.email !== null || p.consent);
  if (set.length === 0) return;
  await tx.query(
    `UPDATE guests g SET birthday = p.birthday, email = p.email, consent = p.consent, consent_at = p.consent_at
     FROM unnest($1::uuid[], $2::date[], $3::text[], $4::boolean[], $5::timestamptz[]) AS p (id, birthday, email, consent, consent_at)
     WHERE g.id = p.id`,
    [
      set.map((p) => p.guestId),
      set.map((p) => p.birthday),
      set.map((p) => p.email),
      set.map((p) => p.consent),
      set.map((p) => p.consentAt?.toISOString() ?? null),
    ],
  );
}
