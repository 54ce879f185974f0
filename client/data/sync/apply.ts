/**
 * Applying what the server says, each in one Dexie transaction and in bulk (a first pull
 * brings tens of thousands of guests): an ack moves purchases and voids from pending to
 * acked; a pull page stores guests with the server's stats as their base, follows merges,
 * marks this tablet's acked purchases of those guests as counted in the base, drops the
 * guests deleted on request, stores other tablets' uses of limited promotions, and recomputes the view of every guest it touched. No segment is stored: the tablet computes
 * one when needed, as of that moment (client/data/guest-segment.ts).
 */
import type { LocalDate, TimeZone } from '../../../shared/domain/calendar.ts';
import type { GuestId } from '../../../shared/domain/ids.ts';
import type { Kopecks } from '../../../shared/domain/money.ts';
import type { E164Phone } from '../../../shared/domain/phone.ts';
import { nationalDigits } from '../../../shared/domain/phone-search.ts';
import { observe } from '../../../shared/sync/hlc.ts';
import type { PullResponse } from '../../../shared/sync/protocol.ts';
import { ACKED, IN_BASE, PENDING, tabletView, type BaseStats } from '../../../shared/sync/tablet-view.ts';
import type { CounterDb, GrantRow, GuestRow, PurchaseRow, StatsRow } from '../db.ts';
import { toStatsRow } from '../guest-view.ts';
import { ackLedger, dropLedger, moveLedger, storePulledLoyalty } from '../loyalty-sync.ts';
import { storePromotions } from '../offers.ts';
import { dropUses, moveUses, storePulledUses } from '../promotion-uses.ts';
import { readSettings } from '../settings.ts';

/** Days an acked write is kept to be sent again after a restore: a backup older than this cannot be made whole by the tablets. */
export const SENT_KEEP_MS = 30 * 86_400_000;

export async function applyAck(db: CounterDb, acked: readonly string[], now: number = Date.now()): Promise<void> {
  await db.transaction('rw', [db.outbox, db.purchases, db.ledger, db.sent], async () => {
    const rows = await db.outbox
      .where('mutationId')
      .anyOf([...acked])
      .toArray();
    const recorded = new Set<string>();
    const voided = new Set<string>();
    for (const { mutation: m } of rows) {
      if (m.kind === 'purchase.record') recorded.add(m.purchaseId);
      if (m.kind === 'purchase.void') voided.add(m.purchaseId);
    }
    const purchases = (await db.purchases.bulkGet([...new Set([...recorded, ...voided])] as PurchaseRow['id'][])).filter((p): p is PurchaseRow => !!p);
    const changed = purchases.filter((p) => {
      const before = [p.syncState, p.voidState];
      if (recorded.has(p.id) && p.syncState === PENDING) p.syncState = ACKED;
      if (voided.has(p.id) && p.voidState === PENDING) p.voidState = ACKED;
      return before[0] !== p.syncState || before[1] !== p.voidState;
    });
    await db.purchases.bulkPut(changed);
    await ackLedger(db, acked);
    await db.sent.bulkPut(rows.map((r) => ({ ...r, seq: r.seq!, ackedAt: now })));
    await db.sent
      .where('ackedAt')
      .below(now - SENT_KEEP_MS)
      .delete();
    await db.outbox.bulkDelete(rows.map((r) => r.seq!));
  });
}

const toBase = (s: PullResponse['guests'][number]['stats']): BaseStats => ({
  purchaseCount: s.purchaseCount,
  firstPurchaseAt: s.firstPurchaseAt ? Date.parse(s.firstPurchaseAt) : null,
  lastPurchaseAt: s.lastPurchaseAt ? Date.parse(s.lastPurchaseAt) : null,
  totalSpend: s.totalSpend as Kopecks,
  tierSpend: s.tierSpend as Kopecks,
});

export async function applyPull(db: CounterDb, page: PullResponse): Promise<void> {
  await db.transaction('rw', [db.guests, db.purchases, db.stats, db.settings, db.ledger, db.balances, db.promotions, db.grants, db.uses], async () => {
    // A paused or ended promotion replaces the tablet's copy too, which then stops offering it.
    if (page.promotions?.length) await storePromotions(db, page.promotions);
    // A grant made again replaces the one held (a later win-back may size it anew).
    if (page.promotionGrants?.length) await db.grants.bulkPut(page.promotionGrants as GrantRow[]);
    if (page.settings) {
      await db.settings.bulkPut([
        { key: 'timeZone', value: page.settings.timeZone as TimeZone },
        { key: 'rules', value: page.settings.rules },
        ...(page.settings.voidWindowDays === undefined ? [] : [{ key: 'voidWindowDays', value: page.settings.voidWindowDays }]),
      ]);
    }
    const touched = new Set<GuestId>();
    const moveGuest = async (from: GuestId, into: GuestId) => {
      await db.purchases.where('guestId').equals(from).modify({ guestId: into });
      await db.guests.delete(from);
      await db.stats.delete(from);
      await moveLedger(db, from, into);
      await moveUses(db, from, into);
      touched.delete(from);
      touched.add(into);
    };
    for (const m of page.merges) {
      if (await db.guests.get(m.from as GuestId)) await moveGuest(m.from as GuestId, m.into as GuestId);
      // Pulled uses name guests this tablet may never have held: they follow the merge all the same.
      else await moveUses(db, m.from as GuestId, m.into as GuestId);
    }
    // Deleted on the owner's request: the guest goes; this tablet's purchases of them stay,
    // without a guest, so the shift's list and total do not change.
    if (page.erased.length) {
      const erased = page.erased as GuestId[];
      await db.guests.bulkDelete(erased);
      await db.stats.bulkDelete(erased);
      await dropLedger(db, erased);
      await dropUses(db, erased);
      for (const id of erased) touched.delete(id);
    }

    // The server knows a phone under another id than ours: it is authoritative.
    const pulledIdByPhone = new Map(page.guests.map((g) => [g.phone, g.id as GuestId]));
    for (const local of await db.guests
      .where('phone')
      .anyOf([...pulledIdByPhone.keys()])
      .toArray()) {
      const id = pulledIdByPhone.get(local.phone)!;
      if (local.id !== id) await moveGuest(local.id, id);
    }
    const rows: GuestRow[] = page.guests.map((g) => ({
      id: g.id as GuestId,
      phone: g.phone as E164Phone,
      digits: nationalDigits(g.phone),
      last4: g.phone.slice(-4),
      name: g.name,
      birthday: g.birthday as LocalDate | null,
      consent: g.consent,
      registeredAt: Date.parse(g.registeredAt),
    }));
    await db.guests.bulkPut(rows);
    await storePulledLoyalty(db, page);
    await storePulledUses(db, page);
    const bases = new Map(page.guests.map((g) => [g.id as GuestId, toBase(g.stats)]));
    for (const id of bases.keys()) touched.add(id);

    const ids = [...touched];
    const own = await db.purchases.where('guestId').anyOf(ids).toArray();
    const voidsInBase = new Set(page.voids.map((v) => v.purchaseId));
    const changed = own.filter((p) => {
      const before = [p.syncState, p.voidState];
      // A pulled guest's stats include every purchase and void of ours the server had acked.
      if (bases.has(p.guestId)) {
        if (p.syncState === ACKED) p.syncState = IN_BASE;
        if (p.voidState === ACKED) p.voidState = IN_BASE;
      }
      if (voidsInBase.has(p.id) && p.voidState === ACKED) p.voidState = IN_BASE;
      return before[0] !== p.syncState || before[1] !== p.voidState;
    });
    await db.purchases.bulkPut(changed);

    const settings = await readSettings(db);
    const ownByGuest = new Map<GuestId, PurchaseRow[]>();
    for (const p of own) {
      const list = ownByGuest.get(p.guestId);
      if (list) list.push(p);
      else ownByGuest.set(p.guestId, [p]);
    }
    const [guests, stats] = await Promise.all([db.guests.bulkGet(ids), db.stats.bulkGet(ids)]);
    const next: StatsRow[] = [];
    guests.forEach((guest, i) => {
      if (!guest) return;
      const base = bases.get(guest.id) ?? stats[i]?.base ?? null;
      next.push(toStatsRow(guest.id, tabletView(guest.registeredAt, base, ownByGuest.get(guest.id) ?? []), base));
    });
    await db.stats.bulkPut(next);
    await db.settings.bulkPut([
      { key: 'cursor', value: page.cursor },
      ...(page.maxHlc ? [{ key: 'hlc', value: observe(settings.hlc, page.maxHlc, settings.deviceId || 'tablet') }] : []),
    ]);
  });
}
