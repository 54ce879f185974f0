-- The café and its settings. One server holds one café today; every table carries
-- cafe_id so a second café needs no schema change.
CREATE TABLE cafes (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  time_zone   text NOT NULL DEFAULT 'Europe/Moscow',
  rule_set    jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE guests (
  id              uuid PRIMARY KEY,
  cafe_id         uuid NOT NULL REFERENCES cafes (id),
  phone           text NOT NULL CHECK (phone ~ '^\+79[0-9]{9}$'),
  name            text,
  registered_at   timestamptz NOT NULL,
  -- 'counter' | 'import' | 'import-purchase' (registered at its first imported purchase)
  registered_via  text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cafe_id, phone)
);

-- Append-only: a mistaken purchase gets a row in purchase_voids, never an edit.
-- No foreign key on guest_id: PostgreSQL checks one row at a time, which halved the import
-- rate; recordPurchases checks every guest of a batch in one set-based step instead (and
-- that they belong to the same café, which a foreign key would not).
CREATE TABLE purchases (
  id            uuid PRIMARY KEY,
  cafe_id       uuid NOT NULL,
  guest_id      uuid NOT NULL,
  purchased_at  timestamptz NOT NULL,
  amount        bigint NOT NULL CHECK (amount > 0),
  source        text NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX purchases_guest_time ON purchases (guest_id, purchased_at);

CREATE TABLE purchase_voids (
  purchase_id  uuid PRIMARY KEY REFERENCES purchases (id),
  voided_at    timestamptz NOT NULL,
  reason       text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);

-- Per-guest aggregates of non-voided purchases, updated in the same transaction as each
-- purchase or void. Kept narrow (registered_at is copied from guests) because segment
-- reports scan it whole: every byte here is paid for on every report.
CREATE TABLE guest_stats (
  guest_id           uuid PRIMARY KEY REFERENCES guests (id),
  cafe_id            uuid NOT NULL,
  registered_at      timestamptz NOT NULL,
  purchase_count     integer NOT NULL DEFAULT 0,
  first_purchase_at  timestamptz,
  last_purchase_at   timestamptz,
  total_spend        bigint NOT NULL DEFAULT 0,
  -- The segment last recorded in segment_history: what a movement is measured from.
  -- Reports never read it; they classify as of their own date.
  segment            text
);
CREATE INDEX guest_stats_cafe_last ON guest_stats (cafe_id, last_purchase_at);

CREATE TABLE segment_history (
  id            bigserial PRIMARY KEY,
  cafe_id       uuid NOT NULL,
  guest_id      uuid NOT NULL REFERENCES guests (id),
  from_segment  text,
  to_segment    text NOT NULL,
  at            timestamptz NOT NULL,
  rule_set_id   text NOT NULL
);
CREATE INDEX segment_history_cafe_at ON segment_history (cafe_id, at);
CREATE INDEX segment_history_guest ON segment_history (guest_id, at);
