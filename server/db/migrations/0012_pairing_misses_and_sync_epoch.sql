-- Issue 11, second part.

-- Wrong pairing codes tried while a code was live: at PAIRING_CODE_MAX_MISSES the code is
-- withdrawn (server/cafe/devices.repo.ts), so no live code ever faces more than that many guesses.
ALTER TABLE pairing_codes ADD COLUMN misses integer NOT NULL DEFAULT 0;
