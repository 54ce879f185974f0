-- Personal promotions (issue 14: a mailing's or a scenario's offer; shared/promotions/personal.ts).
-- A grant lets one guest use one personal promotion, with the benefit sized for them (null: the
-- promotion's own). It is written in the transaction that queues the guest's message, for the
-- guests who are to get it (never the held-out ones), and tablets pull it by its change number
-- so the counter offers it offline; the server's re-check accepts a use only with a grant.
-- A second grant of the same promotion to a guest (a later win-back) replaces the benefit.
CREATE TABLE promotion_grants (
  cafe_id       uuid NOT NULL,
  promotion_id  uuid NOT NULL,
  guest_id      uuid NOT NULL,
  benefit       jsonb,
  -- 'mailing:<id>' or 'scenario:<id>': where it came from, for the owner.
  source        text NOT NULL,
  granted_at    timestamptz NOT NULL,
  version       bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (cafe_id, promotion_id, guest_id)
);
CREATE INDEX promotion_grants_version ON promotion_grants (cafe_id, version);
CREATE INDEX promotion_grants_guest ON promotion_grants (cafe_id, guest_id);

-- The personal promotion a mailing attached (null: none); its queue rows carry it as their reward.
ALTER TABLE mailings ADD COLUMN promotion_id uuid;
