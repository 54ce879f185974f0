/**
 * An import cut short — by the server dying mid-commit, or by the owner's tab dropping its
 * connection — leaves only whole batches; the job still answers after a restart (as
 * interrupted, with what it committed), and importing the same uploads again completes it
 * with counts equal to the files.
 */
import { serve } from '@hono/node-server';
import { mkdtempSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import type { ImportJob, UploadPreview } from '../../shared/api/import.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { createApp } from '../app.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { createOwner } from '../cafe/owners.repo.ts';
import type { Db, Sql } from '../db/db.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const BATCH = 50;
const GUESTS = 120;
const PURCHASES = 600;

const phone = (i: number) => `+7912${String(1_000_000 + i).padStart(7, '0')}`;
const GUESTS_CSV = ['Телефон;Имя;Дата регистрации', ...Array.from({ length: GUESTS }, (_, i) => `${phone(i)};Гость ${i};01.10.2026 10:00`)].join('\n');
const PURCHASES_CSV = [
  'Телефон;Дата;Сумма',
  ...Array.from(
    { length: PURCHASES },
    (_, i) => `${phone(i % GUESTS)};${String(1 + (i % 28)).padStart(2, '0')}.10.2026 12:${String(i % 60).padStart(2, '0')};${100 + i},50`,
  ),
].join('\n');

class Died extends Error {}

/**
 * The database as a process that dies sees it: the `dieAt`-th time a batch writes its job
 * count (inside the batch's transaction, after its rows) the process is gone — that
 * transaction never commits, and nothing this process sends afterwards arrives.
 */
function dyingDb(db: Db, dieAt: number): { db: Db; died: Promise<void> } {
  let counts = 0;
  let dead = false;
  let died!: () => void;
  const death = new Promise<void>((resolve) => {
    died = resolve;
  });
  const guard = (sql: Sql): Sql => ({
    query: async (text, params) => {
      if (dead) throw new Died('the process is gone');
      if (text.startsWith('UPDATE import_jobs SET committed') && ++counts === dieAt) {
        dead = true;
        died();
        throw new Died('the process died mid-batch');
      }
      return sql.query(text, params);
    },
    exec: async (text) => {
      if (dead) throw new Died('the process is gone');
      return sql.exec(text);
    },
  });
  const dying: Db = {
    ...guard(db),
    kind: db.kind,
    transaction: (fn) => {
      if (dead) return Promise.reject(new Died('the process is gone'));
      return db.transaction((tx) => fn(guard(tx)));
    },
    close: async () => undefined,
  };
  return { db: dying, died: death };
}

describeOnBackends('an import cut short', ({ db }) => {
  const dir = mkdtempSync(join(tmpdir(), 'import-cut-'));
  let owner = { cookie: '', csrf: '' };
  const headers = () => ({ cookie: owner.cookie, 'x-csrf-token': owner.csrf });
  const appOn = (on: Db) => createApp({ db: on, now: () => NOW, import: { dir, batchSize: BATCH } });
  const count = async (table: string) => Number((await db().query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
  const stored = async () => ({ guests: await count('guests'), purchases: await count('purchases') });

  async function login(app: ReturnType<typeof appOn>) {
    const cafe = await ensureCafe(db());
    await createOwner(db(), cafe.id, 'owner@cafe.ru', 'пароль-владельца').catch(() => undefined);
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: 'пароль-владельца' }),
    });
    owner = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  }
  async function upload(app: ReturnType<typeof appOn>, kind: string, body: string): Promise<string> {
    const res = await app.request(`/api/import/uploads?kind=${kind}&name=${kind}.csv`, {
      method: 'POST',
      headers: { ...headers(), 'content-type': 'application/octet-stream' },
      body,
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as UploadPreview).upload;
  }
  const commit = (app: ReturnType<typeof appOn>, body: unknown) =>
    app.request('/api/import/commit', { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const jobOf = async (app: ReturnType<typeof appOn>, id: string) =>
    (await (await app.request(`/api/import/jobs/${id}`, { headers: headers() })).json()) as ImportJob;
  const finished = (app: ReturnType<typeof appOn>, id: string) =>
    vi.waitFor(
      async () => {
        const job = await jobOf(app, id);
        if (job.state === 'running') throw new Error('still running');
        return job;
      },
      { timeout: 30_000, interval: 20 },
    );

  it('after the server dies mid-commit: the restarted server reports the job interrupted with its whole batches, and importing again completes it', async () => {
    // Batches: guests 50, 50, 20; then purchases of 50. The fifth dies before it commits.
    const before = appOn(db());
    await login(before);
    const files = { guests: { upload: await upload(before, 'guests', GUESTS_CSV) }, purchases: { upload: await upload(before, 'purchases', PURCHASES_CSV) } };
    const process = dyingDb(db(), 5);
    const dying = appOn(process.db);
    const res = await commit(dying, files);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as ImportJob;
    // Nothing of the fifth batch is stored, and nothing reaches the database from that process after it.
    await process.died;
    expect(await stored()).toEqual({ guests: GUESTS, purchases: BATCH });

    const restarted = appOn(db());
    const job = await jobOf(restarted, id);
    expect(job).toMatchObject({ id, state: 'interrupted', committed: { guests: GUESTS, purchases: BATCH } });

    const again = await commit(restarted, files);
    expect(again.status).toBe(202);
    const done = await finished(restarted, ((await again.json()) as ImportJob).id);
    expect(done.state).toBe('done');
    expect(done.result!.summary).toMatchObject({
      guests: { rows: GUESTS, added: 0, alreadyStored: GUESTS },
      purchases: { rows: PURCHASES, added: PURCHASES - BATCH, alreadyStored: BATCH, guestsCreated: 0 },
    });
    expect(done.committed).toEqual({ guests: 0, purchases: PURCHASES - BATCH });
    expect(await stored()).toEqual({ guests: GUESTS, purchases: PURCHASES });
    // The interrupted job still answers as it was.
    expect((await jobOf(restarted, id)).state).toBe('interrupted');
  });

  it('after the tab drops its connection mid-upload and mid-commit: only whole batches are ever stored, and importing again ends with counts equal to the files', async () => {
    await db().exec('TRUNCATE purchases, guests CASCADE');
    const app = appOn(db());
    await login(app);
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const port = (server.address() as { port: number }).port;
    /**
     * Sends a request and drops the connection, as a closed tab does: halfway through the
     * body (`sendBytes`), or once the answer starts to arrive, without reading the rest.
     */
    const drop = (head: string, body: string, sendBytes = Buffer.byteLength(body)) =>
      new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`${head}\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncookie: ${owner.cookie}\r\nx-csrf-token: ${owner.csrf}\r\n\r\n`);
          socket.write(Buffer.from(body).subarray(0, sendBytes), () => {
            if (sendBytes >= Buffer.byteLength(body)) return;
            socket.destroy();
            resolve();
          });
        });
        socket.once('data', () => {
          socket.destroy();
          resolve();
        });
        socket.on('error', reject);
      });
    try {
      // An upload cut off halfway keeps nothing.
      const uploadsBefore = readdirSync(dir).length;
      await drop('POST /api/import/uploads?kind=purchases&name=p.csv HTTP/1.1\r\nhost: x\r\ncontent-type: application/octet-stream', PURCHASES_CSV, 2000);
      await vi.waitFor(() => expect(readdirSync(dir).length).toBe(uploadsBefore));

      const files = { guests: { upload: await upload(app, 'guests', GUESTS_CSV) }, purchases: { upload: await upload(app, 'purchases', PURCHASES_CSV) } };
      const body = JSON.stringify(files);
      await drop('POST /api/import/commit HTTP/1.1\r\nhost: x\r\ncontent-type: application/json', body);
      // The owner comes back and imports again: refused while the first job runs, then accepted.
      // Every look at the database meanwhile finds whole batches only.
      const seen: { guests: number; purchases: number }[] = [];
      const again = await vi.waitFor(
        async () => {
          const now = await stored();
          seen.push(now);
          const res = await commit(app, files);
          if (res.status === 409) throw new Error('the first job still runs');
          return res;
        },
        { timeout: 30_000, interval: 5 },
      );
      expect(again.status).toBe(202);
      const done = await finished(app, ((await again.json()) as ImportJob).id);
      expect(done.state).toBe('done');
      seen.push(await stored());
      for (const s of seen) {
        expect(s.guests % BATCH === 0 || s.guests === GUESTS).toBe(true);
        expect(s.purchases % BATCH === 0 || s.purchases === PURCHASES).toBe(true);
        if (s.purchases > 0) expect(s.guests).toBe(GUESTS);
      }
      const { guests, purchases } = done.result!.summary;
      expect(guests.added + guests.alreadyStored).toBe(GUESTS);
      expect(purchases.added + purchases.alreadyStored).toBe(PURCHASES);
      expect(await stored()).toEqual({ guests: GUESTS, purchases: PURCHASES });
      // Both jobs are stored, and the one whose tab went away ran to its end on its own.
      const jobs = await db().query<{ state: string }>("SELECT state FROM import_jobs WHERE id <> $1 AND state = 'done' ORDER BY started_at", [done.id]);
      expect(jobs.length).toBeGreaterThanOrEqual(1);
    } finally {
      server.close();
    }
  });
});
