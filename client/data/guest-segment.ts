/**
 * A guest's segment on the tablet, computed when it is asked for and as of that moment,
 * never stored. A segment moves with the calendar alone (an active guest becomes leaving
 * on the 15th café day after their last purchase, with no purchase and no sync), so a
 * value written on an earlier day would be wrong today — and the counter's offers depend
 * on it. It is classified by the shared engine from the guest's stats row, on the date
 * `now` falls on in the café's zone, under the café's current rule set.
 */
import { localDateOf } from '../../shared/domain/calendar.ts';
import { classifyGuest } from '../../shared/segments/classify.ts';
import type { SegmentId } from '../../shared/segments/rules.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { CounterDb, GuestRow, StatsRow } from './db.ts';
import { CounterError } from './errors.ts';
import { toGuestStats } from './guest-view.ts';
import { readSettings, type CounterSettings } from './settings.ts';

/** The segment of a guest with these rows, as of `now` in the café's zone. */
export function segmentAsOf(
  guest: Pick<GuestRow, 'registeredAt'>,
  stats: StatsRow | undefined,
  settings: Pick<CounterSettings, 'timeZone' | 'rules'>,
  now: Date,
): SegmentId {
  return classifyGuest(toGuestStats(stats, guest.registeredAt), localDateOf(now, settings.timeZone), settings.timeZone, settings.rules);
}

/** Reads the guest, their stats and the café's settings together and classifies as of `now`. */
export async function guestSegment(db: CounterDb, guestId: GuestId, now: Date): Promise<SegmentId> {
  return db.transaction('r', [db.guests, db.stats, db.settings], async () => {
    const [guest, stats, settings] = await Promise.all([db.guests.get(guestId), db.stats.get(guestId), readSettings(db)]);
    if (!guest) throw new CounterError('guest-not-found');
    return segmentAsOf(guest, stats, settings, now);
  });
}
