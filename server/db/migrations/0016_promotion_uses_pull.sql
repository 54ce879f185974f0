-- Tablets pull other tablets' uses of limited promotions (server/promotions/uses.pull.ts), so a
-- guest's 'once' or 'daily' limit holds across tablets as far as a tablet can know. A purchase
-- that carried a promotion takes a change number when it is stored; one with none takes no
-- number (imports and plain sales would only spend the sequence). Uses stored before this
-- migration get one now, after every tablet's cursor, so the next pull brings them.
ALTER TABLE purchases ADD COLUMN version bigint;
UPDATE purchases SET version = nextval('change_seq') WHERE promotion_id IS NOT NULL;
CREATE INDEX purchases_use_version ON purchases (cafe_id, version) WHERE promotion_id IS NOT NULL;
