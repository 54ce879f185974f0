/**
 * Mailings on PostgreSQL: queueing a mailing to the largest segment of a 1,000,000-guest café
 * (audience query + holdout + queue insert, one transaction); the sender's throughput through
 * the `log` channel, beside a bare lease/write/mark loop over a plain table in the same run;
 * and what scenario detection adds to push ingest (the sync bench's load, with and without
 * the push hook, alternated in the same hour).
 */
import { mkdtempSync, openSync, rmSync, writeSync, fsyncSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.ts';
import { ensureCafe } from '../server/cafe/cafes.repo.ts';
import { ChannelSet } from '../server/mailings/channels/channel-set.ts';
import { scenarioPushHooks } from '../server/mailings/hooks.ts';
import { queueMailing } from '../server/mailings/mailings.ts';
import { NO_POINTS } from '../server/mailings/points.ts';
import { loadScenarios, saveScenario } from '../server/mailings/scenarios.repo.ts';
import { sendDueOnce } from '../server/mailings/sender.ts';
import { saveMailingSettings } from '../server/mailings/settings.repo.ts';
import { segmentReport } from '../server/segments/segments.repo.ts';
import type { BackendName } from './backends.ts';
import { freshDb } from './backends.ts';
import { record } from './results.ts';
import { generateGuestStats } from './segments.bench.ts';
import { ingestSetup, listen, pushLoad } from './sync.bench.ts';

const END = new Date('2026-11-22T09:00:00Z');
const SETTINGS = {
  channelOrder: ['log' as const],
  cap: { maxMessages: 50, days: 7 },
  quietHours: { from: '00:00', to: '00:00' },
  publicUrl: null,
  smtpFrom: null,
  telegramApiUrl: null,
};

async function benchQueueAndSend(): Promise<void> {
  const { db, dispose } = await freshDb('postgres');
  const dir = mkdtempSync(join(tmpdir(), 'bench-mail-'));
  const env = { MESSAGES_LOG: join(dir, 'messages.log') };
  try {
    await generateGuestStats(db, 1_000_000);
    await db.query('SELECT setseed(0.7)');
    await db.query('UPDATE guests SET consent = random() < 0.6');
    await db.exec('VACUUM ANALYZE guests');
    const cafe = await ensureCafe(db);
    await saveMailingSettings(db, cafe.id, SETTINGS);
    const report = await segmentReport(db, cafe, END);
    const largest = [...report.segments].sort((a, b) => b.guests - a.guests)[0]!;
    const t = performance.now();
    const q = await queueMailing({ db, ledger: NO_POINTS, env }, cafe.id, { segments: [largest.id], text: 'Здравствуйте, {name}!', holdoutPercent: 10 }, END);
    const ms = performance.now() - t;
    record({
      what: "mailings: queue a mailing to a 1,000,000-guest café's largest segment, PostgreSQL",
      value: ms / 1000,
      unit: 's',
      how: `segment "${largest.id}" of ${q.counts.inSegments} guests (60 % with consent): the audience by the segment lists' cells, the exact holdout (10 %), ${q.counts.queued + q.counts.heldOut} queue rows inserted, one transaction`,
      target: '≤ 5 s',
    });

    // Sender throughput: the first 50,000 of those messages, through the log channel.
    const N = 50_000;
    await db.query(`UPDATE message_queue SET due_at = $2 WHERE key IN (SELECT key FROM message_queue WHERE status = 'queued' ORDER BY key OFFSET $1)`, [
      N,
      new Date(END.getTime() + 365 * 86_400_000).toISOString(),
    ]);
    const deps = { db, cafeId: cafe.id, now: () => END, channels: new ChannelSet(), ledger: NO_POINTS, env, batchSize: 1000 };
    const started = performance.now();
    let sent = 0;
    for (;;) {
      const round = await sendDueOnce(deps);
      sent += round.sent;
      if (round.leased === 0) break;
    }
    const sendRate = sent / ((performance.now() - started) / 1000);
    await deps.channels.close();

    // The bare loop: lease 1,000 rows of a plain table with SKIP LOCKED, append their lines, fsync, mark them.
    await db.exec(`CREATE TABLE bare_queue (key text PRIMARY KEY, status text NOT NULL, payload text NOT NULL);
      CREATE INDEX bare_queue_status ON bare_queue (status) WHERE status = 'queued'`);
    await db.query(`INSERT INTO bare_queue SELECT 'k' || n, 'queued', 'Здравствуйте!' FROM generate_series(1, $1::int) n`, [N]);
    const fd = openSync(join(dir, 'bare.log'), 'a');
    const bareStart = performance.now();
    let bare = 0;
    for (;;) {
      const rows = await db.transaction((tx) =>
        tx.query<{ key: string; payload: string }>(
          `UPDATE bare_queue SET status = 'sending' WHERE key IN (SELECT key FROM bare_queue WHERE status = 'queued' LIMIT 1000 FOR UPDATE SKIP LOCKED) RETURNING key, payload`,
        ),
      );
      if (rows.length === 0) break;
      writeSync(fd, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
      fsyncSync(fd);
      await db.query(`UPDATE bare_queue SET status = 'sent' WHERE key = ANY($1::text[])`, [rows.map((r) => r.key)]);
      bare += rows.length;
    }
    closeSync(fd);
    const bareRate = bare / ((performance.now() - bareStart) / 1000);
    const how = `${N.toLocaleString('en')} due messages, rounds of 1,000 on PostgreSQL`;
    record({
      what: 'mailings: sender throughput through the log channel, PostgreSQL',
      value: sendRate,
      unit: 'messages/s',
      how: `${how}: lease (SKIP LOCKED, consent in force, cap against the contact log, channel), render, append to MESSAGES_LOG with fdatasync, mark sent`,
      target: '≥ 2,000 messages/s',
    });
    record({
      what: 'mailings: bare lease/write/mark loop, same run (baseline)',
      value: bareRate,
      unit: 'messages/s',
      how: `${how}: a plain table, the same statements' shape, no rules`,
    });
    record({ what: 'mailings: sender as a share of the bare loop', value: sendRate / bareRate, unit: 'ratio', how: 'the two figures above divided' });
  } finally {
    await dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Push ingest with and without the scenario hook, alternated so both see the same machine.
 * The scenario fires on entering `active` here (the bench's guests reach it with their 4th
 * purchase), so the hook does its whole work — detection, consent, queue rows — not only the
 * check that nothing entered its segment. The time spent inside the hook is measured too: on
 * a shared machine the two rates wander more than the hook costs.
 */
async function benchPushHook(): Promise<void> {
  const rates: Record<'without' | 'with', number[]> = { without: [], with: [] };
  let hookMs = 0;
  let hookTotal = 0;
  let withMs = 0;
  for (const round of [0, 1, 2, 3, 4]) {
    for (const variant of ['without', 'with'] as const) {
      const { db, dispose } = await freshDb('postgres');
      try {
        const cafe = await ensureCafe(db);
        if (variant === 'with') {
          const [winBack] = await loadScenarios(db, cafe.id);
          await saveScenario(db, cafe, 'win-back', { ...winBack!, enabled: true, segment: 'active' }, NO_POINTS, new Date());
        }
        const hook = scenarioPushHooks().inTransaction!;
        const timed: typeof hook = async (tx, applied) => {
          const t = performance.now();
          await hook(tx, applied);
          hookMs += performance.now() - t;
        };
        const app = createApp({ db, now: () => new Date(), ...(variant === 'with' ? { pushHooks: { inTransaction: timed } } : {}) });
        const { url, server } = await listen(app);
        try {
          const { tokens, guestIds } = await ingestSetup(db, url);
          // A short warm-up (one purchase per guest: still newcomers), so the measured run is where they enter `active`.
          await pushLoad(url, tokens, guestIds, 100, 100);
          hookMs = 0;
          const t = performance.now();
          rates[variant].push(await pushLoad(url, tokens, guestIds, 5_000, 100));
          if (variant === 'with') withMs += performance.now() - t;
          if (variant === 'with') hookTotal += hookMs;
        } finally {
          server.close();
        }
      } finally {
        await dispose();
      }
      console.log(`push ingest round ${round + 1}, ${variant} the hook: ${Math.round(rates[variant].at(-1)!)} purchases/s`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const how =
    '3 concurrent HTTP clients each pushing 5,000 purchase.record mutations in batches of 100 to the server on PostgreSQL; median of 3 alternating runs';
  record({ what: 'mailings: push ingest without the scenario hook, PostgreSQL', value: median(rates.without), unit: 'purchases/s', how });
  record({ what: 'mailings: push ingest with the scenario hook (win-back on), PostgreSQL', value: median(rates.with), unit: 'purchases/s', how });
  record({
    what: 'mailings: time inside the scenario hook, share of push ingest',
    value: (hookTotal / withMs) * 100,
    unit: '%',
    how: "the hook timed inside each push transaction, summed, over the runs' wall time (one café's pushes hold its lock, so they run one at a time)",
    target: '≤ 10 %',
  });
  record({
    what: 'mailings: scenario detection, cost on push ingest',
    value: (1 - median(rates.with) / median(rates.without)) * 100,
    unit: '%',
    how: 'ingest rate lost with the hook, from the two medians above',
    target: '≤ 10 %',
  });
}

/** `MAILINGS_BENCH=queue|hook` runs one half. */
export async function benchMailings(backends: BackendName[]): Promise<void> {
  if (!backends.includes('postgres')) {
    console.log('mailings: the figures are for PostgreSQL only; skipped');
    return;
  }
  const only = process.env.MAILINGS_BENCH;
  if (only !== 'hook') await benchQueueAndSend();
  if (only !== 'queue') await benchPushHook();
}
