-- What a counter purchase was made of ("Латте ×2, Круассан"), so a tablet can show a guest's
-- purchases made at other tablets. Kept beside purchases rather than in them: items are shown,
-- never summed, and the purchases table stays narrow for the reports that scan it. Written in
-- the same transaction as the purchase by its applier; a purchase with no items has no row.
CREATE TABLE purchase_items (
  cafe_id      uuid NOT NULL,
  purchase_id  uuid NOT NULL REFERENCES purchases (id),
  items        jsonb NOT NULL,
  PRIMARY KEY (cafe_id, purchase_id)
);
