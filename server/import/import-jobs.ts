/**
 * The owner's committed imports run as jobs in the server process, so a closed tab or a
 * dropped connection does not stop one: the import commits batch by batch whatever the page
 * does, and the screen, when it comes back, polls the job for its progress and result. One
 * job at a time (the café's lock would serialise them anyway); finished jobs are kept for
 * the page to read until the next one starts.
 */
import type { ImportJob, ImportResult, RowProblemBody } from '../../shared/api/import.ts';
import { MAX_PROBLEMS_SHOWN } from '../../shared/api/import.ts';
import type { ImportKind } from '../../shared/import/columns.ts';
import type { ImportHooks, ImportSummary, RowProblem } from './import-base.ts';

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

interface Job {
  id: string;
  started: Date;
  state: ImportJob['state'];
  progress: Progress;
  rowsBefore: number;
  result?: ImportResult;
  error?: string;
}

export class ImportJobs {
  private readonly jobs = new Map<string, Job>();

  running(): string | null {
    for (const job of this.jobs.values()) if (job.state === 'running') return job.id;
    return null;
  }

  /**
   * Starts `run` with hooks that keep the job's progress; `kindOf` tells which file a
   * progress report is about. Returns at once.
   */
  start(
    id: string,
    started: Date,
    kindOf: (file: string) => ImportKind,
    run: (hooks: Pick<ImportHooks, 'onProblem' | 'onProgress' | 'progressEvery'>) => Promise<ImportSummary>,
  ): void {
    for (const [key, job] of this.jobs) if (job.state !== 'running') this.jobs.delete(key);
    const job: Job = { id, started, state: 'running', progress: { kind: null, rows: 0, bytesRead: 0, totalBytes: 0, totalRows: 0 }, rowsBefore: 0 };
    this.jobs.set(id, job);
    const problems = problemCollector(kindOf);
    run({
      onProblem: problems.onProblem,
      progressEvery: 1000,
      onProgress: (p) => {
        const kind = kindOf(p.file);
        if (job.progress.kind !== null && job.progress.kind !== kind) job.rowsBefore = job.progress.totalRows;
        job.progress = { kind, rows: p.rows, bytesRead: p.bytesRead, totalBytes: p.totalBytes, totalRows: job.rowsBefore + p.rows };
      },
    }).then(
      (summary) => {
        job.state = 'done';
        job.result = problems.result(summary);
      },
      (e: unknown) => {
        job.state = 'failed';
        job.error = e instanceof Error ? e.message : String(e);
      },
    );
  }

  view(id: string, now: Date): ImportJob | null {
    const job = this.jobs.get(id);
    if (!job) return null;
    return {
      id: job.id,
      state: job.state,
      startedAt: job.started.toISOString(),
      elapsedMs: Math.max(0, now.getTime() - job.started.getTime()),
      progress: job.progress,
      ...(job.result ? { result: job.result } : {}),
      ...(job.error === undefined ? {} : { error: job.error }),
    };
  }
}
