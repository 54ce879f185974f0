/**
 * Collects rows into batches and hands each to `run` one after another while the caller
 * parses the next: the database works on one core while the file is read on the other. At
 * most one batch is in flight, so they finish in file order; the first failure stops the
 * import. A real import's `run` is one transaction per batch, so an interrupted import
 * leaves whole batches and importing again completes it.
 */
export class Batches<T> {
  private batch: T[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly size: number,
    private readonly run: (rows: T[]) => Promise<void>,
  ) {}

  async add(row: T): Promise<void> {
    this.batch.push(row);
    if (this.batch.length >= this.size) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
    if (this.failure) throw this.failure;
  }

  /** Waits for the batch in flight, whatever its outcome: an import that stops early must not leave a transaction running. */
  async settle(): Promise<void> {
    await this.inFlight;
  }

  private async flush(): Promise<void> {
    const rows = this.batch;
    this.batch = [];
    await this.inFlight;
    if (this.failure) throw this.failure;
    if (!rows.length) return;
    this.inFlight = this.run(rows).then(
      () => undefined,
      (e: unknown) => {
        this.failure = e;
      },
    );
  }
}
