-- Promotions aimed at segments (issue 13; the rules are shared/promotions/). Every table leads with cafe_id.

-- A promotion as the owner set it up: `definition` is its PromotionDraft (audience, weekdays,
-- window, dates, benefit, minimum check, limit — plain JSON, the shape tablets pull), checked by
-- shared/promotions/promotion-schema.ts before it is stored. `name` and `status` stand beside it
-- so lists and reports need not open the JSON. Tablets pull a row by its change number, so
-- every edit and status change takes a new one. Never deleted: purchases keep naming it.
CREATE TABLE promotions (
  cafe_id     uuid NOT NULL,
  id          uuid NOT NULL,
  name        text NOT NULL,
  definition  jsonb NOT NULL,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  ended_at    timestamptz,
  version     bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (cafe_id, id),
  CHECK ((status = 'ended') = (ended_at IS NOT NULL))
);
CREATE INDEX promotions_version ON promotions (cafe_id, version);

-- Applications the server's re-check found ineligible (shared/promotions/eligibility.ts from the
-- server's own view): the purchase is kept as the tablet recorded it, and flagged here for the
-- owner. One row per purchase; `reason` is the eligibility's IneligibleReason or
-- 'unknown-promotion' / 'discount-too-large'.
CREATE TABLE promotion_flags (
  cafe_id       uuid NOT NULL,
  purchase_id   uuid NOT NULL,
  promotion_id  uuid NOT NULL,
  reason        text NOT NULL,
  flagged_at    timestamptz NOT NULL,
  PRIMARY KEY (cafe_id, purchase_id)
);
CREATE INDEX promotion_flags_promotion ON promotion_flags (cafe_id, promotion_id);

-- A guest's uses of a promotion (the per-guest limit) and a promotion's report read purchases by it.
CREATE INDEX purchases_promotion ON purchases (cafe_id, promotion_id, guest_id) WHERE promotion_id IS NOT NULL;
