-- Issue 11, item 9: what the server knows of each tablet's unsent writes.

-- How many writes the tablet said were still waiting in its outbox, and when it said so
-- (with each push and pull). Revoking a tablet that reported unsent writes is refused unless
-- the owner confirms that they will be lost. NULL: the tablet never reported (an older app).
ALTER TABLE devices ADD COLUMN outbox_size integer;
ALTER TABLE devices ADD COLUMN outbox_reported_at timestamptz;

-- The highest outbox sequence number of this tablet's writes the server has received. A tablet
-- whose own record of its sequence is lower has lost local state (its database was wiped or
-- rolled back) and is told so at pull; a tablet re-paired after a wipe learns from it how many
-- of its writes never arrived.
ALTER TABLE devices ADD COLUMN highest_seq bigint NOT NULL DEFAULT 0;
