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
  telegramChatId: string | null;
  email: string | null;
  /** Marketing messages in the cap's window ending today. */
  inWindow: number;
}

/** The temporary table (dropped at commit) that holds the audience of the transaction's mailing. */
export const AUDIENCE_TABLE = 'mail_audience';

/**
 * Writes the audience into AUDIENCE_TABLE and returns it. The table lets the queue be
 * inserted from the database's own copy (queueMailing) instead of sending every key back.
 * The planner cannot know how many guests a list of cells holds (it guesses a handful) and
 * would probe `guests` once per guest; with nested loops off it joins by hashing.
 */
export interface Audience {
  /** In the segments without marketing consent: only counted. */
  withoutConsent: number;
  consented: AudienceRow[];
}

export async function segmentAudience(tx: Sql, cafe: Cafe, now: Date, segments: readonly SegmentId[], cap: FrequencyCap): Promise<Audience> {
  const live = await liveStatsHold(tx, cafe, now);
  const windowStart = startOfLocalDay(addCalendarDays(localDateOf(now, cafe.timeZone), 1 - cap.days), cafe.timeZone);
  const q = cellSelect(cafe, now, live, (columns, stats, b, params, p) => {
    const cells = segments.flatMap((s) => cellsOfSegment(cafe.rules, b.cuts, b.metrics, s));
    const tuple = `(${b.metrics.map((_, i) => `c.b${i}`).join(', ')})`;
    const where = cells.length ? `${tuple} IN (VALUES ${cells.map((cell) => `(${cell.join(', ')})`).join(', ')})` : 'false';
    return `SELECT g.id AS guest_id, g.consent, k.telegram_chat_id, g.email, COALESCE(l.n, 0)::int AS in_window
            FROM (SELECT ${columns}, guest_id FROM (${stats}) s) c
            JOIN guests g ON g.id = c.guest_id
            LEFT JOIN guest_contacts k ON k.cafe_id = ${p.cafe} AND k.guest_id = c.guest_id
            LEFT JOIN (SELECT guest_id, count(*) AS n FROM contact_log
                       WHERE cafe_id = ${p.cafe} AND marketing AND at >= ${params.add(windowStart.toISOString())}::timestamptz GROUP BY guest_id) l
              ON l.guest_id = c.guest_id
            WHERE ${where}`;
  });
  await tx.exec('SET LOCAL enable_nestloop = off');
  await tx.exec(`DROP TABLE IF EXISTS ${AUDIENCE_TABLE}`);
  await tx.query(`CREATE TEMP TABLE ${AUDIENCE_TABLE} ON COMMIT DROP AS ${q.sql}`, q.params);
  // Only the guests with consent come back one by one; the rest are only counted.
  const [count] = await tx.query<{ without: number }>(`SELECT count(*)::int AS without FROM ${AUDIENCE_TABLE} WHERE NOT consent`);
  const rows = await tx.query<{ guest_id: string; telegram_chat_id: string | null; email: string | null; in_window: number }>(
    `SELECT guest_id, telegram_chat_id, email, in_window FROM ${AUDIENCE_TABLE} WHERE consent`,
  );
  return {
    withoutConsent: count!.without,
    consented: rows.map((r) => ({ guestId: r.guest_id as GuestId, telegramChatId: r.telegram_chat_id, email: r.email, inWindow: r.in_window })),
  };
}
