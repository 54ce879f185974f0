-- When the café's data was last restored from a backup (server/backup/restore.ts): the owner's
-- tablets screen says so, and which tablets have not synced since (they hold what the backup lacks).
ALTER TABLE cafes ADD COLUMN restored_at timestamptz;
