/**
 * The bonus programme's background work, run by the scheduler at start and every few minutes
 * (server/jobs/scheduler.ts); each part decides for itself whether there is work, so running
 * it again, or twice at once, changes nothing more:
 * - the tier window moves to the last 365 café days (guest_stats.tier_spend, purchases.repo.ts);
 * - points expire: every guest whose oldest lot may have reached its expiry day has their
 *   ledger replayed and the expiry entries of shared/loyalty/expiry.ts appended, in the same
 *   transaction under the café's lock (no spending slips in between), ids derived from the lot
 *   (`expiry:<lot id>:<n>`), so each expiry is posted once.
 */
import { addCalendarDays, localDateOf, startOfLocalDay } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { addCalendarMonths, expiryEntries } from '../../shared/loyalty/expiry.ts';
import { replay } from '../../shared/loyalty/ledger.ts';
import { TIER_WINDOW_DAYS } from '../../shared/loyalty/tiers.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import type { Db } from '../db/db.ts';
import { moveTierWindow } from '../purchases/purchases.repo.ts';
import { appendEntries, cafeZone, idFor, type NewEntry, readLedgers } from './ledger.repo.ts';
import { programOf } from './program.repo.ts';

const CHUNK = 1000;

export async function runLoyaltyJob(db: Db, cafeId: CafeId, now: Date): Promise<{ tierGuests: number; expiries: number }> {
  const tierGuests = await moveTierWindowToToday(db, cafeId, now);
  return { tierGuests, expiries: await expirePoints(db, cafeId, now) };
}

/** Moves the tier window to the 365 café days ending today; returns how many guests' tier spend changed. */
export async function moveTierWindowToToday(db: Db, cafeId: CafeId, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await lockCafe(tx, cafeId);
    const zone = await cafeZone(tx, cafeId);
    const from = startOfLocalDay(addCalendarDays(localDateOf(now, zone), 1 - TIER_WINDOW_DAYS), zone);
    return (await moveTierWindow(tx, cafeId, from)).length;
  });
}

/** Posts the expiry of every lot whose expiry day has come as of `now`; returns how many entries were posted. */
export async function expirePoints(db: Db, cafeId: CafeId, now: Date): Promise<number> {
  const candidates = await db.transaction(async (tx) => {
    const program = await programOf(tx, cafeId);
    if (program.expiryMonths === null) return [];
    const zone = await cafeZone(tx, cafeId);
    // A lot from day D expires on D + months, or the month's last day when D has no twin
    // (31 August + 6 → 28 February): up to three days after today − months may have expired too.
    const bound = startOfLocalDay(addCalendarDays(addCalendarMonths(localDateOf(now, zone), -program.expiryMonths), 4), zone);
    const rows = await tx.query<{ guest_id: string }>('SELECT guest_id FROM loyalty_balances WHERE cafe_id = $1 AND oldest_lot_at < $2', [
      cafeId,
      bound.toISOString(),
    ]);
    return rows.map((r) => r.guest_id as GuestId);
  });
  let posted = 0;
  for (let i = 0; i < candidates.length; i += CHUNK) {
    posted += await db.transaction(async (tx) => {
      await lockCafe(tx, cafeId);
      // Read again under the lock: the owner may have changed the programme meanwhile.
      const program = await programOf(tx, cafeId);
      if (program.expiryMonths === null) return 0;
      const zone = await cafeZone(tx, cafeId);
      const rule = { months: program.expiryMonths, zone };
      const entries: NewEntry[] = [];
      for (const [guestId, ledger] of await readLedgers(tx, cafeId, candidates.slice(i, i + CHUNK))) {
        for (const e of expiryEntries(replay(ledger), now, rule, idFor)) entries.push({ ...e, guestId });
      }
      return (await appendEntries(tx, cafeId, entries, now, zone)).inserted.length;
    });
  }
  return posted;
}
