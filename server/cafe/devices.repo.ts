/**
 * Pairing codes and paired tablets: only hashes of codes and tokens are stored.
 *
 * A code dies after PAIRING_CODE_MAX_MISSES wrong claims made while it was live. A wrong code
 * cannot be told apart by which code it aimed at (a claim names no café), so every miss counts
 * against every live code. An attacker thus gets at most 5 guesses per code among 10^8, odds
 * ≤ 5·10^-8 per code however many addresses they hold, and the count is in the database, so a
 * restart does not reset it. Withdrawing the codes rather than locking claims for a period
 * keeps the cost of an attack small: the owner makes a new code and pairs at once.
 */
import type { CafeId } from '../../shared/domain/ids.ts';
import { newId } from '../new-id.ts';
import { newPairingCode, newToken, sha256 } from './secrets.ts';
import type { Sql } from '../db/db.ts';

export const PAIRING_CODE_TTL_MS = 10 * 60_000;
export const PAIRING_CODE_MAX_MISSES = 5;

/** A new code; `id` (its hash, as stored) names it when the owner's screen asks how it stands. */
export async function createPairingCode(tx: Sql, cafeId: CafeId, now: Date): Promise<{ code: string; expiresAt: Date; id: string }> {
  const code = newPairingCode();
  const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS);
  await tx.query('INSERT INTO pairing_codes (code_hash, cafe_id, expires_at) VALUES ($1, $2, $3)', [sha256(code), cafeId, expiresAt.toISOString()]);
  return { code, expiresAt, id: sha256(code) };
}

/** How one of the café's codes stands; null when the café has no such code. */
export async function pairingCodeStatus(tx: Sql, cafeId: CafeId, id: string, now: Date): Promise<'live' | 'used' | 'expired' | 'withdrawn' | null> {
  const rows = await tx.query<{ expires_at: Date; used_at: Date | null; misses: number }>(
    'SELECT expires_at, used_at, misses FROM pairing_codes WHERE code_hash = $1 AND cafe_id = $2',
    [id, cafeId],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.used_at) return 'used';
  if (row.expires_at.getTime() < now.getTime()) return 'expired';
  return row.misses >= PAIRING_CODE_MAX_MISSES ? 'withdrawn' : 'live';
}

export type ClaimResult = { ok: true; deviceId: string; cafeId: CafeId; token: string } | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'withdrawn' };

/** Turns a one-time code into a device token; a code works once, within its 10 minutes, until 5 wrong codes are tried. */
export async function claimPairingCode(tx: Sql, code: string, name: string, now: Date): Promise<ClaimResult> {
  const rows = await tx.query<{ cafe_id: string; expires_at: Date; used_at: Date | null; misses: number }>(
    'SELECT cafe_id, expires_at, used_at, misses FROM pairing_codes WHERE code_hash = $1 FOR UPDATE',
    [sha256(code.replace(/\s/g, ''))],
  );
  const row = rows[0];
  if (!row) {
    // Committed with the refusal (the caller's transaction returns, not throws).
    await tx.query('UPDATE pairing_codes SET misses = misses + 1 WHERE used_at IS NULL AND expires_at >= $1 AND misses < $2', [
      now.toISOString(),
      PAIRING_CODE_MAX_MISSES,
    ]);
    return { ok: false, reason: 'unknown' };
  }
  if (row.used_at) return { ok: false, reason: 'used' };
  if (row.expires_at.getTime() < now.getTime()) return { ok: false, reason: 'expired' };
  if (row.misses >= PAIRING_CODE_MAX_MISSES) return { ok: false, reason: 'withdrawn' };
  await tx.query('UPDATE pairing_codes SET used_at = $2 WHERE code_hash = $1', [sha256(code.replace(/\s/g, '')), now.toISOString()]);
  const token = newToken();
  const deviceId = newId<string>();
  await tx.query('INSERT INTO devices (id, cafe_id, name, token_hash) VALUES ($1, $2, $3, $4)', [deviceId, row.cafe_id, name, sha256(token)]);
  return { ok: true, deviceId, cafeId: row.cafe_id as CafeId, token };
}

export interface Device {
  id: string;
  cafeId: CafeId;
  name: string;
  revokedAt: Date | null;
}

export async function deviceByToken(tx: Sql, token: string): Promise<Device | null> {
  const rows = await tx.query<{ id: string; cafe_id: string; name: string; revoked_at: Date | null }>(
    'SELECT id, cafe_id, name, revoked_at FROM devices WHERE token_hash = $1',
    [sha256(token)],
  );
  const r = rows[0];
  return r ? { id: r.id, cafeId: r.cafe_id as CafeId, name: r.name, revokedAt: r.revoked_at } : null;
}

export async function revokeDevice(tx: Sql, deviceId: string, now: Date): Promise<boolean> {
  const rows = await tx.query('UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [deviceId, now.toISOString()]);
  return rows.length > 0;
}

export async function listDevices(tx: Sql, cafeId: CafeId) {
  return tx.query<{
    id: string;
    name: string;
    created_at: Date;
    revoked_at: Date | null;
    last_seen_at: Date | null;
    clock_ahead_ms: number;
    outbox_size: number | null;
    outbox_reported_at: Date | null;
  }>(
    `SELECT id, name, created_at, revoked_at, last_seen_at, clock_ahead_ms, outbox_size, outbox_reported_at
     FROM devices WHERE cafe_id = $1 ORDER BY created_at`,
    [cafeId],
  );
}

export interface RefusedRow {
  device_id: string;
  mutation_id: string;
  kind: string | null;
  code: string;
  field: string | null;
  message: string;
  refused_at: Date;
  total: number;
}

/** Each tablet's newest `perDevice` refused mutations (refused_mutations, issue 11), with its total count. */
export async function refusedByDevice(tx: Sql, cafeId: CafeId, perDevice: number): Promise<Map<string, RefusedRow[]>> {
  const rows = await tx.query<RefusedRow>(
    `SELECT device_id, mutation_id, kind, code, field, message, refused_at, total::int AS total FROM (
       SELECT r.*, row_number() OVER (PARTITION BY device_id ORDER BY refused_at DESC, mutation_id) AS n,
              count(*) OVER (PARTITION BY device_id) AS total
       FROM refused_mutations r WHERE cafe_id = $1) x
     WHERE n <= $2 ORDER BY device_id, refused_at DESC, mutation_id`,
    [cafeId, perDevice],
  );
  const byDevice = new Map<string, RefusedRow[]>();
  for (const r of rows) byDevice.set(r.device_id, [...(byDevice.get(r.device_id) ?? []), r]);
  return byDevice;
}
