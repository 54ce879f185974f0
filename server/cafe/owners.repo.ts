/**
 * The owner's account: created once (by the CLI or the one-time setup link printed at a first
 * start), and its password changes. Like every secret here, only a hash of the setup token is stored.
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
