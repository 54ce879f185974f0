-- The owner's account (passwords hashed with scrypt), tablets paired by one-time codes
-- (only hashes of codes and tokens are stored), and what sync needs.
CREATE TABLE owners (
  id             uuid PRIMARY KEY,
  cafe_id        uuid NOT NULL REFERENCES cafes (id),
  email          text NOT NULL UNIQUE,
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pairing_codes (
  code_hash   text PRIMARY KEY,
  cafe_id     uuid NOT NULL REFERENCES cafes (id),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);

CREATE TABLE devices (
  id             uuid PRIMARY KEY,
  cafe_id        uuid NOT NULL REFERENCES cafes (id),
  name           text NOT NULL,
  token_hash     text NOT NULL UNIQUE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz,
  last_seen_at   timestamptz,
  -- How far ahead of the server the tablet's clock was last seen (ms); flagged beyond 5 min.
  clock_ahead_ms bigint NOT NULL DEFAULT 0
);

-- Every mutation applied, by its id: a batch delivered twice changes nothing.
CREATE TABLE applied_mutations (
  mutation_id  uuid PRIMARY KEY,
  cafe_id      uuid NOT NULL,
  device_id    uuid NOT NULL,
  kind         text NOT NULL,
  device_at    timestamptz NOT NULL,
  received_at  timestamptz NOT NULL
);

-- Pull cursors: every change a tablet must see takes the next number of one sequence.
-- Writers of a café hold its advisory lock until commit, so numbers commit in order and
-- a reader never passes over a number that commits later.
CREATE SEQUENCE change_seq;
ALTER TABLE guests ADD COLUMN version bigint NOT NULL DEFAULT nextval('change_seq');
ALTER TABLE guests ADD COLUMN birthday date;
ALTER TABLE guests ADD COLUMN consent boolean NOT NULL DEFAULT false;
ALTER TABLE guests ADD COLUMN consent_at timestamptz;
-- Hybrid logical clock of the last write of each profile field: last writer wins per field.
ALTER TABLE guests ADD COLUMN field_clocks jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX guests_cafe_version ON guests (cafe_id, version);
ALTER TABLE cafes ADD COLUMN version bigint NOT NULL DEFAULT nextval('change_seq');
ALTER TABLE cafes ADD COLUMN last_resegment_day date;

ALTER TABLE purchases ADD COLUMN device_id uuid;
-- The tablet's clock was more than 5 minutes ahead of the server's when this arrived.
ALTER TABLE purchases ADD COLUMN clock_flagged boolean NOT NULL DEFAULT false;

ALTER TABLE purchase_voids ADD COLUMN version bigint NOT NULL DEFAULT nextval('change_seq');
ALTER TABLE purchase_voids ADD COLUMN guest_id uuid;

-- Two tablets registered one phone: the later registration (ties by id) was merged into the earlier.
CREATE TABLE guest_merges (
  from_guest_id  uuid PRIMARY KEY,
  into_guest_id  uuid NOT NULL,
  cafe_id        uuid NOT NULL,
  version        bigint NOT NULL DEFAULT nextval('change_seq'),
  merged_at      timestamptz NOT NULL
);
CREATE INDEX guest_merges_cafe_version ON guest_merges (cafe_id, version);
CREATE INDEX purchase_voids_version ON purchase_voids (version);

-- A merge moves history from the later guest to the earlier one, so history may name a guest id
-- that no longer exists as a row; the guest column is kept without a foreign key.
ALTER TABLE segment_history DROP CONSTRAINT segment_history_guest_id_fkey;
