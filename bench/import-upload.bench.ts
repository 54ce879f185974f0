/**
 * The owner's import over HTTP against the CLI's, in the same run: the same 100,000-guest /
 * 1,000,000-purchase CSV base imported by importBase directly (the CLI's code path), then
 * uploaded to a real server (the raw bodies the browser sends, streamed from disk) and
 * committed as a job, polled until done, each on a fresh database. The upload's rate counts
 * from the first byte sent to the job's end; the target is ≥ 80 % of the CLI's.
 * BENCH_IMPORT_GUESTS / BENCH_IMPORT_PURCHASES shrink it for a smoke run.
 */
import { serve } from '@hono/node-server';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import type { ImportJob, UploadPreview } from '../shared/api/import.ts';
import { createApp } from '../server/app.ts';
import { ensureCafe } from '../server/cafe/cafes.repo.ts';
import { createOwner } from '../server/cafe/owners.repo.ts';
import type { Db } from '../server/db/db.ts';
import { importBase } from '../server/import/import-base.ts';
import { writeCafeCsv } from '../tests/fixtures/write-csv.ts';
import { freshDb, type BackendName } from './backends.ts';
import { record } from './results.ts';

const GUESTS = Number(process.env.BENCH_IMPORT_GUESTS ?? 100_000);
const PURCHASES = Number(process.env.BENCH_IMPORT_PURCHASES ?? 1_000_000);
const END = new Date('2026-11-22T00:00:00Z');

async function viaUpload(db: Db, files: { guests: string; purchases: string }): Promise<number> {
  const cafe = await ensureCafe(db);
  await createOwner(db, cafe.id, 'bench@cafe.ru', 'пароль-для-замера');
  const dir = mkdtempSync(join(tmpdir(), 'bench-uploads-'));
  const app = createApp({ db, now: () => END, import: { dir, maxBytes: 1024 * 1024 * 1024 } });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0 }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@cafe.ru', password: 'пароль-для-замера' }),
    });
    const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const started = performance.now();
    const upload = async (kind: 'guests' | 'purchases', path: string) => {
      const res = await fetch(`${url}/api/import/uploads?kind=${kind}&name=${basename(path)}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(statSync(path).size) },
        body: Readable.toWeb(createReadStream(path)) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      if (!res.ok) throw new Error(`upload ${kind}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as UploadPreview).upload;
    };
    const body = { guests: { upload: await upload('guests', files.guests) }, purchases: { upload: await upload('purchases', files.purchases) } };
    const commit = await fetch(`${url}/api/import/commit`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    let job = (await commit.json()) as ImportJob;
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 250)); // the screen's own polling, not a wait for a result
      job = (await (await fetch(`${url}/api/import/jobs/${job.id}`, { headers })).json()) as ImportJob;
    }
    const seconds = (performance.now() - started) / 1000;
    const s = job.result?.summary;
    if (!s || s.guests.added !== GUESTS || s.purchases.added !== PURCHASES) throw new Error(`upload import incomplete: ${JSON.stringify(job)}`);
    return seconds;
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchImportUpload(backends: BackendName[]): Promise<void> {
  const dir = join('bench', 'data', `cafe-${GUESTS}-${PURCHASES}`);
  const files = existsSync(join(dir, 'purchases.csv'))
    ? { guests: join(dir, 'guests.csv'), purchases: join(dir, 'purchases.csv') }
    : await writeCafeCsv(dir, { guests: GUESTS, purchases: PURCHASES, seed: 1, end: END });
  for (const backend of backends) {
    const cli = await freshDb(backend);
    let cliSeconds: number;
    try {
      const started = performance.now();
      await importBase(cli.db, { guestsPath: files.guests, purchasesPath: files.purchases }, { now: END });
      cliSeconds = (performance.now() - started) / 1000;
    } finally {
      await cli.dispose();
    }
    const http = await freshDb(backend);
    try {
      const seconds = await viaUpload(http.db, files);
      const rows = GUESTS + PURCHASES;
      record({
        what: `owner's upload import vs the CLI's, ${GUESTS} guests + ${PURCHASES} purchases CSV, ${backend}`,
        value: (100 * cliSeconds) / seconds,
        unit: '% of the CLI rate',
        how: `same run, fresh databases: CLI path ${(rows / cliSeconds).toFixed(0)} rows/s (${cliSeconds.toFixed(1)} s); upload of both files over HTTP to a node server, commit job polled to its end ${(rows / seconds).toFixed(0)} rows/s (${seconds.toFixed(1)} s)`,
        target: '≥ 80 %',
      });
    } finally {
      await http.dispose();
    }
  }
}
