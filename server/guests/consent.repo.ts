/**
 * The history of a guest's marketing consent: every answer as it arrived — at registration, an
 * edit at the counter, a withdrawal by the owner — appended here in the same transaction that
 * writes it to the guest. The guests row holds the answer that stands (the latest by hybrid
 * clock, shared/sync/merge.ts); this keeps what was said, when, where and through which tablet,
 * so the owner can show it. A merge moves the history with the guest; a guest deleted on
 * request loses it with the rest of their personal data (erase.repo.ts).
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { Sql } from '../db/db.ts';

export type ConsentSource = 'counter' | 'owner';

export interface ConsentEvent {
  guestId: GuestId;
  granted: boolean;
  /** When the guest said it (the tablet's clock for the counter). */
  at: Date;
  source: ConsentSource;
  deviceId?: string | null;
}

export async function recordConsentEvents(tx: Sql, cafeId: CafeId, events: readonly ConsentEvent[], now: Date): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO consent_events (cafe_id, guest_id, granted, at, source, device_id, recorded_at)
     SELECT $1, e.guest_id, e.granted, e.at, e.source, e.device_id, $7
     FROM unnest($2::uuid[], $3::boolean[], $4::timestamptz[], $5::text[], $6::uuid[]) AS e (guest_id, granted, at, source, device_id)`,
    [
      cafeId,
      events.map((e) => e.guestId),
      events.map((e) => e.granted),
      events.map((e) => e.at.toISOString()),
      events.map((e) => e.source),
      events.map((e) => e.deviceId ?? null),
      now.toISOString(),
    ],
  );
}

export interface StoredConsentEvent {
  granted: boolean;
  at: Date;
  source: ConsentSource;
  device: string | null;
  recordedAt: Date;
}

/** A guest's consent history, newest first, with the name of the tablet each came through. */
export async function consentHistory(tx: Sql, cafeId: CafeId, guestId: GuestId): Promise<StoredConsentEvent[]> {
  const rows = await tx.query<{ granted: boolean; at: Date; source: ConsentSource; device: string | null; recorded_at: Date }>(
    `SELECT e.granted, e.at, e.source, d.name AS device, e.recorded_at
     FROM consent_events e LEFT JOIN devices d ON d.id = e.device_id
     WHERE e.cafe_id = $1 AND e.guest_id = $2 ORDER BY e.at DESC, e.seq DESC`,
    [cafeId, guestId],
  );
  return rows.map((r) => ({ granted: r.granted, at: r.at, source: r.source, device: r.device, recordedAt: r.recorded_at }));
}
