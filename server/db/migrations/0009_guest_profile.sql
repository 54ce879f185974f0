-- The owner's guest profile (issue 15): what a guest's page shows and what the owner may do there.

-- A guest deleted on request (152-FZ, see server/guests/erase.repo.ts): the row stays as an
-- anonymous tombstone so their purchases still count in every total, with phone, name,
-- birthday and consent erased. With no phone, the number may register again as a new guest.
ALTER TABLE guests ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE guests ADD COLUMN erased_at timestamptz;
ALTER TABLE guests ADD CONSTRAINT guests_erased_has_no_phone CHECK ((erased_at IS NULL) = (phone IS NOT NULL));

-- The tablet that registered the guest (null: imported, or registered before this was kept).
ALTER TABLE guests ADD COLUMN registered_device_id uuid;

-- What a purchase held, as the counter sent it, line by line; none for imported history.
-- Kept beside purchases (server/purchases/purchase-items.repo.ts). IF NOT EXISTS: the hardening
-- migration may have made it already.
CREATE TABLE IF NOT EXISTS purchase_items (
  cafe_id      uuid NOT NULL,
  purchase_id  uuid NOT NULL,
  line         smallint NOT NULL,
  name         text NOT NULL,
  qty          integer NOT NULL CHECK (qty BETWEEN 1 AND 99),
  PRIMARY KEY (cafe_id, purchase_id, line)
);

-- A forgotten password: `npm run cli -- owner reset-password` prints a one-time link
-- (/owner/reset#token, one hour); only the token's hash is kept. A table of a few rows at most:
-- each new link removes the owner's earlier unused ones.
CREATE TABLE password_resets (
  cafe_id     uuid NOT NULL,
  token_hash  text NOT NULL,
  owner_id    uuid NOT NULL REFERENCES owners (id),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  PRIMARY KEY (cafe_id, token_hash)
);
