/**
 * The owner's account: created once (by the CLI or the one-time setup link printed at a first
 * start), and its password changes — with the current one, or through a one-time reset link
 * that only someone at the server's command line can make (`npm run cli -- owner reset-password`).
 * Like every secret here, only hashes of the setup and reset tokens are stored.
 */
import type { CafeId } from '../../shared/domain/ids.ts';
import { newId } from '../new-id.ts';
import { hashPassword, newToken, sha256, verifyPassword } from './secrets.ts';
import type { Sql } from '../db/db.ts';

export const SETUP_TOKEN_TTL_MS = 24 * 3600_000;

/** A fresh setup token; any earlier unused one stops working. */
export async function createSetupToken(tx: Sql, now: Date): Promise<string> {
  const token = newToken();
  await tx.query('DELETE FROM setup_tokens WHERE used_at IS NULL');
  await tx.query('INSERT INTO setup_tokens (token_hash, expires_at) VALUES ($1, $2)', [
    sha256(token),
    new Date(now.getTime() + SETUP_TOKEN_TTL_MS).toISOString(),
  ]);
  return token;
}

/** Marks the token used; false when it is unknown, used or expired. */
export async function useSetupToken(tx: Sql, token: string, now: Date): Promise<boolean> {
  const rows = await tx.query('UPDATE setup_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING 1', [
    sha256(token),
    now.toISOString(),
  ]);
  return rows.length === 1;
}

/** Checks the current password, stores the new one and ends every other session of the owner. */
export async function changePassword(tx: Sql, ownerId: string, current: string, next: string, keepSessionHash: string): Promise<boolean> {
  const [row] = await tx.query<{ password_hash: string }>('SELECT password_hash FROM owners WHERE id = $1 FOR UPDATE', [ownerId]);
  if (!row || !(await verifyPassword(current, row.password_hash))) return false;
  await tx.query('UPDATE owners SET password_hash = $2 WHERE id = $1', [ownerId, await hashPassword(next)]);
  await tx.query('DELETE FROM owner_sessions WHERE owner_id = $1 AND id_hash <> $2', [ownerId, keepSessionHash]);
  return true;
}

export const RESET_TOKEN_TTL_MS = 3600_000;

/** A one-time password reset token for the owner with this e-mail (the only owner when none is given); null when there is none. */
export async function createResetToken(tx: Sql, email: string | undefined, now: Date): Promise<{ token: string; email: string } | null> {
  const owners = await tx.query<{ id: string; cafe_id: string; email: string }>(
    email === undefined ? 'SELECT id, cafe_id, email FROM owners ORDER BY created_at' : 'SELECT id, cafe_id, email FROM owners WHERE email = $1',
    email === undefined ? [] : [email.trim().toLowerCase()],
  );
  const owner = owners[0];
  if (!owner || (email === undefined && owners.length > 1)) return null;
  const token = newToken();
  await tx.query('DELETE FROM password_resets WHERE cafe_id = $1 AND owner_id = $2 AND used_at IS NULL', [owner.cafe_id, owner.id]);
  await tx.query('INSERT INTO password_resets (cafe_id, token_hash, owner_id, expires_at) VALUES ($1, $2, $3, $4)', [
    owner.cafe_id,
    sha256(token),
    owner.id,
    new Date(now.getTime() + RESET_TOKEN_TTL_MS).toISOString(),
  ]);
  return { token, email: owner.email };
}

/**
 * Sets a new password through a reset token, once: the token is spent and every session of the
 * owner ends (whoever knew the old password is logged out). Returns the owner, or null when the
 * token is unknown, used or expired.
 */
export async function resetPassword(tx: Sql, token: string, password: string, now: Date): Promise<{ id: string } | null> {
  const rows = await tx.query<{ owner_id: string }>(
    'UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING owner_id',
    [sha256(token), now.toISOString()],
  );
  const ownerId = rows[0]?.owner_id;
  if (!ownerId) return null;
  await tx.query('UPDATE owners SET password_hash = $2 WHERE id = $1', [ownerId, await hashPassword(password)]);
  await tx.query('DELETE FROM owner_sessions WHERE owner_id = $1', [ownerId]);
  return { id: ownerId };
}

export async function createOwner(tx: Sql, cafeId: CafeId, email: string, password: string): Promise<{ id: string }> {
  const id = newId<string>();
  await tx.query('INSERT INTO owners (id, cafe_id, email, password_hash) VALUES ($1, $2, $3, $4)', [
    id,
    cafeId,
    email.trim().toLowerCase(),
    await hashPassword(password),
  ]);
  return { id };
}

export async function ownerCount(tx: Sql): Promise<number> {
  return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM owners'))[0]!.n;
}
