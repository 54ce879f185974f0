-- Bonus points (DESIGN.md "Bonus points and promotions"; the rules are shared/loyalty/).

-- A purchase carries its benefit: `discount` (kopecks a promotion took off) and the points
-- spent on it. Paid = amount − discount − points × 100 is the money actually taken: what
-- revenue, average check, spend and accrual count everywhere, so it is kept as a column.
ALTER TABLE purchases ADD COLUMN discount bigint NOT NULL DEFAULT 0;
ALTER TABLE purchases ADD COLUMN points_redeemed integer NOT NULL DEFAULT 0;
ALTER TABLE purchases ADD COLUMN promotion_id uuid;
-- The points the server credited for it (its ledger's accrual entry, written in the same
-- transaction): kept here too so an export of millions of purchases needs no join to the ledger.
ALTER TABLE purchases ADD COLUMN points_accrued integer NOT NULL DEFAULT 0;
ALTER TABLE purchases ADD COLUMN paid bigint GENERATED ALWAYS AS (amount - discount - points_redeemed::bigint * 100) STORED;
ALTER TABLE purchases ADD CONSTRAINT purchases_benefit_check
  CHECK (discount >= 0 AND points_redeemed >= 0 AND amount - discount - points_redeemed::bigint * 100 >= 0);

-- Paid spend over the tier window: purchases from `cafes.tier_from` on (the first instant of
-- the café day 364 days before today; NULL: every purchase, until the loyalty job first moves
-- it). Kept by the statements that keep the other aggregates (purchases.repo.ts).
ALTER TABLE guest_stats ADD COLUMN tier_spend bigint NOT NULL DEFAULT 0;
UPDATE guest_stats SET tier_spend = total_spend;
ALTER TABLE cafes ADD COLUMN tier_from timestamptz;

-- The café's programme (shared/loyalty/program.ts), saved by the owner; none saved: DEFAULT_PROGRAM.
-- Tablets pull it by its change number.
CREATE TABLE loyalty_programs (
  cafe_id     uuid PRIMARY KEY REFERENCES cafes (id),
  program     jsonb NOT NULL,
  version     bigint NOT NULL DEFAULT nextval('change_seq'),
  updated_at  timestamptz NOT NULL
);

-- The ledger: append-only signed entries, never edited or deleted (a merge moves a guest's
-- entries to the guest that stands). Ids are made on the tablet or derived from what an entry
-- reverses or belongs to (shared/loyalty/entry-ids.ts), unique per café, so a retried push
-- stores nothing twice; an entry is reversed at most once, which the unique index holds even
-- against two tablets voiding one purchase. `seq` is the ledger's order (replay reads it).
CREATE SEQUENCE loyalty_entry_seq;
CREATE TABLE loyalty_entries (
  cafe_id        uuid NOT NULL,
  id             uuid NOT NULL,
  seq            bigint NOT NULL DEFAULT nextval('loyalty_entry_seq'),
  guest_id       uuid NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('welcome', 'opening', 'accrual', 'redemption', 'reversal', 'reward', 'expiry', 'adjustment')),
  points         integer NOT NULL CHECK (points <> 0),
  -- When it happened by the clock of whoever made it; a credit's lot earns from here.
  at             timestamptz NOT NULL,
  purchase_id    uuid,
  reverses       uuid,
  reason         text,
  -- The tablet that made it (null: the server, a job, an import).
  device_id      uuid,
  -- Where the server credited its own figure (an accrual), the tablet's.
  device_points  integer,
  received_at    timestamptz NOT NULL,
  PRIMARY KEY (cafe_id, id),
  CHECK ((kind IN ('welcome', 'opening', 'accrual') AND points > 0) OR (kind IN ('redemption', 'reward', 'expiry') AND points < 0)
         OR kind IN ('reversal', 'adjustment')),
  CHECK ((kind = 'reversal') = (reverses IS NOT NULL))
);
CREATE INDEX loyalty_entries_guest ON loyalty_entries (cafe_id, guest_id, seq);
CREATE UNIQUE INDEX loyalty_entries_reverses ON loyalty_entries (cafe_id, reverses) WHERE reverses IS NOT NULL;

-- Each guest's balance as a replay of their ledger gives it, written by the statement after
-- the one that appends their entries, in the same transaction (ledger.repo.ts): reads at a
-- million guests never sum a ledger. A guest with no row has no entries: balance 0.
-- The oldest lot: the earning time of the guest's oldest unspent points and the points earned
-- on that café day, for the next expiry at the counter and the expiry job's index.
CREATE TABLE loyalty_balances (
  cafe_id            uuid NOT NULL,
  guest_id           uuid NOT NULL,
  balance            bigint NOT NULL,
  overdraft          bigint NOT NULL DEFAULT 0 CHECK (overdraft >= 0),
  oldest_lot_at      timestamptz,
  oldest_lot_points  bigint,
  version            bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (cafe_id, guest_id)
);
CREATE INDEX loyalty_balances_version ON loyalty_balances (cafe_id, version);
CREATE INDEX loyalty_balances_oldest_lot ON loyalty_balances (cafe_id, oldest_lot_at) WHERE oldest_lot_at IS NOT NULL;
CREATE INDEX loyalty_balances_overdrawn ON loyalty_balances (cafe_id) INCLUDE (overdraft) WHERE overdraft > 0;

-- Points per hour (UTC, of the server's receipt) and kind, kept by the statement that appends
-- the entries; a reversal counts under the kind of the entry it reverses (a voided accrual
-- was never issued). The programme report sums these, never the ledger.
CREATE TABLE loyalty_totals (
  cafe_id  uuid NOT NULL,
  hour     timestamptz NOT NULL,
  kind     text NOT NULL,
  points   bigint NOT NULL,
  entries  integer NOT NULL,
  PRIMARY KEY (cafe_id, hour, kind)
);

-- Spending that went beyond the balance (two offline tablets spent the same points; a
-- merge cancelled a welcome bonus already spent): both sales stand, and the owner sees the
-- guest, the tablets whose spending met (the overdrawing one first) and the points.
CREATE TABLE loyalty_overdrafts (
  cafe_id      uuid NOT NULL,
  entry_id     uuid NOT NULL,
  guest_id     uuid NOT NULL,
  points       bigint NOT NULL CHECK (points > 0),
  device_ids   uuid[] NOT NULL,
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (cafe_id, entry_id)
);
CREATE INDEX loyalty_overdrafts_recorded ON loyalty_overdrafts (cafe_id, recorded_at);
CREATE INDEX loyalty_overdrafts_guest ON loyalty_overdrafts (cafe_id, guest_id);
