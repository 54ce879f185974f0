/**
 * The durable send queue. Guarantees:
 * - A row is created in the transaction that decided to send (a mailing queued, a scenario's
 *   event observed), under its message key (shared/mailings/keys.ts), unique per café: the
 *   same decision made twice queues one message, and a crash before commit queues none.
 * - A row moves queued → sending (leased) → sent | failed | skipped, or back to queued with
 *   a later due time (quiet hours, a retry). A row is never deleted, so a crash at any point
 *   leaves every message findable: still queued, or "sending" with a lease that runs out.
 * - Leasing takes due rows with `FOR UPDATE SKIP LOCKED` inside a transaction that also holds
 *   a per-café advisory lock, so two senders (two server processes on one PostgreSQL) never
 *   take one row, and the cap is judged against a contact log nobody else is writing for
 *   that café at the same moment. On PGlite the same SQL runs: one process, one connection,
 *   transactions serialised by the Db wrapper (and PGlite itself runs every statement under
 *   one mutex), so the lock and SKIP LOCKED are trivially satisfied and a lease commits
 *   before the next one starts; and since no other process can open the data folder, every
 *   row still "sending" at start is an orphan (PostgreSQL waits for the lease to run out).
 * - Quiet hours, consent, the cap and the channel are decided at lease time (shared/mailings/
 *   README.md "Sending"): in quiet hours nothing is leased and every due row waits for their
 *   end in one statement, so a withdrawal or the cap is judged when it really goes; then
 *   consent, the cap and the channel per row. A leased message is written to the one contact
 *   log of all channels in the same transaction, before it is handed to a provider, so the
 *   cap counts it whatever happens next.
 * - A lease that runs out (the process died mid-send) is recovered (`recoverOrphans`): a
 *   channel that recognises keys gets the message again, or says it already has it; a
 *   channel that cannot is not sent it again and the row is failed as 'interrupted'. No key
 *   is ever delivered twice by the product.
 */
import type { TimeZone } from '../../shared/domain/calendar.ts';
import { addCalendarDays, localDateOf, startOfLocalDay } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { checkCap, type FrequencyCap } from '../../shared/mailings/cap.ts';
import { type ChannelId, chooseChannel, isReachable } from '../../shared/mailings/channels.ts';
import { isQuietAt, nextSendableAt, type QuietHours } from '../../shared/mailings/quiet-hours.ts';
import type { Reward } from '../../shared/mailings/scenarios.ts';
import type { Db, Sql } from '../db/db.ts';
import { consentInForceSql } from './consent.repo.ts';

export type QueueStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped' | 'held-out';
export type SkipReason = 'no-consent' | 'over-cap' | 'unreachable' | 'guest-gone';

export interface NewQueueRow {
  key: string;
  guestId: GuestId;
  mailingId?: string | null;
  scenarioId?: string | null;
  occurrence?: string | null;
  channel?: ChannelId | null;
  status: 'queued' | 'held-out' | 'skipped';
  reason?: SkipReason | null;
  dueAt: Date;
  reward?: Reward | null;
  vars?: Record<string, unknown> | null;
}

/** Inserts rows; a key already queued is left as it is. Returns the keys inserted. */
export async function insertQueueRows(tx: Sql, cafeId: CafeId, rows: readonly NewQueueRow[], now: Date): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 50_000) {
    const chunk = rows.slice(i, i + 50_000);
    const result = await tx.query<{ n: number }>(
      `WITH ins AS (
         INSERT INTO message_queue (cafe_id, key, guest_id, mailing_id, scenario_id, occurrence, channel, status, reason, due_at, reward, vars, created_at, done_at)
         SELECT $1, k, g, m, s, o, c, st, r, d, rw, v, $13, CASE WHEN st = 'queued' THEN NULL ELSE $13::timestamptz END
         FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::jsonb[], $12::jsonb[])
           AS r (k, g, m, s, o, c, st, r, d, rw, v)
         ON CONFLICT (cafe_id, key) DO NOTHING RETURNING 1
       ) SELECT count(*)::int AS n FROM ins`,
      [
        cafeId,
        chunk.map((r) => r.key),
        chunk.map((r) => r.guestId),
        chunk.map((r) => r.mailingId ?? null),
        chunk.map((r) => r.scenarioId ?? null),
        chunk.map((r) => r.occurrence ?? null),
        chunk.map((r) => r.channel ?? null),
        chunk.map((r) => r.status),
        chunk.map((r) => r.reason ?? null),
        chunk.map((r) => r.dueAt.toISOString()),
        chunk.map((r) => (r.reward ? JSON.stringify(r.reward) : null)),
        chunk.map((r) => (r.vars ? JSON.stringify(r.vars) : null)),
        now.toISOString(),
      ],
    );
    inserted += result[0]!.n;
  }
  return inserted;
}

/** What the sender needs to render and hand over one leased message. */
export interface LeasedMessage {
  key: string;
  guestId: GuestId;
  mailingId: string | null;
  scenarioId: string | null;
  channel: ChannelId;
  attempts: number;
  phone: string;
  name: string | null;
  telegramChatId: string | null;
  email: string | null;
  reward: Reward | null;
  vars: Record<string, unknown> | null;
}

export interface LeaseRules {
  zone: TimeZone;
  cap: FrequencyCap;
  quiet: QuietHours;
  channelOrder: readonly ChannelId[];
  /** Channels that can send now; a row insisting on another one waits as unreachable. */
  configured: readonly ChannelId[];
}

export interface LeaseResult {
  leased: LeasedMessage[];
  skipped: number;
  postponed: number;
}

export const LEASE_MS = 5 * 60_000;

interface CandidateRow {
  key: string;
  guest_id: string;
  mailing_id: string | null;
  scenario_id: string | null;
  channel: ChannelId | null;
  attempts: number;
  reward: Reward | null;
  vars: Record<string, unknown> | null;
  phone: string | null;
  name: string | null;
  consent: boolean | null;
  telegram_chat_id: string | null;
  email: string | null;
}

/** Leases up to `limit` due messages, deciding consent, quiet hours, cap and channel for each (see the file's header). */
export async function leaseDue(db: Db, cafeId: CafeId, now: Date, limit: number, rules: LeaseRules): Promise<LeaseResult> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('mailings:' || $1::text))", [cafeId]);
    if (isQuietAt(now, rules.quiet, rules.zone)) {
      // Nothing goes in quiet hours: every due message waits for their end, in one statement.
      // Consent and the cap are judged when they end, at the moment of sending.
      const waiting = await tx.query<{ n: number }>(
        `WITH w AS (UPDATE message_queue SET due_at = $3 WHERE cafe_id = $1 AND status = 'queued' AND due_at <= $2::timestamptz RETURNING 1)
         SELECT count(*)::int AS n FROM w`,
        [cafeId, now.toISOString(), nextSendableAt(now, rules.quiet, rules.zone).toISOString()],
      );
      return { leased: [], skipped: 0, postponed: waiting[0]!.n };
    }
    const rows = await tx.query<CandidateRow>(
      `WITH due AS (
         SELECT key, guest_id, mailing_id, scenario_id, channel, attempts, reward, vars FROM message_queue
         WHERE cafe_id = $1 AND status = 'queued' AND due_at <= $2::timestamptz
         ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED
       )
       SELECT d.*, g.phone, g.name, ${consentInForceSql('g', '$1', '$2')} AS consent, c.telegram_chat_id, g.email
       FROM due d LEFT JOIN guests g ON g.id = d.guest_id AND g.cafe_id = $1
       LEFT JOIN guest_contacts c ON c.cafe_id = $1 AND c.guest_id = d.guest_id`,
      [cafeId, now.toISOString(), limit],
    );
    if (rows.length === 0) return { leased: [], skipped: 0, postponed: 0 };
    const result: LeaseResult = { leased: [], skipped: 0, postponed: 0 };
    const skips: { key: string; reason: SkipReason }[] = [];
    // The cap's window: the café days up to today, and every message in it but these rows' own.
    const windowStart = startOfLocalDay(addCalendarDays(localDateOf(now, rules.zone), 1 - rules.cap.days), rules.zone);
    const log = new Map<string, { at: Date; marketing: boolean }[]>();
    const guestIds = [...new Set(rows.map((r) => r.guest_id))];
    for (const e of await tx.query<{ guest_id: string; at: Date; marketing: boolean }>(
      `SELECT guest_id, at, marketing FROM contact_log
       WHERE cafe_id = $1 AND guest_id = ANY($2::uuid[]) AND at >= $3::timestamptz AND NOT (key = ANY($4::text[]))`,
      [cafeId, guestIds, windowStart.toISOString(), rows.map((r) => r.key)],
    )) {
      const list = log.get(e.guest_id) ?? [];
      list.push({ at: e.at, marketing: e.marketing });
      log.set(e.guest_id, list);
    }
    for (const r of rows) {
      if (r.phone === null) {
        skips.push({ key: r.key, reason: 'guest-gone' });
        continue;
      }
      if (!r.consent) {
        skips.push({ key: r.key, reason: 'no-consent' });
        continue;
      }
      const entries = log.get(r.guest_id) ?? [];
      if (!checkCap(entries, now, rules.zone, rules.cap).allowed) {
        skips.push({ key: r.key, reason: 'over-cap' });
        continue;
      }
      const contacts = { phone: r.phone, telegramChatId: r.telegram_chat_id, email: r.email };
      const usable = rules.channelOrder.filter((c) => c === 'log' || rules.configured.includes(c));
      const channel = r.channel
        ? rules.configured.includes(r.channel) && isReachable(r.channel, contacts)
          ? r.channel
          : null
        : chooseChannel(usable, contacts);
      if (channel === null) {
        skips.push({ key: r.key, reason: 'unreachable' });
        continue;
      }
      // Counted at once: a second message to this guest in the same batch meets the cap too.
      entries.push({ at: now, marketing: true });
      log.set(r.guest_id, entries);
      result.leased.push({
        key: r.key,
        guestId: r.guest_id as GuestId,
        mailingId: r.mailing_id,
        scenarioId: r.scenario_id,
        channel,
        attempts: r.attempts + 1,
        phone: r.phone,
        name: r.name,
        telegramChatId: r.telegram_chat_id,
        email: r.email,
        reward: r.reward,
        vars: r.vars,
      });
    }
    if (skips.length) {
      await tx.query(
        `UPDATE message_queue q SET status = 'skipped', reason = s.reason, done_at = $2 FROM unnest($3::text[], $4::text[]) AS s (key, reason)
         WHERE q.cafe_id = $1 AND q.key = s.key`,
        [cafeId, now.toISOString(), skips.map((s) => s.key), skips.map((s) => s.reason)],
      );
      result.skipped = skips.length;
    }
    if (result.leased.length) {
      const leased = result.leased;
      // Channels are few: one statement per channel marks its rows, keyed through the primary key.
      const byChannel = new Map<ChannelId, LeasedMessage[]>();
      for (const m of leased) {
        const list = byChannel.get(m.channel) ?? [];
        list.push(m);
        byChannel.set(m.channel, list);
      }
      const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
      for (const [channel, list] of byChannel) {
        await tx.query(
          `UPDATE message_queue SET status = 'sending', attempts = attempts + 1, lease_until = $3, sent_channel = $4
           WHERE cafe_id = $1 AND key = ANY($2::text[])`,
          [cafeId, list.map((m) => m.key), leaseUntil, channel],
        );
      }
      // The contact log gets a message once, at its first hand-over; a retry is the same message.
      const first = leased.filter((m) => m.attempts === 1);
      await tx.query(
        `INSERT INTO contact_log (cafe_id, key, guest_id, at, channel)
         SELECT $1, key, guest_id, $2, channel FROM unnest($3::text[], $4::uuid[], $5::text[]) AS l (key, guest_id, channel)`,
        [cafeId, now.toISOString(), first.map((m) => m.key), first.map((m) => m.guestId), first.map((m) => m.channel)],
      );
    }
    return result;
  });
}

export const MAX_ATTEMPTS = 6;

/** The wait before attempt n+1 after n failed ones: 30 s, 1, 2, 4, 8 min…, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export type Finished =
  | { key: string; outcome: 'sent' }
  | { key: string; outcome: 'failed'; error: string; reason?: 'provider' | 'interrupted' }
  | { key: string; outcome: 'retry'; error: string; dueAt: Date };

/** A message that became sent now with a point reward to credit. */
export interface SentWithReward {
  key: string;
  guestId: GuestId;
  points: number;
}

/**
 * Records what became of leased messages, in one statement, and returns those that became
 * sent now carrying a point reward (a row already finished is not returned again).
 */
export async function finishLeased(db: Sql, cafeId: CafeId, done: readonly Finished[], now: Date): Promise<SentWithReward[]> {
  if (done.length === 0) return [];
  const rows = await db.query<{ key: string; guest_id: string; reward: Reward | null }>(
    `UPDATE message_queue q
     SET status = CASE f.outcome WHEN 'sent' THEN 'sent' WHEN 'failed' THEN 'failed' ELSE 'queued' END,
         reason = CASE f.outcome WHEN 'failed' THEN f.reason ELSE NULL END,
         last_error = COALESCE(f.error, q.last_error),
         due_at = COALESCE(f.due_at, q.due_at),
         lease_until = NULL,
         done_at = CASE f.outcome WHEN 'retry' THEN NULL ELSE $2::timestamptz END
     FROM unnest($3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[]) AS f (key, outcome, error, due_at, reason)
     WHERE q.cafe_id = $1 AND q.key = f.key AND q.status = 'sending'
     RETURNING q.key, q.guest_id, CASE WHEN f.outcome = 'sent' THEN q.reward END AS reward`,
    [
      cafeId,
      now.toISOString(),
      done.map((d) => d.key),
      done.map((d) => d.outcome),
      done.map((d) => (d.outcome === 'sent' ? null : d.error)),
      done.map((d) => (d.outcome === 'retry' ? d.dueAt.toISOString() : null)),
      done.map((d) => (d.outcome === 'failed' ? (d.reason ?? 'provider') : null)),
    ],
  );
  return rows.flatMap((r) => (r.reward?.kind === 'points' ? [{ key: r.key, guestId: r.guest_id as GuestId, points: r.reward.points }] : []));
}

/** Finishes leased messages and credits, in the same transaction, the rewards of those sent. */
export type FinishLeased = (done: readonly Finished[], now: Date) => Promise<void>;

/**
 * Rows left "sending" by a process that died: those whose lease ran out, or (`all`) every
 * one — right for PGlite, where only this process can have leased them. `delivered` is asked
 * per channel; see the file's header for what becomes of each.
 */
export async function recoverOrphans(
  db: Db,
  cafeId: CafeId,
  now: Date,
  all: boolean,
  channel: (id: ChannelId) => Promise<{ idempotent: boolean; delivered?: (keys: readonly string[]) => Promise<Set<string>> } | null>,
  finish: FinishLeased = async (done, at) => void (await finishLeased(db, cafeId, done, at)),
): Promise<{ resent: number; found: number; interrupted: number }> {
  const rows = await db.query<{ key: string; sent_channel: ChannelId }>(
    `SELECT key, sent_channel FROM message_queue WHERE cafe_id = $1 AND status = 'sending' ${all ? '' : 'AND lease_until < $2::timestamptz'}`,
    all ? [cafeId] : [cafeId, now.toISOString()],
  );
  const result = { resent: 0, found: 0, interrupted: 0 };
  const byChannel = new Map<ChannelId, string[]>();
  for (const r of rows) {
    const keys = byChannel.get(r.sent_channel) ?? [];
    keys.push(r.key);
    byChannel.set(r.sent_channel, keys);
  }
  const done: Finished[] = [];
  for (const [id, keys] of byChannel) {
    const ch = await channel(id);
    if (ch && !ch.idempotent) {
      for (const key of keys) {
        done.push({ key, outcome: 'failed', reason: 'interrupted', error: 'the server stopped while sending; not sent again, so it cannot arrive twice' });
      }
      result.interrupted += keys.length;
      continue;
    }
    const found = ch?.delivered ? await ch.delivered(keys) : new Set<string>();
    for (const key of keys) {
      if (found.has(key)) done.push({ key, outcome: 'sent' });
      else done.push({ key, outcome: 'retry', error: 'interrupted: sent again under the same key', dueAt: now });
    }
    result.found += found.size;
    result.resent += keys.length - found.size;
  }
  await finish(done, now);
  return result;
}
