-- Mailings and automatic scenarios (issue 14). Every table leads with cafe_id.

-- Marketing consent as a history (shared/mailings/consent.ts): every change, when, where and
-- by whom; never edited. guests.consent stays the flag tablets pull; it is kept equal to the
-- newest change by whoever records one.
CREATE TABLE consent_changes (
  cafe_id      uuid NOT NULL,
  id           bigserial NOT NULL,
  guest_id     uuid NOT NULL,
  granted      boolean NOT NULL,
  at           timestamptz NOT NULL,
  -- 'counter' | 'import' | 'telegram' | 'email-link' | 'owner'
  source       text NOT NULL,
  -- 'device' | 'owner' | 'import' | 'guest', and its id ('' for the guest)
  actor_kind   text NOT NULL,
  actor_id     text NOT NULL DEFAULT '',
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (cafe_id, id)
);
-- The same change recorded twice (a retried upload, a re-run import) is one row.
CREATE UNIQUE INDEX consent_changes_once ON consent_changes (cafe_id, guest_id, at, granted, source, actor_kind, actor_id);
-- The guests who had consent before the history existed: one change each, from where they registered.
INSERT INTO consent_changes (cafe_id, guest_id, granted, at, source, actor_kind, actor_id, recorded_at)
SELECT cafe_id, id, consent, consent_at,
       CASE WHEN registered_via = 'counter' THEN 'counter' ELSE 'import' END,
       CASE WHEN registered_via = 'counter' THEN 'device' ELSE 'import' END,
       '', now()
FROM guests WHERE consent_at IS NOT NULL;

-- How to reach a guest beyond the phone and the e-mail address on their profile (guests.email):
-- the Telegram chat bound when they shared their contact with the café's bot.
CREATE TABLE guest_contacts (
  cafe_id           uuid NOT NULL,
  guest_id          uuid NOT NULL,
  telegram_chat_id  text,
  telegram_bound_at timestamptz,
  PRIMARY KEY (cafe_id, guest_id)
);
CREATE INDEX guest_contacts_chat ON guest_contacts (cafe_id, telegram_chat_id);

-- The owner's mailing settings (channel order, cap, quiet hours) and the channels' secrets, kept
-- apart: secrets never leave the server (tablets pull cafes, not this).
CREATE TABLE mailing_settings (
  cafe_id            uuid PRIMARY KEY,
  settings           jsonb NOT NULL DEFAULT '{}'::jsonb,
  secrets            jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The last café day the date-driven scenarios were looked at, and the bot's update offset.
  last_scenario_day  date,
  telegram_offset    bigint NOT NULL DEFAULT 0
);

CREATE TABLE mailings (
  cafe_id          uuid NOT NULL,
  id               uuid NOT NULL,
  text             text NOT NULL,
  segments         text[] NOT NULL,
  filters          jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- null: each guest's first reachable channel of the owner's order
  channel          text,
  holdout_percent  numeric(5, 2) NOT NULL,
  send_at          timestamptz NOT NULL,
  created_at       timestamptz NOT NULL,
  -- The audience as planned (shared/mailings/audience.ts counts) when it was queued.
  plan             jsonb NOT NULL,
  PRIMARY KEY (cafe_id, id)
);
CREATE INDEX mailings_created ON mailings (cafe_id, created_at);

-- Automatic scenarios: one row per scenario the owner has touched (defaults otherwise).
CREATE TABLE scenarios (
  cafe_id     uuid NOT NULL,
  id          text NOT NULL,
  enabled     boolean NOT NULL DEFAULT false,
  text        text NOT NULL,
  config      jsonb NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (cafe_id, id)
);

-- The durable send queue (server/mailings/queue.repo.ts). One row per message key
-- (shared/mailings/keys.ts), created in the transaction that decided to send; held-out guests
-- have a row too ('held-out'), as the comparison group of the report.
CREATE TABLE message_queue (
  cafe_id      uuid NOT NULL,
  -- Bytewise order ("C"), so a key prefix is a range of the primary key whatever the database's locale.
  key          text COLLATE "C" NOT NULL,
  mailing_id   uuid,
  scenario_id  text,
  occurrence   text,
  guest_id     uuid NOT NULL,
  -- A channel the mailing insists on; null: chosen at send time.
  channel      text,
  -- 'queued' | 'sending' | 'sent' | 'failed' | 'skipped' | 'held-out'
  status       text NOT NULL,
  -- skipped: 'no-consent' | 'over-cap' | 'unreachable' | 'guest-gone'; failed: 'provider' | 'interrupted'
  reason       text,
  due_at       timestamptz NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  lease_until  timestamptz,
  -- The channel it went by, the provider's last words, and values for the text.
  sent_channel text,
  last_error   text,
  reward       jsonb,
  vars         jsonb,
  created_at   timestamptz NOT NULL,
  done_at      timestamptz,
  PRIMARY KEY (cafe_id, key)
);
CREATE INDEX message_queue_due ON message_queue (cafe_id, due_at) WHERE status = 'queued';
CREATE INDEX message_queue_sending ON message_queue (cafe_id, lease_until) WHERE status = 'sending';
-- A mailing's rows are found by their keys' prefix ('mailing:<id>:') on the primary key: every
-- further index costs each insert and both status updates of every message.
CREATE INDEX message_queue_scenario ON message_queue (cafe_id, scenario_id, guest_id) WHERE scenario_id IS NOT NULL;

-- One contact log for every channel: each marketing message handed to a provider, whatever
-- became of it; the cap counts it (shared/mailings/cap.ts).
-- A message is logged once, at its first hand-over (a retry is the same message), so the log
-- needs no key of its own: it is read by guest and time.
CREATE TABLE contact_log (
  cafe_id    uuid NOT NULL,
  key        text NOT NULL,
  guest_id   uuid NOT NULL,
  at         timestamptz NOT NULL,
  channel    text NOT NULL,
  marketing  boolean NOT NULL DEFAULT true
);
CREATE INDEX contact_log_guest ON contact_log (cafe_id, guest_id, at);
