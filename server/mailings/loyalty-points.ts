/**
 * Mailings' view of bonus points, on server/loyalty's ledger:
 * - a balance is the guest's balance row (kept with every entry appended, so it is the sum of
 *   their ledger as of this transaction); a guest with no entries has 0;
 * - a tier is the programme's tier the guest's paid spend over the tier window reaches (the
 *   tier the counter accrues by);
 * - `{reward}` names the catalogue reward the balance is working towards
 *   (shared/mailings/catalogue-reward.ts), from the programme as the owner saved it;
 * - a scenario's point reward is credited when its message has been sent (not when it is
 *   queued: a held-out, skipped or failed message gives nothing) as an `adjustment` entry whose
 *   id is derived from the message's key, so a retry, a recovered lease or a second sender
 *   credits it once. It is appended under the café's lock, as every ledger writer is.
 */
import { addCalendarDays, startOfLocalDay } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { addCalendarMonths, lotExpiresOn } from '../../shared/loyalty/expiry.ts';
import { kopecks } from '../../shared/domain/money.ts';
import { tierFor } from '../../shared/loyalty/tiers.ts';
import { catalogueReward } from '../../shared/mailings/catalogue-reward.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import type { Sql } from '../db/db.ts';
import { appendEntries, balanceRows, cafeZone, idFor, type NewEntry } from '../loyalty/ledger.repo.ts';
import { programOf } from '../loyalty/program.repo.ts';
import type { PointsLedger, RewardCredit } from './points.ts';

/** The name a reward's ledger entry is derived from: one per message key. */
export const rewardEntryName = (key: string): string => `message-reward:${key}`;

export const LOYALTY_POINTS: PointsLedger = {
  available: true,

  async balancesOf(tx, cafeId, guestIds) {
    const rows = guestIds.length ? await balanceRows(tx, cafeId, [...new Set(guestIds)]) : new Map();
    return new Map(guestIds.map((g) => [g, rows.get(g)?.balance ?? 0]));
  },

  async rewardsFor(tx, cafeId, balances) {
    const out = new Map<GuestId, string>();
    if (balances.size === 0) return out;
    const { rewards } = await programOf(tx, cafeId);
    for (const [guestId, balance] of balances) {
      const name = catalogueReward(balance, rewards);
      if (name !== null) out.set(guestId, name);
    }
    return out;
  },

  async tiersOf(tx, cafeId, guestIds) {
    const { tiers } = await programOf(tx, cafeId);
    const tierOf = new Map<GuestId, string | null>();
    if (guestIds.length && tiers.length) {
      // guest_stats.tier_spend: paid spend since the tier window's start, kept with every purchase and void.
      const rows = await tx.query<{ guest_id: string; tier_spend: number }>('SELECT guest_id, tier_spend FROM guest_stats WHERE guest_id = ANY($1::uuid[])', [
        [...new Set(guestIds)],
      ]);
      const spend = new Map(rows.map((r) => [r.guest_id, Number(r.tier_spend)]));
      for (const g of guestIds) tierOf.set(g, tierFor(tiers, kopecks(spend.get(g) ?? 0))?.id ?? null);
    } else for (const g of guestIds) tierOf.set(g, null);
    return { known: tiers.map((t) => t.id), tierOf };
  },

  async expiringBetween(tx, cafeId, from, to) {
    const { expiryMonths: months } = await programOf(tx, cafeId);
    if (months === null) return [];
    const zone = await cafeZone(tx, cafeId);
    // The balance row keeps the oldest lot (its café day and points): the next to expire. Its
    // earning days are read loosely (months are uneven), then each is judged exactly.
    const earnedFrom = startOfLocalDay(addCalendarDays(addCalendarMonths(addCalendarDays(from, 1), -months), -3), zone);
    const earnedTo = startOfLocalDay(addCalendarDays(addCalendarMonths(addCalendarDays(to, 1), -months), 1), zone);
    const rows = await tx.query<{ guest_id: string; balance: number; oldest_lot_at: Date; oldest_lot_points: number }>(
      `SELECT guest_id, balance, oldest_lot_at, oldest_lot_points FROM loyalty_balances
       WHERE cafe_id = $1 AND balance > 0 AND overdraft = 0 AND oldest_lot_at >= $2 AND oldest_lot_at < $3`,
      [cafeId, earnedFrom.toISOString(), earnedTo.toISOString()],
    );
    return rows.flatMap((r) => {
      const lastDay = addCalendarDays(lotExpiresOn(r.oldest_lot_at, { months, zone })!, -1);
      const points = Math.min(Number(r.oldest_lot_points), Number(r.balance));
      return lastDay >= from && lastDay <= to && points > 0 ? [{ guestId: r.guest_id as GuestId, lastDay, points }] : [];
    });
  },

  async creditRewards(tx: Sql, cafeId: CafeId, credits: readonly RewardCredit[], now: Date) {
    const entries: NewEntry[] = credits
      .filter((c) => Number.isSafeInteger(c.points) && c.points > 0)
      .map((c) => ({
        id: idFor(rewardEntryName(c.key)),
        guestId: c.guestId,
        kind: 'adjustment',
        points: c.points,
        at: now,
        reason: `Баллы из сообщения ${c.key}`,
      }));
    if (entries.length === 0) return 0;
    await lockCafe(tx, cafeId);
    return (await appendEntries(tx, cafeId, entries, now, await cafeZone(tx, cafeId))).inserted.length;
  },
};
