/**
 * What a tablet pulls after its cursor: guests whose row or stats changed (with the
 * server's stats, not the purchases behind them), merges, voids and the café's settings.
 * Read in one snapshot, so the page and its cursor agree; writers hold the café lock, so no
 * change can commit behind a cursor already handed out.
 */
import { PROTOCOL, PULL_LIMIT, type PullResponse } from '../../shared/sync/protocol.ts';
import type { Db } from '../db/db.ts';
import type { Device } from '../cafe/devices.repo.ts';
import { cafeById } from '../cafe/cafes.repo.ts';

interface GuestRow {
  id: string;
  phone: string;
  name: string | null;
  birthday: string | null;
  consent: boolean;
  consent_at: Date | null;
  registered_at: Date;
  version: number;
  field_clocks: Record<string, string>;
  purchase_count: number;
  first_purchase_at: Date | null;
  last_purchase_at: Date | null;
  total_spend: number;
}

export async function pull(db: Db, device: Device, since: number, now: Date, limit = PULL_LIMIT): Promise<PullResponse> {
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const guests = await tx.query<GuestRow>(
      `SELECT g.id, g.phone, g.name, g.birthday::text AS birthday, g.consent, g.consent_at, g.registered_at, g.version, g.field_clocks,
              s.purchase_count, s.first_purchase_at, s.last_purchase_at, s.total_spend
       FROM guests g JOIN guest_stats s ON s.guest_id = g.id
       WHERE g.cafe_id = $1 AND g.version > $2 ORDER BY g.version LIMIT $3`,
      [device.cafeId, since, limit + 1],
    );
    const more = guests.length > limit;
    const page = guests.slice(0, limit);
    const upto = more
      ? page.at(-1)!.version
      : Number(
          (
            await tx.query<{ v: number }>(
              `SELECT GREATEST(
                 (SELECT max(version) FROM guests WHERE cafe_id = $1),
                 (SELECT max(version) FROM guest_merges WHERE cafe_id = $1),
                 (SELECT max(v.version) FROM purchase_voids v JOIN purchases p ON p.id = v.purchase_id WHERE p.cafe_id = $1),
                 (SELECT version FROM cafes WHERE id = $1), $2::bigint) AS v`,
              [device.cafeId, since],
            )
          )[0]!.v,
        );
    const merges = await tx.query<{ from_guest_id: string; into_guest_id: string }>(
      'SELECT from_guest_id, into_guest_id FROM guest_merges WHERE cafe_id = $1 AND version > $2 AND version <= $3 ORDER BY version',
      [device.cafeId, since, upto],
    );
    // Only this tablet's own purchases: it holds no one else's.
    const voids = await tx.query<{ purchase_id: string; guest_id: string | null }>(
      `SELECT v.purchase_id, v.guest_id FROM purchase_voids v JOIN purchases p ON p.id = v.purchase_id
       WHERE p.cafe_id = $1 AND p.device_id = $4 AND v.version > $2 AND v.version <= $3`,
      [device.cafeId, since, upto, device.id],
    );
    const cafeVersion = (await tx.query<{ version: number }>('SELECT version FROM cafes WHERE id = $1', [device.cafeId]))[0]!.version;
    const cafe = since < cafeVersion && cafeVersion <= upto ? await cafeById(tx, device.cafeId) : null;
    const clocks = page
      .flatMap((g) => Object.values(g.field_clocks))
      .filter(Boolean)
      .sort();
    return {
      protocol: PROTOCOL,
      cursor: String(upto),
      more,
      serverTime: now.toISOString(),
      maxHlc: clocks.at(-1) ?? null,
      guests: page.map((g) => ({
        id: g.id,
        phone: g.phone,
        name: g.name,
        birthday: g.birthday,
        consent: { granted: g.consent, at: (g.consent_at ?? g.registered_at).toISOString() },
        registeredAt: g.registered_at.toISOString(),
        stats: {
          purchaseCount: g.purchase_count,
          firstPurchaseAt: g.first_purchase_at?.toISOString() ?? null,
          lastPurchaseAt: g.last_purchase_at?.toISOString() ?? null,
          totalSpend: Number(g.total_spend),
        },
      })),
      merges: merges.map((m) => ({ from: m.from_guest_id, into: m.into_guest_id })),
      voids: voids.map((v) => ({ purchaseId: v.purchase_id, guestId: v.guest_id })),
      settings: cafe ? { timeZone: cafe.timeZone, rules: cafe.rules } : null,
    };
  });
}
