import { randomBytes } from 'node:crypto';
import type { CafeId } from '../../shared/domain/ids.ts';
import { sha256, verifyPassword } from './secrets.ts';
import type { Sql } from '../db/db.ts';

export const SESSION_TTL_MS = 30 * 24 * 3600_000;

export interface OwnerSession {
  ownerId: string;
  cafeId: CafeId;
  email: string;
  csrfToken: string;
}

/** Checks the password (always spending the KDF's time, so unknown e-mails answer as slowly). */
export async function checkOwnerPassword(tx: Sql, email: string, password: string): Promise<{ id: string } | null> {
  const rows = await tx.query<{ id: string; password_hash: string }>('SELECT id, password_hash FROM owners WHERE email = $1', [email.trim().toLowerCase()]);
  const hash = rows[0]?.password_hash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const ok = await verifyPassword(password, hash);
  return ok && rows[0] ? { id: rows[0].id } : null;
}

export async function createSession(tx: Sql, ownerId: string, now: Date): Promise<{ sessionId: string; csrfToken: string; expiresAt: Date }> {
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await tx.query('INSERT INTO owner_sessions (id_hash, owner_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
    sha256(sessionId),
    ownerId,
    csrfToken,
    expiresAt.toISOString(),
  ]);
  return { sessionId, csrfToken, expiresAt };
}

export async function sessionById(tx: Sql, sessionId: string, now: Date): Promise<OwnerSession | null> {
  const rows = await tx.query<{ owner_id: string; cafe_id: string; email: string; csrf_token: string }>(
    `SELECT s.owner_id, o.cafe_id, o.email, s.csrf_token FROM owner_sessions s JOIN owners o ON o.id = s.owner_id
     WHERE s.id_hash = $1 AND s.expires_at > $2`,
    [sha256(sessionId), now.toISOString()],
  );
  const r = rows[0];
  return r ? { ownerId: r.owner_id, cafeId: r.cafe_id as CafeId, email: r.email, csrfToken: r.csrf_token } : null;
}

export async function deleteSession(tx: Sql, sessionId: string): Promise<void> {
  await tx.query('DELETE FROM owner_sessions WHERE id_hash = $1', [sha256(sessionId)]);
}
