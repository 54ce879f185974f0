-- The owner's screens.
-- First-run setup: with no owner yet, the server prints a one-time link; only its hash is kept.
CREATE TABLE setup_tokens (
  token_hash  text PRIMARY KEY,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);

-- A movement is a guest's own doing ('move': a purchase, a void, time passing). When the owner
-- changes the rules, every guest is re-sorted at once ('rules'): recorded so the history stays a
-- chain (trends), but never shown as guests moving.
ALTER TABLE segment_history ADD COLUMN kind text NOT NULL DEFAULT 'move' CHECK (kind IN ('move', 'rules'));

-- Purchases by time (the daily job's 30-day window, reports for past moments). A B-tree here
-- cost imports and sync a third of their rate; a BRIN index costs next to nothing to keep and
-- serves rows that arrive in time order, as the counter's do (an imported base, in guest order,
-- is read whole instead).
CREATE INDEX purchases_time_brin ON purchases USING brin (purchased_at);

-- Movements and trends sum moves per hour instead of reading every history row: a
-- million-guest café has millions of rows in 90 days and a few thousand of these. Kept by
-- the statement that appends to segment_history (recordSegmentChanges), never apart from it.
-- Hours are UTC; café days (whole-hour zones, as all of Russia's) are whole numbers of them.
CREATE TABLE segment_moves (
  cafe_id       uuid NOT NULL,
  hour          timestamptz NOT NULL,
  from_segment  text NOT NULL,  -- '' for a guest new to the café
  to_segment    text NOT NULL,
  kind          text NOT NULL,
  rule_set_id   text NOT NULL,
  moves         integer NOT NULL,
  PRIMARY KEY (cafe_id, hour, from_segment, to_segment, kind, rule_set_id)
);
INSERT INTO segment_moves (cafe_id, hour, from_segment, to_segment, kind, rule_set_id, moves)
SELECT cafe_id, date_trunc('hour', at), coalesce(from_segment, ''), to_segment, kind, rule_set_id, count(*)
FROM segment_history GROUP BY 1, 2, 3, 4, 5, 6;

-- "Revenue over the last 30 days" for a million guests cannot scan a month of purchases each
-- time the owner looks. Each guest's purchases in the café's window [recent_from, recent_to)
-- — the 30 café days ending today — are kept beside the lifetime aggregates, by the same
-- statements (recordPurchases, recomputeStats); the daily job moves the window. A report for
-- another day, or before the job has moved the window, reads the purchases (segments.repo.ts).
ALTER TABLE cafes ADD COLUMN recent_from timestamptz;
ALTER TABLE cafes ADD COLUMN recent_to timestamptz;
ALTER TABLE guest_stats ADD COLUMN recent_count integer NOT NULL DEFAULT 0;
ALTER TABLE guest_stats ADD COLUMN recent_spend bigint NOT NULL DEFAULT 0;

-- "Segments today" counts and sums every guest of the café by recorded segment. This index
-- holds all it reads in a quarter of the table's pages, so the count is a parallel
-- index-only scan already in segment order (half the time of a scan of the table).
CREATE INDEX guest_stats_segment_totals ON guest_stats (cafe_id, segment) INCLUDE (purchase_count, total_spend, recent_count, recent_spend);
