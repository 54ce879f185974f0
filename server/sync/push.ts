/**
 * Applies a tablet's push: the whole batch in one transaction under the café's lock, each
 * mutation once (applied_mutations remembers ids), purchases inserted in bulk, and the
 * segments of every guest it touched recomputed before commit. Guarantees:
 * - a batch delivered twice, or a retry after a lost response, changes nothing more;
 * - a batch that names a guest or purchase the café does not have stores nothing (422);
 * - two registrations of one phone become one guest: the earlier registration wins (ties by
 *   id), the other is recorded in guest_merges and its purchases move to the winner;
 * - profile fields take the value with the latest hybrid logical clock, per field;
 * - the device's own time is kept beside the server's receive time, and a device clock more
 *   than 5 minutes ahead is flagged on the device and on its purchases.
 */
import type { CafeId, GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import { CLOCK_AHEAD_LIMIT_MS, type Envelope, type PushRequest, type PushResponse } from '../../shared/sync/protocol.ts';
import type { Db, Sql } from '../db/db.ts';
import { ApiError } from '../http/errors.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import type { Device } from '../cafe/devices.repo.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import { recordPurchases, UnknownGuestError, voidPurchase, type NewPurchase } from '../purchases/purchases.repo.ts';
import { recordSegmentChanges } from '../segments/segments.repo.ts';
import { mergeGuests, resolveGuestIds } from '../guests/merge.repo.ts';

type Of<K extends Mutation['kind']> = Extract<Mutation, { kind: K }>;
const FIELDS = ['name', 'birthday', 'consent'] as const;

export async function applyPush(db: Db, device: Device, req: PushRequest, now: Date): Promise<PushResponse> {
  const clockAheadMs = Date.parse(req.deviceTime) - now.getTime();
  const clockFlagged = clockAheadMs > CLOCK_AHEAD_LIMIT_MS;
  await db.transaction(async (tx) => {
    await lockCafe(tx, device.cafeId);
    const ids = req.mutations.map((m) => m.mutationId);
    const done = new Set(
      (await tx.query<{ mutation_id: string }>('SELECT mutation_id FROM applied_mutations WHERE mutation_id = ANY($1::uuid[])', [ids])).map(
        (r) => r.mutation_id,
      ),
    );
    const fresh = req.mutations.filter((m, i) => !done.has(m.mutationId) && ids.indexOf(m.mutationId) === i);
    const touched = new Set<GuestId>();
    let purchases: NewPurchase[] = [];
    const flushPurchases = async () => {
      if (!purchases.length) return;
      const resolved = await resolveGuestIds(
        tx,
        purchases.map((p) => p.guestId),
      );
      const batch = purchases.map((p) => ({ ...p, guestId: resolved.get(p.guestId) ?? p.guestId }));
      purchases = [];
      try {
        await recordPurchases(tx, device.cafeId, batch);
      } catch (e) {
        if (e instanceof UnknownGuestError) throw new ApiError(422, 'unknown-guest', e.message, 'mutations');
        throw e;
      }
      for (const p of batch) touched.add(p.guestId);
    };
    for (const env of fresh) {
      const m = env.mutation;
      if (m.kind === 'purchase.record') {
        const at = new Date(m.purchasedAt);
        purchases.push({
          id: m.purchaseId as PurchaseId,
          guestId: m.guestId as GuestId,
          purchasedAt: at,
          amount: m.amount as Kopecks,
          source: 'counter',
          deviceId: device.id,
          clockFlagged: at.getTime() - now.getTime() > CLOCK_AHEAD_LIMIT_MS,
        });
        continue;
      }
      await flushPurchases();
      if (m.kind === 'guest.register') for (const g of await register(tx, device.cafeId, env, m)) touched.add(g);
      else if (m.kind === 'guest.update') touched.add(await update(tx, env, m));
      else touched.add(await voidOne(tx, device.cafeId, m));
    }
    await flushPurchases();
    if (fresh.length) {
      await tx.query(
        `INSERT INTO applied_mutations (mutation_id, cafe_id, device_id, kind, device_at, received_at)
         SELECT id, $1, $2, kind, at, $3 FROM unnest($4::uuid[], $5::text[], $6::timestamptz[]) AS m (id, kind, at)`,
        [device.cafeId, device.id, now.toISOString(), fresh.map((f) => f.mutationId), fresh.map((f) => f.mutation.kind), fresh.map((f) => f.at)],
      );
    }
    await tx.query('UPDATE devices SET last_seen_at = $2, clock_ahead_ms = $3 WHERE id = $1', [device.id, now.toISOString(), Math.round(clockAheadMs)]);
    if (touched.size) {
      // Every id in `touched` is already the guest that stands now (resolved above).
      await recordSegmentChanges(tx, await cafeById(tx, device.cafeId), now, [...touched]);
    }
  });
  return { acked: req.mutations.map((m) => m.mutationId), serverTime: now.toISOString(), clockAheadMs: Math.round(clockAheadMs), clockFlagged };
}

async function register(tx: Sql, cafeId: CafeId, env: Envelope, m: Of<'guest.register'>): Promise<GuestId[]> {
  const resolved = (await resolveGuestIds(tx, [m.guestId as GuestId])).get(m.guestId as GuestId);
  if (resolved !== m.guestId) return [resolved!]; // merged away earlier: nothing to register
  const exists = await tx.query('SELECT 1 FROM guests WHERE id = $1', [m.guestId]);
  if (exists.length) return [m.guestId as GuestId];
  const clocks = Object.fromEntries(FIELDS.map((f) => [f, env.hlc]));
  const inserted = await tx.query<{ id: string }>(
    `WITH ins AS (
       INSERT INTO guests (id, cafe_id, phone, name, registered_at, registered_via, birthday, consent, consent_at, field_clocks)
       VALUES ($1, $2, $3, $4, $5, 'counter', $6, $7, $8, $9)
       ON CONFLICT (cafe_id, phone) DO NOTHING RETURNING id, registered_at
     ), st AS (INSERT INTO guest_stats (guest_id, cafe_id, registered_at) SELECT id, $2, registered_at FROM ins)
     SELECT id FROM ins`,
    [m.guestId, cafeId, m.phone, m.name, m.registeredAt, m.birthday, m.consent.granted, m.consent.at, JSON.stringify(clocks)],
  );
  if (inserted.length) return [m.guestId as GuestId];
  // Another tablet registered this phone first (or later): one guest, by a fixed rule.
  return [await mergeGuests(tx, cafeId, m, env.hlc)];
}

async function update(tx: Sql, env: Envelope, m: Of<'guest.update'>): Promise<GuestId> {
  const id = (await resolveGuestIds(tx, [m.guestId as GuestId])).get(m.guestId as GuestId)!;
  const rows = await tx.query<{ field_clocks: Record<string, string> }>('SELECT field_clocks FROM guests WHERE id = $1 FOR UPDATE', [id]);
  if (!rows[0]) throw new ApiError(422, 'unknown-guest', `guest.update names a guest this café does not have`, 'mutations');
  const clocks = { ...rows[0].field_clocks };
  const sets: string[] = [];
  const params: unknown[] = [id];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  for (const f of FIELDS) {
    if (m[f] === undefined || (clocks[f] ?? '') >= env.hlc) continue;
    clocks[f] = env.hlc;
    if (f === 'consent') {
      set('consent', m.consent!.granted);
      set('consent_at', m.consent!.at);
    } else set(f, m[f]);
  }
  if (sets.length) {
    set('field_clocks', JSON.stringify(clocks));
    await tx.query(`UPDATE guests SET ${sets.join(', ')}, version = nextval('change_seq') WHERE id = $1`, params);
  }
  return id;
}

async function voidOne(tx: Sql, cafeId: CafeId, m: Of<'purchase.void'>): Promise<GuestId> {
  const rows = await tx.query<{ guest_id: string }>('SELECT guest_id FROM purchases WHERE id = $1 AND cafe_id = $2', [m.purchaseId, cafeId]);
  if (!rows[0]) throw new ApiError(422, 'unknown-purchase', 'purchase.void names a purchase this café does not have', 'mutations');
  await voidPurchase(tx, m.purchaseId as PurchaseId, new Date(m.voidedAt), m.reason);
  return rows[0].guest_id as GuestId;
}
