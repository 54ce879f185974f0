/**
 * The tablet's database (IndexedDB through Dexie) — the only place the client touches
 * storage. It holds the guests, their purchases, each guest's stats, the outbox of writes
 * waiting to go to the server, and the café's settings. Every write that belongs together
 * (a purchase, its stats, its outbox entry) commits in one transaction: a reload or a full
 * disk can never leave half of it. It holds no segment: a segment changes with the calendar
 * alone, so the tablet computes it when needed, as of that moment (guest-segment.ts).
 *
 * Schema versions are kept, never edited: each new version is added below with its upgrade,
 * and db.upgrade.test.ts opens a database of every earlier version and upgrades it.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { LocalDate } from '../../shared/domain/calendar.ts';
import type { Consent } from '../../shared/domain/guest-profile.ts';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import type { EntryKind } from '../../shared/loyalty/ledger.ts';
import type { Benefit, Promotion, PromotionId } from '../../shared/promotions/promotion.ts';
import type { Mutation, PurchaseItem } from '../../shared/sync/mutations.ts';
import { tick } from '../../shared/sync/hlc.ts';
import { PENDING, type BaseStats, type SyncState } from '../../shared/sync/tablet-view.ts';

export interface GuestRow {
  id: GuestId;
  phone: E164Phone;
  /** National digits `9XXXXXXXXX`, indexed for prefix search. */
  digits: string;
  /** The last four digits, indexed: guests often give just those. */
  last4: string;
  name: string | null;
  birthday: LocalDate | null;
  consent: Consent;
  registeredAt: number;
}

export interface PurchaseRow {
  id: PurchaseId;
  guestId: GuestId;
  purchasedAt: number;
  amount: Kopecks;
  items: PurchaseItem[];
  /** Bonus points spent on it (one point pays one ruble): paid = amount − points × 100. Absent: none. */
  pointsRedeemed?: number;
  /** The points this tablet credited for it (the server credits its own figure). Absent: none. */
  pointsAccrued?: number;
  /** The promotion applied at the counter; absent or null: none. */
  promotionId?: PromotionId | null;
  /** Kopecks the promotion took off: paid = amount − discount − points × 100. Absent: none. */
  discount?: Kopecks;
  voided: { at: number; reason: string } | null;
  /** Pending, acked by the server, or counted in the server stats we hold (shared/sync/tablet-view.ts). */
  syncState: SyncState;
  voidState: SyncState | null;
}

export interface StatsRow {
  guestId: GuestId;
  purchaseCount: number;
  firstPurchaseAt: number | null;
  lastPurchaseAt: number | null;
  totalSpend: Kopecks;
  /** The server's stats as of the last pull; null until the first. */
  base: BaseStats | null;
}

export interface OutboxRow {
  seq?: number;
  mutationId: string;
  mutation: Mutation;
  createdAt: number;
  /** Hybrid logical clock of the write. */
  hlc: string;
}

/**
 * An outbox entry the server acked, kept SENT_KEEP_MS after its ack with its place in the
 * queue (`seq`): if the server is restored from a backup (its sync epoch changes) these go
 * back into the outbox, in their old order, and are sent again (sync/epoch.ts).
 */
export interface SentRow extends OutboxRow {
  seq: number;
  ackedAt: number;
}

/**
 * One of this tablet's own bonus entries (shared/loyalty/ledger.ts), kept until a pulled
 * balance includes it: a welcome bonus, a purchase's redemption and accrual, a void's
 * reversals. `mutationId` is the outbox entry that carries it, so the ack of that entry
 * moves it from pending to acked (shared/loyalty/balance-view.ts).
 */
export interface LedgerRow {
  id: string;
  guestId: GuestId;
  kind: EntryKind;
  points: number;
  at: number;
  purchaseId: PurchaseId | null;
  reverses: string | null;
  mutationId: string;
  syncState: SyncState;
}

/** A guest's balance as the server held it at the last pull that brought it (shared/sync/protocol.ts). */
export interface BalanceRow {
  guestId: GuestId;
  balance: number;
  overdraft: number;
  oldestLot: { earnedAt: number; points: number } | null;
}

/** A promotion as the last pull brought it, whatever its status: eligibility skips a paused or ended one. */
export type PromotionRow = Promotion;

/**
 * A use of a limited promotion as a pull brought it (shared/sync/protocol.ts `promotionUses`):
 * any tablet's, this one's own included. The counter counts these with its own purchases that
 * carried a promotion, one per purchase id (offers.ts).
 */
export interface UseRow {
  purchaseId: PurchaseId;
  guestId: GuestId;
  promotionId: PromotionId;
  usedAt: number;
}

/** A personal promotion granted to a guest (shared/promotions/personal.ts), as the server sent it. */
export interface GrantRow {
  promotionId: PromotionId;
  guestId: GuestId;
  /** Sized for the guest; null: the promotion's own. */
  benefit: Benefit | null;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export const DB_NAME = 'cafe-counter';

/** Every schema the tablet has ever had, oldest first. */
export const SCHEMAS = [
  {
    version: 1,
    stores: {
      guests: 'id, &phone, digits',
      purchases: 'id, guestId, purchasedAt',
      stats: 'guestId',
      outbox: '++seq, &mutationId',
      settings: 'key',
    },
  },
  {
    version: 2,
    stores: {
      guests: 'id, &phone, digits, last4',
      purchases: 'id, guestId, purchasedAt, [guestId+purchasedAt]',
    },
  },
  {
    version: 3,
    stores: {
      purchases: 'id, guestId, purchasedAt, [guestId+purchasedAt], syncState, voidState',
    },
  },
  { version: 4, stores: {} },
  {
    version: 5,
    stores: {
      ledger: 'id, guestId, mutationId, purchaseId',
      balances: 'guestId',
    },
  },
  {
    version: 6,
    stores: {
      // A purchase with no promotion has no key here (null is not a key): the index holds uses only.
      purchases: 'id, guestId, purchasedAt, [guestId+purchasedAt], syncState, voidState, [guestId+promotionId]',
      promotions: 'id',
    },
  },
  {
    version: 7,
    stores: {
      grants: '[promotionId+guestId], guestId',
    },
  },
  {
    version: 8,
    stores: {
      sent: 'seq, &mutationId, ackedAt',
    },
  },
  {
    version: 9,
    stores: {
      uses: 'purchaseId, [guestId+promotionId], guestId, promotionId',
    },
  },
] as const;

export class CounterDb extends Dexie {
  guests!: EntityTable<GuestRow, 'id'>;
  purchases!: EntityTable<PurchaseRow, 'id'>;
  stats!: EntityTable<StatsRow, 'guestId'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  settings!: EntityTable<SettingRow, 'key'>;
  ledger!: EntityTable<LedgerRow, 'id'>;
  balances!: EntityTable<BalanceRow, 'guestId'>;
  promotions!: EntityTable<PromotionRow, 'id'>;
  grants!: Table<GrantRow, [PromotionId, GuestId]>;
  sent!: EntityTable<SentRow, 'seq'>;
  uses!: EntityTable<UseRow, 'purchaseId'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMAS[0].stores);
    // v2: search by the last four digits; a guest's purchases in time order.
    this.version(2)
      .stores(SCHEMAS[1].stores)
      .upgrade((tx) =>
        tx
          .table<GuestRow>('guests')
          .toCollection()
          .modify((g) => {
            g.last4 = g.phone.slice(-4);
          }),
      );
    // v3: sync. Nothing was ever uploaded before it: every purchase and void is pending.
    this.version(3)
      .stores(SCHEMAS[2].stores)
      .upgrade(async (tx) => {
        await tx
          .table<PurchaseRow>('purchases')
          .toCollection()
          .modify((p) => {
            p.syncState = PENDING;
            p.voidState = p.voided ? PENDING : null;
          });
        await tx
          .table<StatsRow>('stats')
          .toCollection()
          .modify((s) => {
            s.base = null;
          });
        let clock: string | null = null;
        await tx
          .table<OutboxRow>('outbox')
          .toCollection()
          .modify((o) => {
            o.hlc = clock = tick(clock, o.createdAt, 'upgrade');
          });
      });
    // v4: no stored segment. One written on an earlier day must never be read as today's.
    this.version(4)
      .stores(SCHEMAS[3].stores)
      .upgrade((tx) =>
        tx
          .table<StatsRow & { segment?: unknown }>('stats')
          .toCollection()
          .modify((s) => {
            delete s.segment;
          }),
      );
    // v5: bonus points. Every purchase before it spent none; no entry or balance is held yet,
    // so each guest's balance shows 0 until the first pull brings the server's.
    this.version(5)
      .stores(SCHEMAS[4].stores)
      .upgrade((tx) =>
        tx
          .table<PurchaseRow>('purchases')
          .toCollection()
          .modify((p) => {
            p.pointsRedeemed ??= 0;
          }),
      );
    // v6: promotions. Every purchase before it carried none and had nothing taken off.
    this.version(6)
      .stores(SCHEMAS[5].stores)
      .upgrade((tx) =>
        tx
          .table<PurchaseRow>('purchases')
          .toCollection()
          .modify((p) => {
            p.promotionId ??= null;
            p.discount ??= 0 as Kopecks;
          }),
      );
    // v7: grants of personal promotions; none held until the next pull brings them.
    this.version(7).stores(SCHEMAS[6].stores);
    // v8: acked writes kept a while, to be sent again to a server restored from a backup.
    // Nothing acked before it was kept: a restore can bring back only what is acked from now on.
    this.version(8).stores(SCHEMAS[7].stores);
    // v9: other tablets' uses of limited promotions, pulled. Pages pulled before it carried
    // them already (the tablet skipped them), so the next sync pulls again from the start.
    this.version(9)
      .stores(SCHEMAS[8].stores)
      .upgrade((tx) => tx.table<SettingRow>('settings').put({ key: 'cursor', value: '0' }));
  }
}

let current: CounterDb | undefined;

/** The app's database, opened on first use. */
export function counterDb(): CounterDb {
  current ??= new CounterDb();
  return current;
}
