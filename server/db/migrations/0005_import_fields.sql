-- A guest's e-mail address, as an imported base gives it (guests.csv's optional `email`
-- column); the mailings' e-mail channel reaches guests through it. Null when unknown.
ALTER TABLE guests ADD COLUMN email text;
