/**
 * The owner's import jobs as stored (migration 0012): the job's row is written when it
 * starts, its count of written rows inside each batch's own transaction, and its outcome
 * when it ends, so a restarted server still answers for it.
 */
import type { ImportJob, ImportResult } from '../../shared/api/import.ts';
import type { CafeId } from '../../shared/domain/ids.ts';
import type { Sql } from '../db/db.ts';
import type { WrittenSoFar } from './import-base.ts';

export type StoredJobState = 'running' | 'done' | 'failed';

export interface StoredJob {
  id: string;
  state: StoredJobState;
  startedAt: Date;
  updatedAt: Date;
  progress: ImportJob['progress'];
  committed: WrittenSoFar;
  result: ImportResult | null;
  error: string | null;
}

interface Row {
  id: string;
  state: StoredJobState;
  started_at: Date;
  updated_at: Date;
  progress: unknown;
  committed: unknown;
  result: unknown;
  error: string | null;
}

// jsonb comes back parsed from pg; read text too, so neither driver's habit matters.
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export async function insertJob(sql: Sql, cafeId: CafeId, job: { id: string; startedAt: Date; progress: ImportJob['progress'] }): Promise<void> {
  await sql.query(
    `INSERT INTO import_jobs (cafe_id, id, state, started_at, updated_at, progress, committed)
     VALUES ($1, $2, 'running', $3, $3, $4::jsonb, '{"guests":0,"purchases":0}'::jsonb)`,
    [cafeId, job.id, job.startedAt.toISOString(), JSON.stringify(job.progress)],
  );
}

/** Inside a batch's transaction: what the job has written, that batch included, and where it is in its files. */
export async function storeCommitted(tx: Sql, cafeId: CafeId, id: string, committed: WrittenSoFar, progress: ImportJob['progress'], at: Date): Promise<void> {
  await tx.query('UPDATE import_jobs SET committed = $3::jsonb, progress = $4::jsonb, updated_at = $5 WHERE cafe_id = $1 AND id = $2', [
    cafeId,
    id,
    JSON.stringify(committed),
    JSON.stringify(progress),
    at.toISOString(),
  ]);
}

export async function finishJob(
  sql: Sql,
  cafeId: CafeId,
  id: string,
  outcome: { state: 'done'; result: ImportResult; committed: WrittenSoFar } | { state: 'failed'; error: string },
  progress: ImportJob['progress'],
  at: Date,
): Promise<void> {
  await sql.query(
    `UPDATE import_jobs SET state = $3, result = $4::jsonb, error = $5, progress = $6::jsonb, updated_at = $7,
            committed = COALESCE($8::jsonb, committed)
     WHERE cafe_id = $1 AND id = $2`,
    [
      cafeId,
      id,
      outcome.state,
      outcome.state === 'done' ? JSON.stringify(outcome.result) : null,
      outcome.state === 'failed' ? outcome.error : null,
      JSON.stringify(progress),
      at.toISOString(),
      outcome.state === 'done' ? JSON.stringify(outcome.committed) : null,
    ],
  );
}

export async function findJob(sql: Sql, cafeId: CafeId, id: string): Promise<StoredJob | null> {
  const rows = await sql.query<Row>(
    'SELECT id, state, started_at, updated_at, progress, committed, result, error FROM import_jobs WHERE cafe_id = $1 AND id = $2',
    [cafeId, id],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    state: r.state,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    progress: parsed(r.progress),
    committed: parsed(r.committed),
    result: r.result === null ? null : parsed(r.result),
    error: r.error,
  };
}
