-- Hardening against a hostile or broken tablet (issue 11).

-- What each applied mutation held (sha-256 of its canonical JSON): the same id sent again with
-- other content is refused as a conflict instead of being acked and dropped. Null for the
-- mutations applied before this was kept: those ids are trusted as before.
ALTER TABLE applied_mutations ADD COLUMN content_hash text;

-- Mutations the server refused for good, per tablet, for the owner to review. The body is not
-- kept: it was refused because it cannot be trusted, and it may hold what cannot be stored.
CREATE TABLE refused_mutations (
  mutation_id  uuid NOT NULL,
  device_id    uuid NOT NULL,
  cafe_id      uuid NOT NULL,
  kind         text,
  code         text NOT NULL,
  field        text,
  message      text NOT NULL,
  refused_at   timestamptz NOT NULL,
  PRIMARY KEY (device_id, mutation_id)
);

-- The tablet that voided a purchase (null: voided before this was kept).
ALTER TABLE purchase_voids ADD COLUMN device_id uuid;
