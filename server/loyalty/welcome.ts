/**
 * One person, one welcome bonus: when a guest's ledger holds several (two registrations of one
 * phone merged), every welcome but the earliest is cancelled by a reversal whose id is derived
 * from it (shared/loyalty/merge.ts), so running this again posts nothing more.
 */
import type { TimeZone } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { mergeCancellations } from '../../shared/loyalty/merge.ts';
import type { Sql } from '../db/db.ts';
import { appendEntries, idFor, type NewEntry, readLedgers } from './ledger.repo.ts';

export async function keepOneWelcome(tx: Sql, cafeId: CafeId, guestIds: readonly GuestId[], now: Date, zone: TimeZone): Promise<void> {
  const cancellations: NewEntry[] = [];
  for (const [guestId, ledger] of await readLedgers(tx, cafeId, guestIds)) {
    for (const r of mergeCancellations(ledger, now, idFor)) cancellations.push({ ...r, guestId, reversesKind: 'welcome' });
  }
  await appendEntries(tx, cafeId, cancellations, now, zone);
}
