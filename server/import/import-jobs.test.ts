import { describe, expect, it, vi } from 'vitest';
import type { ImportHooks, ImportSummary } from './import-base.ts';
import { ImportJobs } from './import-jobs.ts';

const START = new Date('2026-11-22T09:00:00Z');
const SUMMARY: ImportSummary = {
  dryRun: false,
  guests: { rows: 1, added: 1, alreadyStored: 0, duplicates: 0, bad: 0, openingBalance: 0 },
  purchases: { rows: 0, added: 0, alreadyStored: 0, bad: 0, guestsCreated: 0 },
  segmentChanges: 0,
  timeZone: 'Europe/Moscow' as ImportSummary['timeZone'],
};
const kindOf = (file: string) => (file === 'g.csv' ? 'guests' : 'purchases');

/** A job whose run the test finishes by hand. */
function held() {
  let hooks!: Pick<ImportHooks, 'onProblem' | 'onProgress'>;
  let finish!: (s: ImportSummary) => void;
  let fail!: (e: Error) => void;
  const run = (h: typeof hooks) => {
    hooks = h;
    return new Promise<ImportSummary>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { run, hooks: () => hooks, finish: (s: ImportSummary) => finish(s), fail: (e: Error) => fail(e) };
}

describe('import jobs', () => {
  it('report progress across both files, then the result with its problems', async () => {
    const jobs = new ImportJobs();
    const h = held();
    jobs.start('job-00001', START, kindOf, h.run);
    expect(jobs.running()).toBe('job-00001');
    h.hooks().onProgress!({ file: 'g.csv', rows: 1000, bytesRead: 50, totalBytes: 100 });
    h.hooks().onProgress!({ file: 'p.csv', rows: 2000, bytesRead: 10, totalBytes: 400 });
    h.hooks().onProblem!({ file: 'p.csv', line: 7, code: 'amount-negative', message: 'amount is negative' });
    expect(jobs.view('job-00001', new Date(START.getTime() + 4000))).toMatchObject({
      state: 'running',
      elapsedMs: 4000,
      progress: { kind: 'purchases', rows: 2000, bytesRead: 10, totalBytes: 400, totalRows: 3000 },
    });
    h.finish(SUMMARY);
    await vi.waitFor(() => expect(jobs.view('job-00001', START)!.state).toBe('done'));
    expect(jobs.view('job-00001', START)!.result).toEqual({
      summary: SUMMARY,
      problems: [{ kind: 'purchases', file: 'p.csv', line: 7, code: 'amount-negative', message: 'amount is negative' }],
      problemCount: 1,
    });
    expect(jobs.running()).toBeNull();
  });

  it('keep a failed job’s reason, and forget finished jobs when the next starts', async () => {
    const jobs = new ImportJobs();
    const h = held();
    jobs.start('job-00002', START, kindOf, h.run);
    h.fail(new Error('the database went away'));
    await vi.waitFor(() => expect(jobs.view('job-00002', START)).toMatchObject({ state: 'failed', error: 'the database went away' }));
    jobs.start('job-00003', START, kindOf, held().run);
    expect(jobs.view('job-00002', START)).toBeNull();
    expect(jobs.view('job-00003', START)!.state).toBe('running');
  });
});
