/** The owner's list of mailings, newest first, each with what became of its messages so far. */
import type { MailingSummary } from '../../shared/api/mailings.ts';
import type { ChannelId } from '../../shared/mailings/channels.ts';
import type { Sql } from '../db/db.ts';
import { countsFrom } from './report.repo.ts';

interface MailingRow {
  id: string;
  text: string;
  segments: string[];
  channel: ChannelId | null;
  holdout_percent: string | number;
  send_at: Date;
  created_at: Date;
  plan: MailingSummary['plan'];
}

const summary = (r: MailingRow, status: MailingSummary['status']): MailingSummary => ({
  id: r.id,
  text: r.text,
  segments: r.segments,
  channel: r.channel,
  holdoutPercent: Number(r.holdout_percent),
  sendAt: r.send_at.toISOString(),
  createdAt: r.created_at.toISOString(),
  plan: r.plan,
  status,
});

export async function listMailings(sql: Sql, cafeId: string, limit = 100): Promise<MailingSummary[]> {
  const rows = await sql.query<MailingRow>(
    'SELECT id, text, segments, channel, holdout_percent, send_at, created_at, plan FROM mailings WHERE cafe_id = $1 ORDER BY created_at DESC LIMIT $2',
    [cafeId, limit],
  );
  if (rows.length === 0) return [];
  const counts = await sql.query<{ mailing_id: string; status: string; reason: string | null; n: number }>(
    `SELECT m.id AS mailing_id, q.status, q.reason, count(*)::int AS n
     FROM unnest($2::text[]) AS m (id)
     CROSS JOIN LATERAL (SELECT status, reason FROM message_queue WHERE cafe_id = $1 AND key >= 'mailing:' || m.id || ':' AND key < 'mailing:' || m.id || ';') q
     GROUP BY 1, 2, 3`,
    [cafeId, rows.map((r) => r.id)],
  );
  return rows.map((r) => summary(r, countsFrom(counts.filter((c) => c.mailing_id === r.id))));
}

export async function mailingById(sql: Sql, cafeId: string, id: string): Promise<MailingSummary | null> {
  const rows = await sql.query<MailingRow>(
    'SELECT id, text, segments, channel, holdout_percent, send_at, created_at, plan FROM mailings WHERE cafe_id = $1 AND id = $2',
    [cafeId, id],
  );
  if (!rows[0]) return null;
  const counts = await sql.query<{ status: string; reason: string | null; n: number }>(
    "SELECT status, reason, count(*)::int AS n FROM message_queue WHERE cafe_id = $1 AND key >= 'mailing:' || $2 || ':' AND key < 'mailing:' || $2 || ';' GROUP BY status, reason",
    [cafeId, id],
  );
  return summary(rows[0], countsFrom(counts));
}
