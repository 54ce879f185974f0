/**
 * A crash mid-send loses nothing and sends nothing twice: the real server process (as
 * `npm start` runs it, without the build) on a PGlite data folder with a mailing queued,
 * killed with SIGKILL while its sender is writing the `log` channel, then started again.
 * At the end every queued key is in MESSAGES_LOG exactly once and every queue row is sent.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDb } from '../server/db/db.ts';
import { queueMailing } from '../server/mailings/mailings.ts';
import { NO_POINTS } from '../server/mailings/points.ts';
import { saveMailingSettings } from '../server/mailings/settings.repo.ts';
import { freePort } from './e2e/server.ts';
import { phones, seedGuests } from './support/mailing-cafe.ts';
import { serveProcess, stopProcess, until } from './support/server-process.ts';

const GUESTS = 20_000;

const serve = (dataDir: string, log: string, port: number) => serveProcess({ DATA_DIR: dataDir, MESSAGES_LOG: log }, port);

const lines = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);

it('kill -9 mid-send and restart: every queued key delivered, none twice', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mail-crash-'));
  const dataDir = join(dir, 'data');
  const log = join(dir, 'messages.log');
  const now = new Date();
  const db = await openDb({ dataDir });
  let queued: string;
  try {
    const { cafe } = await seedGuests(
      db,
      phones(GUESTS).map((phone) => ({ phone, registeredAt: new Date(now.getTime() - 3_600_000) })),
      now,
    );
    // No quiet hours, a cap that never bites: this test is about the crash, whatever the hour.
    await saveMailingSettings(db, cafe.id, {
      channelOrder: ['log'],
      cap: { maxMessages: 50, days: 1 },
      quietHours: { from: '00:00', to: '00:00' },
      publicUrl: null,
      smtpFrom: null,
      telegramApiUrl: null,
    });
    const q = await queueMailing({ db, ledger: NO_POINTS }, cafe.id, { segments: ['newcomer'], text: 'Привет, {name}!', holdoutPercent: 0 }, now);
    expect(q.counts.queued).toBe(GUESTS);
    queued = q.id;
  } finally {
    await db.close();
  }

  const first = serve(dataDir, log, await freePort());
  await until('the first messages', () => lines(log).length >= 2_000, first.output);
  await stopProcess(first.child, 'SIGKILL');
  const atCrash = lines(log).length;
  expect(atCrash).toBeLessThan(GUESTS);
  // What the crash left: every row marked sent is in the file; the rest are queued or were mid-send.
  const between = await openDb({ dataDir });
  try {
    const left = Object.fromEntries(
      (await between.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM message_queue GROUP BY status')).map((r) => [r.status, r.n]),
    );
    expect((left.sent ?? 0) + (left.sending ?? 0) + (left.queued ?? 0)).toBe(GUESTS);
    expect(left.sent ?? 0).toBeLessThanOrEqual(atCrash);
    expect((left.queued ?? 0) + (left.sending ?? 0)).toBeGreaterThan(0);
  } finally {
    await between.close();
  }

  const second = serve(dataDir, log, await freePort());
  try {
    await until('every message', () => new Set(lines(log).map((l) => l.slice(0, 120))).size >= GUESTS, second.output);
    // Let the sender finish its round and look again: nothing more may come.
    await new Promise((r) => setTimeout(r, 3_000));
  } finally {
    await stopProcess(second.child, 'SIGTERM');
  }

  const written = lines(log).map((l) => JSON.parse(l) as { key: string; mailing: string });
  const keys = written.map((w) => w.key);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys).toHaveLength(GUESTS);
  expect(written.every((w) => w.mailing === queued)).toBe(true);
  const after = await openDb({ dataDir });
  try {
    const rows = await after.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM message_queue GROUP BY status');
    expect(rows).toEqual([{ status: 'sent', n: GUESTS }]);
    const stored = await after.query<{ key: string }>('SELECT key FROM message_queue');
    expect(new Set(stored.map((r) => r.key))).toEqual(new Set(keys));
  } finally {
    await after.close();
  }
});
