-- Issue 11, item 5: how long after a sale a tablet may still void it, in café days. 0 is the
-- default: the sale's own café day (today's shift); the owner may allow up to 30 days more.
ALTER TABLE cafes ADD COLUMN void_window_days integer NOT NULL DEFAULT 0 CHECK (void_window_days BETWEEN 0 AND 30);
