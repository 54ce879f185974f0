/**
 * A committed import as it runs on the server: a progress bar over the file being read, rows
 * per second and the time left, then what was added. The job goes on if the page is closed.
 */
import { QueryState } from '../../QueryState.tsx';
import { type ImportJob, useImportJob, useImportT } from './import-queries.ts';

/** Rows per second and seconds left, from the job's own clock and the file's bytes read. */
export function pace(job: ImportJob): { fraction: number; perSecond: number; secondsLeft: number | null } {
  const { bytesRead, totalBytes, totalRows } = job.progress;
  const seconds = job.elapsedMs / 1000;
  const fraction = totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 0;
  return {
    fraction,
    perSecond: seconds > 0 ? totalRows / seconds : 0,
    secondsLeft: fraction > 0 && fraction < 1 ? (seconds * (1 - fraction)) / fraction : null,
  };
}

export function ImportJobView({ id, onAgain }: { id: string; onAgain: () => void }) {
  const t = useImportT();
  const job = useImportJob(id);
  return (
    <QueryState query={job}>
      {(j) => {
        if (j.state === 'running') {
          const p = pace(j);
          return (
            <section className="import-job" aria-labelledby="import-job-title">
              <h2 id="import-job-title">{t.importing}</h2>
              {j.progress.kind && <p>{t.file[j.progress.kind]}</p>}
              <progress max={1} value={p.fraction} aria-labelledby="import-job-title" />
              <p role="status">
                {t.progress(j.progress.totalRows, p.perSecond)}
                {p.secondsLeft !== null && ` · ${t.left(p.secondsLeft)}`}
              </p>
              <p className="muted">{t.leaveHint}</p>
            </section>
          );
        }
        if (j.state === 'failed' || j.state === 'interrupted' || !j.result) {
          return (
            <section className="import-job">
              <p role="alert" className="failed">
                {j.state === 'interrupted' ? t.interrupted(j.committed.guests, j.committed.purchases) : t.failed}
              </p>
              <button type="button" onClick={onAgain}>
                {t.again}
              </button>
            </section>
          );
        }
        const { guests, purchases } = j.result.summary;
        return (
          <section className="import-job" aria-labelledby="import-done-title">
            <h2 id="import-done-title">{t.done}</h2>
            <div role="status">
              <ul className="import-totals">
                <li>{t.doneGuests(guests.added + purchases.guestsCreated)}</li>
                <li>{t.donePurchases(purchases.added)}</li>
                <li>{t.doneKnown(guests.alreadyStored + purchases.alreadyStored)}</li>
                <li>{t.bad(j.result.problemCount)}</li>
              </ul>
            </div>
            <button type="button" onClick={onAgain}>
              {t.again}
            </button>
          </section>
        );
      }}
    </QueryState>
  );
}
