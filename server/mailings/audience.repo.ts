/**
 * A mailing's audience as of now: the guests of the chosen segments, found by the same cell
 * machinery as the segment lists (segments.repo.ts `cellSelect`, shared `cellsOfSegment`),
 * so "guests in the segments" here is exactly the sum of the segments' counts on the
 * owner's screens. With each guest: the marketing consent flag, how to reach them, and how
 * many marketing messages the cap's window already holds for them.
 */
import { addCalendarDays, localDateOf, startOfLocalDay } from '../../shared/domain/calendar.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { FrequencyCap } from '../../shared/mailings/cap.ts';
import { cellsOfSegment } from '../../shared/segments/cells.ts';
import type { SegmentId } from '../../shared/segments/rules.ts';
import type { Cafe } from '../cafe/cafes.repo.ts';
import type { Sql } from '../db/db.ts';
import { cellSelect, liveStatsHold } from '../segments/segments.repo.ts';

export interface AudienceRow {
  guestId: GuestId;
  phone: string;
  name: string | null;
  consent: boolean;
  telegramChatId: string | null;
  email: string | null;
  /** Marketing messages in the cap's window ending today. */
  inWindow: number;
}

export async function segmentAudience(tx: Sql, cafe: Cafe, now: Date, segments: readonly SegmentId[], cap: FrequencyCap): Promise<AudienceRow[]> {
  const live = await liveStatsHold(tx, cafe, now);
  const windowStart = startOfLocalDay(addCalendarDays(localDateOf(now, cafe.timeZone), 1 - cap.days), cafe.timeZone);
  const q = cellSelect(cafe, now, live, (columns, stats, b, params, p) => {
    const cells = segments.flatMap((s) => cellsOfSegment(cafe.rules, b.cuts, b.metrics, s));
    const tuple = `(${b.metrics.map((_, i) => `c.b${i}`).join(', ')})`;
    const where = cells.length ? `${tuple} IN (VALUES ${cells.map((cell) => `(${cell.join(', ')})`).join(', ')})` : 'false';
    return `SELECT g.id, g.phone, g.name, g.consent, k.telegram_chat_id, k.email, COALESCE(l.n, 0)::int AS in_window
            FROM (SELECT ${columns}, guest_id FROM (${stats}) s) c
            JOIN guests g ON g.id = c.guest_id
            LEFT JOIN guest_contacts k ON k.cafe_id = ${p.cafe} AND k.guest_id = c.guest_id
            LEFT JOIN (SELECT guest_id, count(*) AS n FROM contact_log
                       WHERE cafe_id = ${p.cafe} AND marketing AND at >= ${params.add(windowStart.toISOString())}::timestamptz GROUP BY guest_id) l
              ON l.guest_id = c.guest_id
            WHERE ${where}`;
  });
  const rows = await tx.query<{
    id: string;
    phone: string;
    name: string | null;
    consent: boolean;
    telegram_chat_id: string | null;
    email: string | null;
    in_window: number;
  }>(q.sql, q.params);
  return rows.map((r) => ({
    guestId: r.id as GuestId,
    phone: r.phone,
    name: r.name,
    consent: r.consent,
    telegramChatId: r.telegram_chat_id,
    email: r.email,
    inWindow: r.in_window,
  }));
}
