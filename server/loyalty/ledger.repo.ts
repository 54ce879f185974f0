/**
 * The bonus ledger on the server. What it guarantees:
 * - entries are only appended, each id once per café: appending an entry already stored does
 *   nothing, so a retried push, a job run twice or two tablets voiding one purchase store it
 *   once; and an entry is reversed at most once (a unique index, not only a check);
 * - each guest's balance row (loyalty_balances) is rewritten in the same transaction as their
 *   entries, with what shared/loyalty/ledger.ts `replay` makes of the ledger in its order
 *   (`seq`) — or, for plain credits, the same figures found without reading the ledger back;
 * - the per-hour totals the programme report sums move in the statement that appends;
 * - every debit that goes beyond the balance is recorded as an overdraft, with the guest, the
 *   tablets whose spending met and the points: a balance is never negative without one.
 * Writers hold the café's lock (balance rows carry change numbers tablets pull by).
 */
import { hash } from 'node:crypto';
import { localDateOf, type TimeZone } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import { entryIdsWith } from '../../shared/loyalty/entry-ids.ts';
import { type EntryKind, entryProblem, type LedgerEntry, type LedgerState, replay } from '../../shared/loyalty/ledger.ts';
import { reversedIds } from '../../shared/loyalty/reversal.ts';
import type { Sql } from '../db/db.ts';

/**
 * The balance rows of plain credits, in the statement that appends them: what `credit` below
 * does, in SQL, for every guest who is not overdrawn (a guest who is keeps their row as it was
 * for appendEntries to replay). Lots are compared by café day ($14 is the zone): the oldest lot
 * is the earliest credit, and its points are every point earned on its day.
 */
const PLAIN_CREDITS_SQL = `, x AS (
       SELECT e.guest_id, e.points, e.at, min(e.at) OVER (PARTITION BY e.guest_id) AS first_at FROM ins JOIN e ON e.id = ins.id
     ), g AS (
       SELECT guest_id, sum(points)::bigint AS points, min(first_at) AS first_at,
              sum(points) FILTER (WHERE (at AT TIME ZONE $14)::date = (first_at AT TIME ZONE $14)::date)::bigint AS first_points
       FROM x GROUP BY guest_id
     ), up AS (
       INSERT INTO loyalty_balances AS b (cafe_id, guest_id, balance, overdraft, oldest_lot_at, oldest_lot_points)
       SELECT $1, guest_id, points, 0, first_at, first_points FROM g
       ON CONFLICT (cafe_id, guest_id) DO UPDATE SET
         balance = b.balance + excluded.balance,
         oldest_lot_at = CASE
           WHEN b.oldest_lot_at IS NULL OR (excluded.oldest_lot_at AT TIME ZONE $14)::date < (b.oldest_lot_at AT TIME ZONE $14)::date THEN excluded.oldest_lot_at
           WHEN (excluded.oldest_lot_at AT TIME ZONE $14)::date = (b.oldest_lot_at AT TIME ZONE $14)::date THEN LEAST(b.oldest_lot_at, excluded.oldest_lot_at)
           ELSE b.oldest_lot_at END,
         oldest_lot_points = CASE
           WHEN b.oldest_lot_at IS NULL OR (excluded.oldest_lot_at AT TIME ZONE $14)::date < (b.oldest_lot_at AT TIME ZONE $14)::date THEN excluded.oldest_lot_points
           WHEN (excluded.oldest_lot_at AT TIME ZONE $14)::date = (b.oldest_lot_at AT TIME ZONE $14)::date THEN b.oldest_lot_points + excluded.oldest_lot_points
           ELSE b.oldest_lot_points END,
         version = nextval('change_seq')
       WHERE b.overdraft = 0
       RETURNING b.guest_id
     )`;

export async function cafeZone(tx: Sql, cafeId: CafeId): Promise<TimeZone> {
  return (await tx.query<{ time_zone: TimeZone }>('SELECT time_zone FROM cafes WHERE id = $1', [cafeId]))[0]!.time_zone;
}

/** Derived entry ids (shared/loyalty/entry-ids.ts) with Node's SHA-1. */
export const idFor = entryIdsWith((text) => hash('sha1', text, 'hex'));

export interface NewEntry extends LedgerEntry {
  guestId: GuestId;
  /** The tablet that made it; none for the server's own entries. */
  deviceId?: string | null;
  /** The tablet's figure where the server stores its own (an accrual, a reward's price). */
  devicePoints?: number | null;
  /** A reversal's original kind: the totals count it there (a voided accrual was never issued). */
  reversesKind?: EntryKind;
}

export interface StoredEntry extends LedgerEntry {
  guestId: GuestId;
  deviceId: string | null;
  devicePoints: number | null;
  seq: number;
  receivedAt: Date;
}

export interface OverdraftRecord {
  entryId: string;
  guestId: GuestId;
  points: number;
  /** The overdrawing entry's tablet first, then those of the spending it met. */
  deviceIds: string[];
}

export interface BalanceRow {
  guestId: GuestId;
  balance: number;
  overdraft: number;
  oldestLotAt: Date | null;
  oldestLotPoints: number | null;
}

interface EntryRow {
  id: string;
  guest_id: string;
  seq: number;
  kind: EntryKind;
  points: number;
  at: Date;
  purchase_id: string | null;
  reverses: string | null;
  reason: string | null;
  device_id: string | null;
  device_points: number | null;
  received_at: Date;
}

const toStored = (r: EntryRow): StoredEntry => ({
  id: r.id,
  guestId: r.guest_id as GuestId,
  seq: Number(r.seq),
  kind: r.kind,
  points: r.points,
  at: r.at,
  purchaseId: r.purchase_id as PurchaseId | null,
  reverses: r.reverses,
  reason: r.reason,
  deviceId: r.device_id,
  devicePoints: r.device_points,
  receivedAt: r.received_at,
});

/** Each guest's ledger, in ledger order. */
export async function readLedgers(tx: Sql, cafeId: CafeId, guestIds: readonly GuestId[]): Promise<Map<GuestId, StoredEntry[]>> {
  const out = new Map<GuestId, StoredEntry[]>(guestIds.map((g) => [g, []]));
  if (guestIds.length === 0) return out;
  const rows = await tx.query<EntryRow>(
    `SELECT id, guest_id, seq, kind, points, at, purchase_id, reverses, reason, device_id, device_points, received_at
     FROM loyalty_entries WHERE cafe_id = $1 AND guest_id = ANY($2::uuid[]) ORDER BY guest_id, seq`,
    [cafeId, [...new Set(guestIds)]],
  );
  for (const r of rows) out.get(r.guest_id as GuestId)?.push(toStored(r));
  return out;
}

export interface AppendResult {
  /** The entries stored now (those already stored are left out). */
  inserted: NewEntry[];
  overdrafts: OverdraftRecord[];
}

/**
 * Appends the entries not stored yet, in the given order, and brings their guests' balance
 * rows, the totals and the overdrafts up to date. `now` is the server's receipt time.
 */
export async function appendEntries(tx: Sql, cafeId: CafeId, entries: readonly NewEntry[], now: Date, zone: TimeZone): Promise<AppendResult> {
  const unique = [...new Map(entries.map((e) => [e.id, e])).values()];
  for (const e of unique) {
    const problem = entryProblem(e);
    if (problem) throw new Error(`ledger entry ${e.id} (${e.kind}, ${e.points}) refused: ${problem}`);
  }
  if (unique.length === 0) return { inserted: [], overdrafts: [] };
  // Only credits that are not reversals (accruals, welcomes, openings): each guest's balance row
  // moves in this same statement — unless the guest is overdrawn, whose row is left for below.
  const plain = unique.every((e) => e.points > 0 && e.kind !== 'reversal');
  const [result] = await tx.query<{ inserted: string[] | null; settled: string[] | null }>(
    `WITH e AS (
       SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[], $7::uuid[], $8::uuid[], $9::text[], $10::uuid[], $11::int[], $12::text[])
         WITH ORDINALITY AS e (id, guest_id, kind, points, at, purchase_id, reverses, reason, device_id, device_points, report_kind, ord)
     ), ins AS (
       INSERT INTO loyalty_entries (cafe_id, id, guest_id, kind, points, at, purchase_id, reverses, reason, device_id, device_points, received_at)
       SELECT $1, id, guest_id, kind, points, at, purchase_id, reverses, reason, device_id, device_points, $13 FROM e ORDER BY ord
       ON CONFLICT DO NOTHING
       RETURNING id
     ), totals AS (
       INSERT INTO loyalty_totals (cafe_id, hour, kind, points, entries)
       SELECT $1, date_trunc('hour', $13::timestamptz), e.report_kind, sum(e.points), count(*) FROM ins JOIN e ON e.id = ins.id GROUP BY e.report_kind
       ON CONFLICT (cafe_id, hour, kind) DO UPDATE SET points = loyalty_totals.points + excluded.points, entries = loyalty_totals.entries + excluded.entries
     )${plain ? PLAIN_CREDITS_SQL : ', up AS (SELECT NULL::uuid AS guest_id WHERE false)'}
     SELECT (SELECT array_agg(id) FROM ins) AS inserted, (SELECT array_agg(guest_id) FROM up) AS settled`,
    [
      cafeId,
      unique.map((e) => e.id),
      unique.map((e) => e.guestId),
      unique.map((e) => e.kind),
      unique.map((e) => e.points),
      unique.map((e) => e.at.toISOString()),
      unique.map((e) => e.purchaseId ?? null),
      unique.map((e) => e.reverses ?? null),
      unique.map((e) => e.reason ?? null),
      unique.map((e) => e.deviceId ?? null),
      unique.map((e) => e.devicePoints ?? null),
      unique.map((e) => (e.kind === 'reversal' ? (e.reversesKind ?? 'reversal') : e.kind)),
      now.toISOString(),
      ...(plain ? [zone] : []),
    ],
  );
  const ids = new Set(result?.inserted ?? []);
  const settled = new Set(result?.settled ?? []);
  const inserted = unique.filter((e) => ids.has(e.id));
  if (inserted.length === 0 || inserted.every((e) => settled.has(e.guestId))) return { inserted, overdrafts: [] };

  const byGuest = new Map<GuestId, NewEntry[]>();
  for (const e of inserted) if (!settled.has(e.guestId)) byGuest.set(e.guestId, [...(byGuest.get(e.guestId) ?? []), e]);
  const current = await balanceRows(tx, cafeId, [...byGuest.keys()]);
  const rows: BalanceRow[] = [];
  const replayed: GuestId[] = [];
  for (const [guestId, added] of byGuest) {
    // A plain credit forms a lot (or repays an overdraft): its effect needs no replay.
    if (added.every((e) => e.points > 0 && e.kind !== 'reversal'))
      rows.push(added.reduce((row, e) => credit(row, e, zone), current.get(guestId) ?? emptyRow(guestId)));
    else replayed.push(guestId);
  }
  const overdrafts: OverdraftRecord[] = [];
  if (replayed.length) {
    const ledgers = await readLedgers(tx, cafeId, replayed);
    for (const [guestId, ledger] of ledgers) {
      const state = replay(ledger);
      rows.push(rowOf(guestId, state, zone));
      for (const o of state.overdrawn) if (ids.has(o.entryId)) overdrafts.push(overdraftOf(ledger, o));
    }
  }
  await writeBalances(tx, cafeId, rows);
  await recordOverdrafts(tx, cafeId, overdrafts, now);
  return { inserted, overdrafts };
}

/** Replays the guests' ledgers and rewrites their balance rows (after a merge moved entries). */
export async function refreshBalances(tx: Sql, cafeId: CafeId, guestIds: readonly GuestId[], zone: TimeZone): Promise<BalanceRow[]> {
  const rows = [...(await readLedgers(tx, cafeId, guestIds))].map(([guestId, ledger]) => rowOf(guestId, replay(ledger), zone));
  await writeBalances(tx, cafeId, rows);
  return rows;
}

export async function balanceRows(tx: Sql, cafeId: CafeId, guestIds: readonly GuestId[]): Promise<Map<GuestId, BalanceRow>> {
  const rows = await tx.query<{ guest_id: string; balance: number; overdraft: number; oldest_lot_at: Date | null; oldest_lot_points: number | null }>(
    'SELECT guest_id, balance, overdraft, oldest_lot_at, oldest_lot_points FROM loyalty_balances WHERE cafe_id = $1 AND guest_id = ANY($2::uuid[])',
    [cafeId, guestIds],
  );
  return new Map(
    rows.map((r) => [
      r.guest_id as GuestId,
      {
        guestId: r.guest_id as GuestId,
        balance: Number(r.balance),
        overdraft: Number(r.overdraft),
        oldestLotAt: r.oldest_lot_at,
        oldestLotPoints: r.oldest_lot_points === null ? null : Number(r.oldest_lot_points),
      },
    ]),
  );
}

const emptyRow = (guestId: GuestId): BalanceRow => ({ guestId, balance: 0, overdraft: 0, oldestLotAt: null, oldestLotPoints: null });

/** What replay does with one plain credit: repay the overdraft, then form a lot of the rest. */
function credit(row: BalanceRow, e: NewEntry, zone: TimeZone): BalanceRow {
  const repaid = Math.min(e.points, row.overdraft);
  const left = e.points - repaid;
  const next = { ...row, balance: row.balance + e.points, overdraft: row.overdraft - repaid };
  if (left === 0) return next;
  if (row.oldestLotAt === null) return { ...next, oldestLotAt: e.at, oldestLotPoints: left };
  const day = localDateOf(e.at, zone);
  const oldestDay = localDateOf(row.oldestLotAt, zone);
  if (day < oldestDay) return { ...next, oldestLotAt: e.at, oldestLotPoints: left };
  if (day > oldestDay) return next;
  return { ...next, oldestLotAt: e.at < row.oldestLotAt ? e.at : row.oldestLotAt, oldestLotPoints: (row.oldestLotPoints ?? 0) + left };
}

/** A balance row from a replayed ledger: the oldest lot, and every point earned on its café day. */
export function rowOf(guestId: GuestId, state: LedgerState, zone: TimeZone): BalanceRow {
  const oldest = state.lots[0];
  if (!oldest) return { guestId, balance: state.balance, overdraft: state.overdraft, oldestLotAt: null, oldestLotPoints: null };
  const day = localDateOf(oldest.earnedAt, zone);
  let points = 0;
  for (const lot of state.lots) {
    if (localDateOf(lot.earnedAt, zone) !== day) break;
    points += lot.remaining;
  }
  return { guestId, balance: state.balance, overdraft: state.overdraft, oldestLotAt: oldest.earnedAt, oldestLotPoints: points };
}

/**
 * The tablets involved in an overdraft: the overdrawing entry's, then those of the spending
 * before it that took the points it expected to find — walking back over the guest's standing
 * redemptions and rewards until they cover the overdrawn points.
 */
export function overdraftOf(ledger: readonly StoredEntry[], o: { entryId: string; points: number }): OverdraftRecord {
  const at = ledger.findIndex((e) => e.id === o.entryId);
  const entry = ledger[at]!;
  const reversed = reversedIds(ledger);
  const devices: string[] = entry.deviceId ? [entry.deviceId] : [];
  let covered = 0;
  for (let i = at - 1; i >= 0 && covered < o.points; i--) {
    const e = ledger[i]!;
    if ((e.kind !== 'redemption' && e.kind !== 'reward') || reversed.has(e.id)) continue;
    covered -= e.points;
    if (e.deviceId && !devices.includes(e.deviceId)) devices.push(e.deviceId);
  }
  return { entryId: o.entryId, guestId: entry.guestId, points: o.points, deviceIds: devices };
}

async function writeBalances(tx: Sql, cafeId: CafeId, rows: readonly BalanceRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO loyalty_balances (cafe_id, guest_id, balance, overdraft, oldest_lot_at, oldest_lot_points)
     SELECT $1, * FROM unnest($2::uuid[], $3::bigint[], $4::bigint[], $5::timestamptz[], $6::bigint[])
     ON CONFLICT (cafe_id, guest_id) DO UPDATE SET balance = excluded.balance, overdraft = excluded.overdraft, oldest_lot_at = excluded.oldest_lot_at,
       oldest_lot_points = excluded.oldest_lot_points, version = nextval('change_seq')`,
    [
      cafeId,
      rows.map((r) => r.guestId),
      rows.map((r) => r.balance),
      rows.map((r) => r.overdraft),
      rows.map((r) => r.oldestLotAt?.toISOString() ?? null),
      rows.map((r) => r.oldestLotPoints),
    ],
  );
}

async function recordOverdrafts(tx: Sql, cafeId: CafeId, overdrafts: readonly OverdraftRecord[], now: Date): Promise<void> {
  if (overdrafts.length === 0) return;
  await tx.query(
    `INSERT INTO loyalty_overdrafts (cafe_id, entry_id, guest_id, points, device_ids, recorded_at)
     SELECT $1, o.entry_id, o.guest_id, o.points, coalesce((SELECT array_agg(d::uuid) FROM json_array_elements_text(o.devices) d), '{}'), $6
     FROM unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::json[]) AS o (entry_id, guest_id, points, devices)
     ON CONFLICT DO NOTHING`,
    [
      cafeId,
      overdrafts.map((o) => o.entryId),
      overdrafts.map((o) => o.guestId),
      overdrafts.map((o) => o.points),
      overdrafts.map((o) => JSON.stringify(o.deviceIds)),
      now.toISOString(),
    ],
  );
}
