/**
 * The owner's committed imports run as jobs in the server process, so a closed tab or a
 * dropped connection does not stop one: the import commits batch by batch whatever the page
 * does, and the screen, when it comes back, polls the job for its progress and result.
 *
 * Each job is also a row in import_jobs (import-jobs.repo.ts): written when it starts, its
 * count of written rows updated inside every batch's own transaction, its outcome stored
 * when it ends. So a restarted server still answers for a job, and one the database says is
 * running that no job here runs was cut short by the process dying: it is reported as
 * interrupted, with exactly the rows its whole batches committed; importing the same files
 * again completes it (the import is idempotent). One job at a time per process (the café's
 * lock would serialise them anyway).
 */
import type { ImportJob, ImportResult, RowProblemBody } from '../../shared/api/import.ts';
import { MAX_PROBLEMS_SHOWN } from '../../shared/api/import.ts';
import type { CafeId } from '../../shared/domain/ids.ts';
import type { ImportKind } from '../../shared/import/columns.ts';
import type { Db } from '../db/db.ts';
import type { ImportHooks, ImportSummary, RowProblem, WrittenSoFar } from './import-base.ts';
import { findJob, finishJob, insertJob, storeCommitted } from './import-jobs.repo.ts';

/** Collects row problems (the first MAX_PROBLEMS_SHOWN) and counts them all. */
export function problemCollector(kindOf: (file: string) => ImportKind) {
  const problems: RowProblemBody[] = [];
  let count = 0;
  return {
    onProblem: (p: RowProblem) => {
      count++;
      if (problems.length < MAX_PROBLEMS_SHOWN) problems.push({ kind: kindOf(p.file), ...p });
    },
    result: (summary: ImportSummary): ImportResult => ({ summary, problems, problemCount: count }),
  };
}

type Progress = ImportJob['progress'];

/** A job this process runs (or ran, until its outcome is stored). */
interface LiveJob {
  id: string;
  cafeId: CafeId;
  started: Date;
  state: 'running' | 'done' | 'failed';
  progress: Progress;
  committed: WrittenSoFar;
  rowsBefore: number;
  result?: ImportResult;
  error?: string;
}

export type JobHooks = Pick<ImportHooks, 'onProblem' | 'onProgress' | 'progressEvery' | 'onBatchCommitting'>;

const written = (s: ImportSummary): WrittenSoFar => ({ guests: s.guests.added + s.purchases.guestsCreated, purchases: s.purchases.added });

export class ImportJobs {
  private readonly live = new Map<string, LiveJob>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  running(): string | null {
    for (const job of this.live.values()) if (job.state === 'running') return job.id;
    return null;
  }

  /**
   * Stores the job and starts `run` with hooks that keep its progress (in memory, and in
   * the database with each batch); `kindOf` tells which file a report is about. Returns
   * once the job is stored, before the import ends.
   */
  async start(
    id: string,
    cafeId: CafeId,
    started: Date,
    kindOf: (file: string) => ImportKind,
    run: (hooks: JobHooks) => Promise<ImportSummary>,
  ): Promise<void> {
    const job: LiveJob = {
      id,
      cafeId,
      started,
      state: 'running',
      progress: { kind: null, rows: 0, bytesRead: 0, totalBytes: 0, totalRows: 0 },
      committed: { guests: 0, purchases: 0 },
      rowsBefore: 0,
    };
    await insertJob(this.db, cafeId, { id, startedAt: started, progress: job.progress });
    for (const [key, old] of this.live) if (old.state !== 'running') this.live.delete(key);
    this.live.set(id, job);
    const problems = problemCollector(kindOf);
    run({
      onProblem: problems.onProblem,
      progressEvery: 1000,
      onProgress: (p) => {
        const kind = kindOf(p.file);
        if (job.progress.kind !== null && job.progress.kind !== kind) job.rowsBefore = job.progress.totalRows;
        job.progress = { kind, rows: p.rows, bytesRead: p.bytesRead, totalBytes: p.totalBytes, totalRows: job.rowsBefore + p.rows };
      },
      // One small UPDATE per batch, in the batch's transaction: the count can never disagree with the rows.
      onBatchCommitting: async (tx, soFar) => {
        await storeCommitted(tx, cafeId, id, soFar, job.progress, this.now());
        // Ahead of the commit by a moment; a batch that rolls back fails the job, whose stored count stays right.
        job.committed = soFar;
      },
    })
      .then(
        async (summary) => {
          const result = problems.result(summary);
          await finishJob(this.db, cafeId, id, { state: 'done', result, committed: written(summary) }, job.progress, this.now());
          Object.assign(job, { state: 'done', result, committed: written(summary) });
        },
        async (e: unknown) => {
          const error = e instanceof Error ? e.message : String(e);
          job.state = 'failed';
          job.error = error;
          await finishJob(this.db, cafeId, id, { state: 'failed', error }, job.progress, this.now());
        },
      )
      // The database is gone too (the failure above, or a lost connection): this process still reports the job as it knows it.
      .catch((e: unknown) => {
        if (job.state === 'running') {
          job.state = 'failed';
          job.error = e instanceof Error ? e.message : String(e);
        }
      });
  }

  /** The job as this process knows it, else as stored: one stored as running that nobody runs was interrupted. */
  async view(cafeId: CafeId, id: string): Promise<ImportJob | null> {
    const job = this.live.get(id);
    if (job && job.cafeId === cafeId) {
      return {
        id: job.id,
        state: job.state,
        startedAt: job.started.toISOString(),
        elapsedMs: Math.max(0, this.now().getTime() - job.started.getTime()),
        progress: job.progress,
        committed: job.committed,
        ...(job.result ? { result: job.result } : {}),
        ...(job.error === undefined ? {} : { error: job.error }),
      };
    }
    const stored = await findJob(this.db, cafeId, id);
    if (!stored) return null;
    // An interrupted job's clock stopped at its last batch, like a finished one's at its end.
    const end = stored.updatedAt;
    return {
      id: stored.id,
      state: stored.state === 'running' ? 'interrupted' : stored.state,
      startedAt: stored.startedAt.toISOString(),
      elapsedMs: Math.max(0, end.getTime() - stored.startedAt.getTime()),
      progress: stored.progress,
      committed: stored.committed,
      ...(stored.result ? { result: stored.result } : {}),
      ...(stored.error === null ? {} : { error: stored.error }),
    };
  }
}
