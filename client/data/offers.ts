/**
 * The offers that apply to a guest at the counter now. The guest's segment is computed at that
 * moment (guest-segment.ts) and handed to the shared rule (shared/promotions/eligibility.ts)
 * together with the café's zone and the guest's uses known to this tablet: its own purchases
 * that carried the promotion, not voided, and every tablet's uses the last pull brought
 * (promotion-uses.ts) — one per purchase id, this tablet's own row deciding for its own
 * purchase (a void not yet uploaded is known here first) — so a 'once' or 'daily' limit holds
 * across tablets as far as this tablet can know; the server flags what two offline tablets
 * break. A personal promotion is offered only to a guest this tablet holds a grant for (pulled
 * from the server), with the benefit sized for them. The segment stays here: an offer carries
 * the promotion's name and benefit, never who it was aimed at.
 */
import type { GuestId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { type Offer, offersFor, type PreparedPromotions, preparePromotions } from '../../shared/promotions/eligibility.ts';
import type { Grants } from '../../shared/promotions/personal.ts';
import type { Benefit, PromotionId } from '../../shared/promotions/promotion.ts';
import type { CounterDb, GuestRow, PromotionRow, PurchaseRow, StatsRow, UseRow } from './db.ts';
import { segmentAsOf } from './guest-segment.ts';
import { newId } from './new-id.ts';
import { type KeptShared, keptFor } from './offers-cache.ts';
import type { CounterSettings } from './settings.ts';
import { readSettings } from './settings.ts';

/** What the guest card lists and the purchase screen applies. */
export interface CounterOffer {
  id: PromotionId;
  name: string;
  benefit: Benefit;
  /** Set while the amount is not known: the check must reach this for the offer to apply. */
  needsMinCheck: Kopecks | null;
}

/** One use of a promotion the tablet knows: the purchase that carried it and when. */
export interface KnownUse {
  purchaseId: string;
  at: Date;
}

/**
 * The guest's uses of each promotion this tablet knows: its own purchases that carried one, not
 * voided, and the pulled uses of purchases it does not hold itself — its own row decides for a
 * purchase it holds, so an acked use pulled back is counted once and a void not yet uploaded
 * already gives the use back.
 */
export function knownUses(purchases: readonly PurchaseRow[], pulled: readonly UseRow[] = []): Map<PromotionId, KnownUse[]> {
  const uses = new Map<PromotionId, KnownUse[]>();
  const add = (promotionId: PromotionId, use: KnownUse) => {
    const list = uses.get(promotionId);
    if (list) list.push(use);
    else uses.set(promotionId, [use]);
  };
  const own = new Set<string>();
  for (const p of purchases) {
    own.add(p.id);
    if (p.promotionId && !p.voided) add(p.promotionId, { purchaseId: p.id, at: new Date(p.purchasedAt) });
  }
  for (const u of pulled) if (!own.has(u.purchaseId)) add(u.promotionId, { purchaseId: u.purchaseId, at: new Date(u.usedAt) });
  return uses;
}

/** The instants of knownUses, as the eligibility rule takes them. */
export function usesOf(purchases: readonly PurchaseRow[], pulled: readonly UseRow[] = []): Map<PromotionId, Date[]> {
  return new Map([...knownUses(purchases, pulled)].map(([id, list]) => [id, list.map((u) => u.at)]));
}

/** The guest's purchases that carried a promotion, through their own index: a regular's hundreds of others are not read. */
// Promotion ids are ASCII uuids, so ['', '\uffff'] spans them all without importing Dexie's
// minKey, which would load Dexie before a test's fake IndexedDB is installed.
export const promotionPurchases = (db: CounterDb, guestId: GuestId): Promise<PurchaseRow[]> =>
  db.purchases.where('[guestId+promotionId]').between([guestId, ''], [guestId, '\uffff']).toArray();

/** The guest's uses that pulls brought, any tablet's (promotion-uses.ts). */
export const pulledUses = (db: CounterDb, guestId: GuestId): Promise<UseRow[]> => db.uses.where('guestId').equals(guestId).toArray();

/** The guest's grants of personal promotions. */
export const guestGrants = async (db: CounterDb, guestId: GuestId): Promise<Grants> =>
  new Map((await db.grants.where('guestId').equals(guestId).toArray()).map((g) => [g.promotionId, g.benefit]));

/** What the tablet holds of a guest to judge their offers. */
export interface HeldGuest {
  guest: Pick<GuestRow, 'registeredAt'>;
  stats: StatsRow | undefined;
  purchases: readonly PurchaseRow[];
  /** Uses pulled from the server; absent: none. */
  pulled?: readonly UseRow[];
  grants?: Grants;
}

/** The eligibility context of a guest as of `now`, from the rows the tablet holds. */
export function guestContext(held: HeldGuest, settings: Pick<CounterSettings, 'timeZone' | 'rules'>, now: Date, amount?: Kopecks | null) {
  return {
    segment: segmentAsOf(held.guest, held.stats, settings, now),
    zone: settings.timeZone,
    amount,
    uses: usesOf(held.purchases, held.pulled),
    ...(held.grants ? { grants: held.grants } : {}),
  };
}

const toCounterOffer = ({ promotion: p, needsMinCheck }: Offer): CounterOffer => ({ id: p.id, name: p.name, benefit: p.benefit, needsMinCheck });

/** The offers from rows already read (the guest's purchases that carried a promotion among them). */
export function offersFromHeld(
  promotions: readonly PromotionRow[] | PreparedPromotions,
  held: HeldGuest,
  settings: Pick<CounterSettings, 'timeZone' | 'rules'>,
  now: Date,
  amount?: Kopecks | null,
): CounterOffer[] {
  return offersFor(promotions, guestContext(held, settings, now, amount), now).map(toCounterOffer);
}

/**
 * Stores promotions (a pull's) and stamps the set in the same transaction: the one writer of
 * the table, so every tab's prepared copy (below) sees the change on its next read.
 */
export function storePromotions(db: CounterDb, rows: readonly PromotionRow[]): Promise<void> {
  return db.transaction('rw', [db.promotions, db.settings], async () => {
    await Promise.all([db.promotions.bulkPut([...rows]), db.settings.put({ key: 'promotionsStamp', value: newId<string>() })]);
  });
}

/**
 * The promotions this tab last read, prepared, under the stamp they were read with. The
 * counter lists offers guest after guest while the set changes only with a pull, so reading
 * and preparing every row each time (most of the time an offer list took) is done once per
 * stamp (a new id each time, never reused). The stamp is read in the same transaction as the
 * guest, so a set stored by any tab is never missed.
 */
const prepared = new WeakMap<CounterDb, { stamp: string | null; promotions: PreparedPromotions }>();

async function heldPromotions(db: CounterDb, stamp: string | null): Promise<PreparedPromotions> {
  const kept = prepared.get(db);
  // No stamp: nothing was ever stored through storePromotions (a new or recreated database), so nothing is trusted.
  if (kept && stamp !== null && kept.stamp === stamp) return kept.promotions;
  const promotions = preparePromotions(await db.promotions.toArray());
  prepared.set(db, { stamp, promotions });
  return promotions;
}

/**
 * The offers that apply to the guest at `now`; with `amount`, only those the check reaches.
 * What they are judged from is read once and kept until a write drops it (offers-cache.ts):
 * the guest card's read serves the purchase screen and every change of the check.
 */
export async function guestOffers(db: CounterDb, guestId: GuestId, now: Date, amount?: Kopecks | null): Promise<CounterOffer[]> {
  const before = keptFor(db);
  const shared = before?.shared ?? null;
  const kept = before?.guests.get(guestId);
  if (shared && kept) return offersFromHeld(shared.promotions, kept, shared.settings, now, amount);
  // With the café's part kept, only the guest's stores are in the transaction.
  const stores = shared
    ? [db.guests, db.stats, db.purchases, db.uses, ...(shared.personal ? [db.grants] : [])]
    : [db.guests, db.stats, db.settings, db.purchases, db.promotions, db.grants, db.uses];
  const read = await db.transaction('r', stores, () => readHeld(db, guestId, shared));
  // Kept only when no write came between (its generation would be gone) and the database was open before.
  if (before && keptFor(db) === before) {
    before.shared = read.shared;
    if (read.held) before.guests.set(guestId, read.held);
  }
  return read.held ? offersFromHeld(read.shared.promotions, read.held, read.shared.settings, now, amount) : [];
}

/** Inside guestOffers' transaction: the guest's rows, and the café's settings and promotions unless kept. */
async function readHeld(db: CounterDb, guestId: GuestId, shared: KeptShared | null): Promise<{ shared: KeptShared; held: HeldGuest | null }> {
  const guestRows = (personal: boolean) =>
    Promise.all([
      db.guests.get(guestId),
      db.stats.get(guestId),
      promotionPurchases(db, guestId),
      pulledUses(db, guestId),
      // Grants matter only to a personal promotion; with none held they are not read.
      personal ? guestGrants(db, guestId) : undefined,
    ]);
  const held = ([guest, stats, purchases, pulled, grants]: Awaited<ReturnType<typeof guestRows>>): HeldGuest | null =>
    guest ? { guest, stats, purchases, pulled, ...(grants ? { grants } : {}) } : null;
  if (shared) return { shared, held: held(await guestRows(shared.personal)) };
  const [settings, rows] = await Promise.all([readSettings(db), guestRows(true)]);
  const promotions = await heldPromotions(db, settings.promotionsStamp);
  const personal = promotions.prepared.some((p) => p.promotion.personal === true);
  return { shared: { settings: { timeZone: settings.timeZone, rules: settings.rules }, promotions, personal }, held: held(rows) };
}
