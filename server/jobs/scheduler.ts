/**
 * The server's background work: each job runs at start and then every few minutes. A job
 * decides for itself whether there is anything to do (the daily resegment does its café day
 * once), so a restart or a missed tick never skips or repeats work. A failing job is logged
 * and tried again at the next tick; it never stops the others.
 */
export interface Job {
  name: string;
  run(now: Date): Promise<unknown>;
}

/** Starts the jobs; returns a function that stops them. */
export function startScheduler(jobs: readonly Job[], now: () => Date, everyMs = 5 * 60_000): () => void {
  const tick = () => {
    for (const job of jobs) void job.run(now()).catch((e) => console.error(`${job.name} failed:`, (e as Error).message));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
