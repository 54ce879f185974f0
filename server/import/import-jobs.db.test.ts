import { expect, it, vi } from 'vitest';
import type { CafeId } from '../../shared/domain/ids.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import type { Sql } from '../db/db.ts';
import type { ImportSummary } from './import-base.ts';
import { ImportJobs, type JobHooks } from './import-jobs.ts';

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
  let hooks!: JobHooks;
  let finish!: (s: ImportSummary) => void;
  let fail!: (e: Error) => void;
  const run = (h: JobHooks) => {
    hooks = h;
    return new Promise<ImportSummary>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { run, hooks: () => hooks, finish: (s: ImportSummary) => finish(s), fail: (e: Error) => fail(e) };
}

describeOnBackends('import jobs', ({ db }) => {
  let clock = START;
  const now = () => clock;
  let cafe: CafeId;
  const setup = async () => {
    cafe ??= (await ensureCafe(db())).id;
    return new ImportJobs(db(), now);
  };

  it('report progress across both files, then the result with its problems', async () => {
    const jobs = await setup();
    const h = held();
    await jobs.start('job-00001', cafe, START, kindOf, h.run);
    expect(jobs.running()).toBe('job-00001');
    h.hooks().onProgress!({ file: 'g.csv', rows: 1000, bytesRead: 50, totalBytes: 100 });
    h.hooks().onProgress!({ file: 'p.csv', rows: 2000, bytesRead: 10, totalBytes: 400 });
    h.hooks().onProblem!({ file: 'p.csv', line: 7, code: 'amount-negative', message: 'amount is negative' });
    clock = new Date(START.getTime() + 4000);
    expect(await jobs.view(cafe, 'job-00001')).toMatchObject({
      state: 'running',
      elapsedMs: 4000,
      progress: { kind: 'purchases', rows: 2000, bytesRead: 10, totalBytes: 400, totalRows: 3000 },
    });
    h.finish(SUMMARY);
    await vi.waitFor(async () => expect((await jobs.view(cafe, 'job-00001'))!.state).toBe('done'));
    const result = {
      summary: SUMMARY,
      problems: [{ kind: 'purchases', file: 'p.csv', line: 7, code: 'amount-negative', message: 'amount is negative' }],
      problemCount: 1,
    };
    expect((await jobs.view(cafe, 'job-00001'))!.result).toEqual(result);
    expect(jobs.running()).toBeNull();
    // Another process (a restart) reads the same from the database, its clock stopped at the end.
    clock = new Date(START.getTime() + 60_000);
    expect(await new ImportJobs(db(), now).view(cafe, 'job-00001')).toMatchObject({
      state: 'done',
      result,
      elapsedMs: 4000,
      committed: { guests: 1, purchases: 0 },
    });
  });

  it('keep a failed job’s reason, in memory and in the database', async () => {
    const jobs = await setup();
    const h = held();
    await jobs.start('job-00002', cafe, START, kindOf, h.run);
    h.fail(new Error('the file went away'));
    await vi.waitFor(async () => expect(await jobs.view(cafe, 'job-00002')).toMatchObject({ state: 'failed', error: 'the file went away' }));
    await jobs.start('job-00003', cafe, START, kindOf, held().run);
    expect(await jobs.view(cafe, 'job-00002')).toMatchObject({ state: 'failed', error: 'the file went away' });
    expect((await jobs.view(cafe, 'job-00003'))!.state).toBe('running');
  });

  it('report a job the database says runs, that no live process runs, as interrupted with what its batches committed', async () => {
    const jobs = await setup();
    const h = held();
    await jobs.start('job-00004', cafe, START, kindOf, h.run);
    clock = new Date(START.getTime() + 2000);
    await db().transaction((tx: Sql) => h.hooks().onBatchCommitting!(tx, { guests: 25, purchases: 0 }));
    // A batch whose transaction rolled back leaves the count as it was.
    await db()
      .transaction(async (tx: Sql) => {
        await h.hooks().onBatchCommitting!(tx, { guests: 50, purchases: 0 });
        throw new Error('crash');
      })
      .catch(() => undefined);
    clock = new Date(START.getTime() + 9000);
    expect(await new ImportJobs(db(), now).view(cafe, 'job-00004')).toMatchObject({
      state: 'interrupted',
      elapsedMs: 2000,
      committed: { guests: 25, purchases: 0 },
    });
    expect((await jobs.view(cafe, 'job-00004'))!.state).toBe('running');
    expect(await new ImportJobs(db(), now).view('00000000-0000-7000-8000-000000000000' as CafeId, 'job-00004')).toBeNull();
  });
});
