-- Issue 11, second part.

-- Wrong pairing codes tried while a code was live: at PAIRING_CODE_MAX_MISSES the code is
-- withdrawn (server/cafe/devices.repo.ts), so no live code ever faces more than that many guesses.
ALTER TABLE pairing_codes ADD COLUMN misses integer NOT NULL DEFAULT 0;

-- The café's sync epoch, sent with every push and pull answer. A restore from a backup sets a
-- new one (server/backup/restore.ts): a tablet that sees it change re-sends what it holds and
-- pulls again from the start, instead of trusting acks and a cursor the restored server lost.
ALTER TABLE cafes ADD COLUMN sync_epoch uuid NOT NULL DEFAULT gen_random_uuid();
