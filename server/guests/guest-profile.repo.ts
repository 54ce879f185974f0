/**
 * One guest as the owner sees them: the profile, today's segment (classified now by the shared
 * classifier from the kept aggregates, as every report does), visits and spend per café month,
 * the newest purchases with their items and voids, and the consent and segment histories.
 * Read in one snapshot, so the totals and the purchases beside them agree. The same reads
 * serve the guest's data export, which holds every purchase rather than the newest.
 */
import { localDateOf, startOfLocalDay, type LocalDate } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { classifyGuest } from '../../shared/segments/classify.ts';
import { segmentIds, segmentNames } from '../../shared/segments/rules.ts';
import { PROFILE_PURCHASES, type GuestProfile, type ProfileMonth, type ProfilePurchase, type SegmentStep } from '../../shared/api/guest-profile.ts';
import type { Cafe } from '../cafe/cafes.repo.ts';
import type { Db, Sql } from '../db/db.ts';
import { itemsJsonSql } from '../purchases/purchase-items.repo.ts';
import { consentHistory } from '../mailings/consent.repo.ts';

interface GuestRow {
  id: string;
  phone: string | null;
  name: string | null;
  birthday: string | null;
  consent: boolean;
  consent_at: Date | null;
  registered_at: Date;
  registered_via: string;
  erased_at: Date | null;
  device: string | null;
  purchase_count: number;
  first_purchase_at: Date | null;
  last_purchase_at: Date | null;
  total_spend: string | number;
}

const MONTHS = 12;

/** The last `n` café months up to the month of `today`, oldest first, as YYYY-MM. */
export function lastMonths(today: LocalDate, n: number): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, k) => {
    const index = y * 12 + (m - 1) - (n - 1 - k);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

async function guestRow(tx: Sql, cafeId: CafeId, guestId: GuestId): Promise<GuestRow | undefined> {
  const [row] = await tx.query<GuestRow>(
    `SELECT g.id, g.phone, g.name, g.birthday::text AS birthday, g.consent, g.consent_at, g.registered_at, g.registered_via, g.erased_at,
            d.name AS device, s.purchase_count, s.first_purchase_at, s.last_purchase_at, s.total_spend
     FROM guests g JOIN guest_stats s ON s.guest_id = g.id LEFT JOIN devices d ON d.id = g.registered_device_id
     WHERE g.id = $1 AND g.cafe_id = $2`,
    [guestId, cafeId],
  );
  return row;
}

/** The guest's purchases, newest first (all of them without a limit), with items, tablet and void. */
export async function guestPurchases(tx: Sql, cafeId: CafeId, guestId: GuestId, limit?: number): Promise<ProfilePurchase[]> {
  const rows = await tx.query<{
    id: string;
    purchased_at: Date;
    amount: string | number;
    items: { name: string; qty: number }[];
    source: string;
    device: string | null;
    voided_at: Date | null;
    reason: string | null;
    voided_by: string | null;
  }>(
    `SELECT p.id, p.purchased_at, p.amount, ${itemsJsonSql('p')} AS items, p.source, d.name AS device, v.voided_at, v.reason, vd.name AS voided_by
     FROM purchases p LEFT JOIN purchase_voids v ON v.purchase_id = p.id LEFT JOIN devices d ON d.id = p.device_id
     LEFT JOIN devices vd ON vd.id = v.device_id
     WHERE p.guest_id = $1 AND p.cafe_id = $2 ORDER BY p.purchased_at DESC, p.id DESC${limit === undefined ? '' : ' LIMIT $3'}`,
    limit === undefined ? [guestId, cafeId] : [guestId, cafeId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    purchasedAt: r.purchased_at.toISOString(),
    amount: Number(r.amount),
    items: r.items,
    source: r.source,
    device: r.device,
    voided: r.voided_at ? { at: r.voided_at.toISOString(), reason: r.reason ?? '', by: r.voided_by } : null,
  }));
}

/** Every change of the guest's recorded segment, newest first. */
export async function segmentSteps(tx: Sql, cafeId: CafeId, guestId: GuestId): Promise<SegmentStep[]> {
  const rows = await tx.query<{ from_segment: string | null; to_segment: string; at: Date; kind: 'move' | 'rules' }>(
    'SELECT from_segment, to_segment, at, kind FROM segment_history WHERE guest_id = $1 AND cafe_id = $2 ORDER BY at DESC, id DESC LIMIT 200',
    [guestId, cafeId],
  );
  return rows.map((r) => ({ from: r.from_segment, to: r.to_segment, at: r.at.toISOString(), kind: r.kind }));
}

async function months(tx: Sql, cafe: Cafe, guestId: GuestId, today: LocalDate): Promise<ProfileMonth[]> {
  const list = lastMonths(today, MONTHS);
  const from = startOfLocalDay(`${list[0]}-01` as LocalDate, cafe.timeZone);
  const rows = await tx.query<{ month: string; visits: number; spend: string | number }>(
    `SELECT to_char(p.purchased_at AT TIME ZONE $3, 'YYYY-MM') AS month, count(*)::int AS visits, sum(p.amount)::bigint AS spend
     FROM purchases p
     WHERE p.guest_id = $1 AND p.cafe_id = $2 AND p.purchased_at >= $4 AND NOT EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id)
     GROUP BY 1`,
    [guestId, cafe.id, cafe.timeZone, from.toISOString()],
  );
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return list.map((month) => ({ month, visits: byMonth.get(month)?.visits ?? 0, spend: Number(byMonth.get(month)?.spend ?? 0) }));
}

/** The owner's view of a guest as of `now`; undefined when the café has no such guest. */
export async function guestProfile(db: Db, cafe: Cafe, guestId: GuestId, now: Date): Promise<GuestProfile | undefined> {
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const g = await guestRow(tx, cafe.id, guestId);
    if (!g) return undefined;
    const today = localDateOf(now, cafe.timeZone);
    const spend = Number(g.total_spend);
    const segment = classifyGuest(
      {
        registeredAt: g.registered_at,
        purchaseCount: g.purchase_count,
        firstPurchaseAt: g.first_purchase_at,
        lastPurchaseAt: g.last_purchase_at,
        totalSpend: spend as Kopecks,
      },
      today,
      cafe.timeZone,
      cafe.rules,
    );
    const counted = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM purchases WHERE guest_id = $1 AND cafe_id = $2', [guestId, cafe.id]);
    return {
      id: g.id,
      phone: g.phone,
      name: g.name,
      birthday: g.birthday,
      registeredAt: g.registered_at.toISOString(),
      registeredVia: g.registered_via,
      registeredBy: g.device,
      erasedAt: g.erased_at?.toISOString() ?? null,
      consent: { granted: g.consent, at: g.consent_at?.toISOString() ?? null },
      consentHistory: await consentEvents(tx, cafe.id, guestId),
      segment: { id: segment, name: segmentNames(cafe.rules, segment) },
      segmentHistory: await segmentSteps(tx, cafe.id, guestId),
      segments: segmentIds(cafe.rules).map((id) => ({ id, name: segmentNames(cafe.rules, id) })),
      stats: {
        visits: g.purchase_count,
        spend,
        averageCheck: g.purchase_count === 0 ? null : Math.round(spend / g.purchase_count),
        firstVisitAt: g.first_purchase_at?.toISOString() ?? null,
        lastVisitAt: g.last_purchase_at?.toISOString() ?? null,
      },
      months: await months(tx, cafe, guestId, today),
      purchases: await guestPurchases(tx, cafe.id, guestId, PROFILE_PURCHASES),
      purchaseCount: counted[0]!.n,
      timeZone: cafe.timeZone,
    };
  });
}

/** The consent history with the name of the tablet each change came through. */
async function consentEvents(tx: Sql, cafeId: CafeId, guestId: GuestId) {
  const devices = new Map(
    (await tx.query<{ id: string; name: string }>('SELECT id, name FROM devices WHERE cafe_id = $1', [cafeId])).map((d) => [d.id, d.name]),
  );
  return (await consentHistory(tx, cafeId, guestId)).map((e) => ({
    granted: e.granted,
    at: e.at.toISOString(),
    source: e.source,
    device: e.by.kind === 'device' ? (devices.get(e.by.deviceId) ?? null) : null,
  }));
}
