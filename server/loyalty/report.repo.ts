/**
 * What the owner reads of the bonus programme. The report sums the per-hour totals the ledger
 * keeps beside its entries (loyalty_totals) and the overdrawn guests' balance rows (a partial
 * index), never the ledger itself, so it costs the same at a million guests as at a hundred.
 * A guest's own entries are read from the ledger by its index.
 */
import { addCalendarDays, type LocalDate, startOfLocalDay, type TimeZone } from '../../shared/domain/calendar.ts';
import type { GuestEntries, LoyaltyReport } from '../../shared/api/loyalty.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { type E164Phone, maskPhone } from '../../shared/domain/phone.ts';
import { ENTRY_KINDS, type EntryKind } from '../../shared/loyalty/ledger.ts';
import { KOPECKS_PER_POINT } from '../../shared/loyalty/program.ts';
import type { Db, Sql } from '../db/db.ts';
import { resolveGuestIds } from '../guests/merge.repo.ts';

const OVERDRAFTS_SHOWN = 100;
const ENTRIES_SHOWN = 500;

async function deviceNames(tx: Sql, cafeId: CafeId): Promise<Map<string, string>> {
  return new Map((await tx.query<{ id: string; name: string }>('SELECT id, name FROM devices WHERE cafe_id = $1', [cafeId])).map((d) => [d.id, d.name]));
}

type Period = { from?: LocalDate | undefined; to?: LocalDate | undefined };

/** The report read in one snapshot: totals, balances and overdrafts as of one moment. */
export async function readLoyaltyReport(db: Db, cafeId: CafeId, zone: TimeZone, period: Period): Promise<LoyaltyReport> {
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    return loyaltyReport(tx, cafeId, zone, period);
  });
}

export async function loyaltyReport(tx: Sql, cafeId: CafeId, zone: TimeZone, period: Period): Promise<LoyaltyReport> {
  const start = period.from ? startOfLocalDay(period.from, zone).toISOString() : '-infinity';
  const end = period.to ? startOfLocalDay(addCalendarDays(period.to, 1), zone).toISOString() : 'infinity';
  const kinds = await tx.query<{ kind: EntryKind; points: number; in_period: number }>(
    `SELECT kind, sum(points)::bigint AS points, coalesce(sum(points) FILTER (WHERE hour >= $2::timestamptz AND hour < $3::timestamptz), 0)::bigint AS in_period
     FROM loyalty_totals WHERE cafe_id = $1 GROUP BY kind`,
    [cafeId, start, end],
  );
  const byKind = Object.fromEntries(ENTRY_KINDS.map((k) => [k, 0])) as Record<EntryKind, number>;
  let outstanding = 0;
  for (const k of kinds) {
    if (k.kind in byKind) byKind[k.kind] = Number(k.in_period);
    outstanding += Number(k.points);
  }
  const [overdrawn] = await tx.query<{ guests: number; points: number | null }>(
    'SELECT count(*)::int AS guests, sum(overdraft)::bigint AS points FROM loyalty_balances WHERE cafe_id = $1 AND overdraft > 0',
    [cafeId],
  );
  const overdraftPoints = Number(overdrawn?.points ?? 0);
  const rows = await tx.query<{
    entry_id: string;
    guest_id: string;
    phone: string | null;
    name: string | null;
    points: number;
    device_ids: string[];
    recorded_at: Date;
    outstanding: number | null;
    total: number;
  }>(
    `SELECT o.entry_id, o.guest_id, g.phone, g.name, o.points, o.device_ids, o.recorded_at, b.overdraft AS outstanding, count(*) OVER ()::int AS total
     FROM loyalty_overdrafts o
     LEFT JOIN guests g ON g.id = o.guest_id
     LEFT JOIN loyalty_balances b ON b.cafe_id = o.cafe_id AND b.guest_id = o.guest_id
     WHERE o.cafe_id = $1 AND o.recorded_at >= $2::timestamptz AND o.recorded_at < $3::timestamptz
     ORDER BY o.recorded_at DESC, o.entry_id LIMIT $4`,
    [cafeId, start, end, OVERDRAFTS_SHOWN],
  );
  const names = rows.length ? await deviceNames(tx, cafeId) : new Map<string, string>();
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    timeZone: zone,
    issued: byKind.welcome + byKind.opening + byKind.accrual,
    spent: -(byKind.redemption + byKind.reward),
    expired: -byKind.expiry,
    adjusted: byKind.adjustment,
    byKind,
    outstanding,
    liability: (outstanding + overdraftPoints) * KOPECKS_PER_POINT,
    overdrawn: { guests: overdrawn?.guests ?? 0, points: overdraftPoints },
    overdrafts: rows.map((r) => ({
      entryId: r.entry_id,
      guestId: r.guest_id,
      phone: r.phone ? maskPhone(r.phone as E164Phone) : '',
      name: r.name,
      points: Number(r.points),
      outstanding: Number(r.outstanding ?? 0),
      devices: r.device_ids.map((id) => ({ id, name: names.get(id) ?? '' })),
      recordedAt: r.recorded_at.toISOString(),
    })),
    overdraftCount: rows[0]?.total ?? 0,
  };
}

/** A guest's ledger, the latest first, with their balance; null when the café has no such guest. */
export async function guestEntries(tx: Sql, cafeId: CafeId, id: GuestId): Promise<GuestEntries | null> {
  const guestId = (await resolveGuestIds(tx, [id])).get(id)!;
  if (!(await tx.query('SELECT 1 FROM guests WHERE id = $1 AND cafe_id = $2', [guestId, cafeId])).length) return null;
  const [balance] = await tx.query<{ balance: number; overdraft: number }>(
    'SELECT balance, overdraft FROM loyalty_balances WHERE cafe_id = $1 AND guest_id = $2',
    [cafeId, guestId],
  );
  const rows = await tx.query<{
    id: string;
    kind: EntryKind;
    points: number;
    at: Date;
    received_at: Date;
    purchase_id: string | null;
    reverses: string | null;
    reason: string | null;
    device_id: string | null;
    device_points: number | null;
    total: number;
  }>(
    `SELECT id, kind, points, at, received_at, purchase_id, reverses, reason, device_id, device_points, count(*) OVER ()::int AS total
     FROM loyalty_entries WHERE cafe_id = $1 AND guest_id = $2 ORDER BY seq DESC LIMIT $3`,
    [cafeId, guestId, ENTRIES_SHOWN],
  );
  const names = rows.some((r) => r.device_id) ? await deviceNames(tx, cafeId) : new Map<string, string>();
  return {
    guestId,
    balance: Number(balance?.balance ?? 0),
    overdraft: Number(balance?.overdraft ?? 0),
    total: rows[0]?.total ?? 0,
    entries: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      points: r.points,
      at: r.at.toISOString(),
      receivedAt: r.received_at.toISOString(),
      purchaseId: r.purchase_id,
      reverses: r.reverses,
      reason: r.reason,
      device: r.device_id ? { id: r.device_id, name: names.get(r.device_id) ?? '' } : null,
      devicePoints: r.device_points,
    })),
  };
}
