/**
 * Promotions in the simulator: a few set up on the server before the tablets first pull, the
 * counter's own offer list (client/data/offers.ts, as the guest card shows it) consulted at
 * every sale, one offer sometimes applied, and what the tablet held at that moment (the guest, the
 * promotion, the uses of it it knew: its own and those pulled) recorded for the audit in
 * offers-check.ts. One promotion is ended on the server mid-run, so tablets that
 * have not pulled since keep applying it; one 'once' offer is staged on two offline tablets for
 * one guest, so the server must flag the later use.
 */
import { localDateOf } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { type Kopecks, kopecks } from '../../shared/domain/money.ts';
import { discountFor } from '../../shared/promotions/benefit.ts';
import type { Promotion, PromotionDraft, PromotionId } from '../../shared/promotions/promotion.ts';
import { guestOffers, knownUses, promotionPurchases, pulledUses } from '../../client/data/offers.ts';
import { recordPurchase } from '../../client/data/purchases.ts';
import { registerGuest } from '../../client/data/guests.ts';
import { syncOnce } from '../../client/data/sync/sync-once.ts';
import type { CounterDb } from '../../client/data/db.ts';
import type { SyncTransport } from '../../client/data/sync/transport.ts';
import { cafeById } from '../../server/cafe/cafes.repo.ts';
import type { Db } from '../../server/db/db.ts';
import { newId } from '../../server/new-id.ts';
import { createPromotion, toPromotion } from '../../server/promotions/promotions.repo.ts';
import type { Application, ServerFlag } from './offers-check.ts';

const draft = (d: Partial<PromotionDraft> & Pick<PromotionDraft, 'name' | 'benefit'>): PromotionDraft => ({
  audience: [],
  weekdays: [],
  window: null,
  starts: null,
  ends: null,
  minCheck: null,
  limit: 'none',
  ...d,
});

/** The seed's mechanics, with every kind of limit, a window, weekdays, a date range and audiences. */
const SIM_PROMOTIONS: readonly PromotionDraft[] = [
  draft({ name: 'Утренний капучино −20 %', window: { from: '08:00', to: '12:00' }, benefit: { kind: 'percent', percent: 20 }, limit: 'daily' }),
  draft({ name: 'Приветственный десерт', audience: ['newcomer'], benefit: { kind: 'gift', text: 'Маффин' }, limit: 'once' }),
  draft({
    name: 'Бизнес-ланч ×2 баллов',
    weekdays: [1, 2, 3, 4, 5],
    window: { from: '12:00', to: '16:00' },
    benefit: { kind: 'points-x', multiplier: 2 },
    minCheck: kopecks(30_000),
  }),
  draft({ name: 'Возвращайтесь: −100 ₽', audience: ['rare', 'leaving', 'sleeping'], benefit: { kind: 'rubles', amount: kopecks(10_000) }, limit: 'once' }),
  draft({ name: 'Вечерний десерт −15 %', window: { from: '17:00', to: '24:00' }, benefit: { kind: 'percent', percent: 15 }, limit: 'daily' }),
];
/** Ended on the server mid-run, while some tablets still hold it active. */
const ENDING = draft({ name: 'Осенняя неделя −10 %', benefit: { kind: 'percent', percent: 10 } });
/** Staged: one guest, two offline tablets, one use each. */
/** A once-only gift for everyone: the promotion whose per-guest limit tablets must hold across each other. */
export const ONCE = draft({ name: 'Подарок к визиту', benefit: { kind: 'gift', text: 'Печенье' }, limit: 'once' });

export interface SimPromotions {
  ending: PromotionId;
  once: PromotionId;
}

export async function createSimPromotions(db: Db, cafeId: CafeId, at: Date): Promise<SimPromotions> {
  for (const d of SIM_PROMOTIONS) await createPromotion(db, cafeId, newId<PromotionId>(), d, at);
  const ending = await createPromotion(db, cafeId, newId<PromotionId>(), ENDING, at);
  const once = await createPromotion(db, cafeId, newId<PromotionId>(), ONCE, at);
  return { ending: ending.id, once: once.id };
}

/** A promotion's definition as text in one key order, so a tablet's copy and the server's compare. */
export function definitionOf(p: PromotionDraft): string {
  const { name, audience, weekdays, window, starts, ends, benefit, minCheck, limit } = p;
  return JSON.stringify({ name, audience, weekdays, window, starts, ends, benefit, minCheck, limit });
}

/** What the tablet holds on the guest and the promotion right now: recorded before the sale is. */
async function heldBy(db: CounterDb, guestId: GuestId, promotionId: PromotionId): Promise<Omit<Application, 'purchaseId' | 'tablet'>> {
  const [guest, stats, promotion, own, pulled] = await Promise.all([
    db.guests.get(guestId),
    db.stats.get(guestId),
    db.promotions.get(promotionId),
    promotionPurchases(db, guestId),
    pulledUses(db, guestId),
  ]);
  if (!guest || !promotion) throw new Error('an offer was listed for a guest or promotion the tablet does not hold');
  return {
    promotionId,
    heldUses: (knownUses(own, pulled).get(promotionId) ?? []).map((u) => u.purchaseId),
    status: promotion.status,
    definition: definitionOf(promotion),
    guest: { registeredAt: guest.registeredAt, purchaseCount: stats?.purchaseCount ?? 0, lastPurchaseAt: stats?.lastPurchaseAt ?? null },
  };
}

/**
 * The offer the barista taps, if any: the guest card's list for this check, one picked at
 * random half the time. Returns the promotion and the discount it gives (for the points the
 * guest may still spend), and what the tablet held, to record once the sale has its id.
 */
export async function pickOffer(
  db: CounterDb,
  guestId: GuestId,
  amount: Kopecks,
  now: Date,
  random: () => number,
): Promise<{ promotionId: PromotionId; discount: Kopecks; held: Omit<Application, 'purchaseId' | 'tablet'> } | null> {
  const offers = await guestOffers(db, guestId, now, amount);
  if (offers.length === 0 || random() >= 0.5) return null;
  const offer = offers[Math.floor(random() * offers.length)]!;
  return { promotionId: offer.id, discount: discountFor(offer.benefit, amount), held: await heldBy(db, guestId, offer.id) };
}

interface Tablet {
  db: CounterDb;
  transport: SyncTransport;
}

/**
 * One 'once' offer used for one guest on two tablets that cannot see each other: a new guest is
 * registered on the first, both tablets sync with faults held off (both hold the guest and the
 * promotion), then each applies the offer offline, a minute apart. Returns the guest and the
 * later sale: the server must flag it, whichever tablet uploads first.
 */
export async function applyTwiceOffline<T extends Tablet>(
  [a, b]: [T, T],
  phone: string,
  once: PromotionId,
  now: () => Date,
  advance: () => void,
  faults: { enabled: boolean },
  record: (tablet: T, application: Omit<Application, 'tablet'>) => void,
): Promise<{ guestId: GuestId; later: string }> {
  const guest = await registerGuest(a.db, { phone, name: 'Двойная акция', birthday: '', consent: true }, now());
  faults.enabled = false;
  for (let round = 0; round < 2; round++) for (const t of [a, b]) await syncOnce(t.db, t.transport, now);
  faults.enabled = true;
  let later = '';
  for (const t of [a, b]) {
    advance();
    const amount = kopecks(40_000);
    const offers = await guestOffers(t.db, guest.id, now(), amount);
    if (!offers.some((o) => o.id === once)) throw new Error('the staged guest is not offered the once-only promotion on a tablet');
    const held = await heldBy(t.db, guest.id, once);
    const p = await recordPurchase(t.db, { guestId: guest.id, amount: '400', items: [], promotionId: once, online: false }, now());
    record(t, { ...held, purchaseId: p.id });
    later = p.id;
  }
  return { guestId: guest.id, later };
}

/** Every flag the server recorded, with what it judged from, read with the simulator's own SQL. */
export async function readServerFlags(db: Db, cafeId: CafeId): Promise<ServerFlag[]> {
  const { timeZone } = await cafeById(db, cafeId);
  const rows = await db.query<{
    purchase_id: string;
    reason: string;
    guest_id: string;
    promotion_id: string;
    purchased_at: Date;
    id: string | null;
    definition: unknown;
    status: string | null;
    registered_at: Date | null;
  }>(
    `SELECT f.purchase_id, f.reason, p.guest_id, p.promotion_id, p.purchased_at, pr.id, pr.definition, pr.status, g.registered_at
     FROM promotion_flags f
     JOIN purchases p ON p.cafe_id = f.cafe_id AND p.id = f.purchase_id
     LEFT JOIN promotions pr ON pr.cafe_id = f.cafe_id AND pr.id = p.promotion_id
     LEFT JOIN guests g ON g.cafe_id = f.cafe_id AND g.id = p.guest_id
     WHERE f.cafe_id = $1`,
    [cafeId],
  );
  const flags: ServerFlag[] = [];
  for (const r of rows) {
    // Every tablet's purchases of the guest before this one, voided or not: the segment counts
    // those standing now; a use voided since may be what the server judged the limit by.
    const before = await db.query<{ id: string; purchased_at: Date; promotion_id: string | null; voided: boolean }>(
      `SELECT id, purchased_at, promotion_id, EXISTS (SELECT 1 FROM purchase_voids v WHERE v.purchase_id = p.id) AS voided FROM purchases p
       WHERE cafe_id = $1 AND guest_id = $2 AND purchased_at < $3 AND id <> $4`,
      [cafeId, r.guest_id, r.purchased_at.toISOString(), r.purchase_id],
    );
    const standing = before.filter((u) => !u.voided);
    const day = localDateOf(r.purchased_at, timeZone);
    const uses = before.filter((u) => u.promotion_id === r.promotion_id && (r.reason !== 'used-today' || localDateOf(u.purchased_at, timeZone) === day));
    const last = standing.reduce<number | null>((m, u) => Math.max(m ?? 0, u.purchased_at.getTime()), null);
    flags.push({
      purchaseId: r.purchase_id,
      reason: r.reason,
      definition: r.id ? definitionOf(toPromotion({ id: r.id, definition: r.definition, status: r.status ?? 'active' }) satisfies Promotion) : null,
      guest: r.registered_at ? { registeredAt: r.registered_at.getTime(), purchaseCount: standing.length, lastPurchaseAt: last } : null,
      breakingUses: uses.map((u) => ({ id: u.id, voided: u.voided })),
    });
  }
  return flags;
}
