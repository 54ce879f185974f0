import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { phones, seedGuests } from '../../tests/support/mailing-cafe.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import { creditOpeningBalances } from '../loyalty/opening.ts';
import { ChannelSet } from '../mailings/channels/channel-set.ts';
import { LOYALTY_POINTS } from '../mailings/loyalty-points.ts';
import { sendDueOnce } from '../mailings/sender.ts';
import { sharedDb } from './context.ts';
import { runCli } from './main.ts';

const NOW = new Date('2026-11-20T09:00:00Z');

describeOnBackends('npm run cli -- mailing send', ({ db }) => {
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { line: (t) => out.push(t), err: (t) => err.push(t) }, () => NOW, sharedDb(db()));
    return { code, out, err };
  };

  it('queues a mailing now and prints one JSON line last: { id, guests, eligible, holdout, queued, skippedByCap }', async () => {
    // 12 newcomers, 10 of them with marketing consent.
    await seedGuests(
      db(),
      phones(12, 1000).map((phone, i) => ({ phone, consent: i < 10, registeredAt: new Date('2026-11-19T09:00:00Z') })),
      NOW,
    );
    const r = await cli('mailing', 'send', '--segments', 'newcomer', '--text', 'Здравствуйте, {name}!', '--holdout', '20');
    expect(r.code).toBe(0);
    const last = JSON.parse(r.out.at(-1)!) as Record<string, unknown>;
    expect(Object.keys(last)).toEqual(['id', 'guests', 'eligible', 'holdout', 'queued', 'skippedByCap']);
    // 10 eligible × 20 % = 2 held out, 8 queued.
    expect(last).toMatchObject({ guests: 12, eligible: 10, holdout: 2, queued: 8, skippedByCap: 0 });
    const rows = await db().query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM message_queue WHERE mailing_id = $1 GROUP BY status ORDER BY status',
      [last.id],
    );
    expect(rows).toEqual([
      { status: 'held-out', n: 2 },
      { status: 'queued', n: 8 },
    ]);
  });

  it("sends {balance} as each guest's own balance, and prints the same fixed JSON line", async () => {
    const env = { MESSAGES_LOG: join(mkdtempSync(join(tmpdir(), 'mail-')), 'messages.log') };
    const { cafe, ids } = await seedGuests(
      db(),
      phones(2, 1100).map((phone) => ({ phone, registeredAt: new Date('2026-11-19T09:00:00Z') })),
      NOW,
    );
    await db().transaction(async (tx) => {
      await lockCafe(tx, cafe.id);
      await creditOpeningBalances(tx, cafe.id, [{ guestId: ids[0]!, points: 42 }], NOW);
    });
    // Earlier messages of this café are out of the way, so the log holds this mailing's alone.
    await db().query("UPDATE message_queue SET status = 'skipped' WHERE status = 'queued'");
    const r = await cli('mailing', 'send', '--segments', 'newcomer', '--text', 'На вашем счёте {balance}', '--holdout', '0');
    expect(r.code).toBe(0);
    const last = JSON.parse(r.out.at(-1)!) as Record<string, unknown>;
    expect(Object.keys(last)).toEqual(['id', 'guests', 'eligible', 'holdout', 'queued', 'skippedByCap']);
    expect(last).toMatchObject({ holdout: 0, skippedByCap: 0 });
    expect(last.queued).toBe(last.eligible);
    await sendDueOnce({ db: db(), cafeId: cafe.id, now: () => NOW, channels: new ChannelSet(), ledger: LOYALTY_POINTS, env });
    const texts = new Map(
      readFileSync(env.MESSAGES_LOG, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { key: string; text: string; mailing: string })
        .filter((l) => l.mailing === last.id)
        .map((l) => [l.key.split(':').at(-1), l.text]),
    );
    expect(texts.get(ids[0])).toBe('На вашем счёте 42 балла');
    expect(texts.get(ids[1])).toBe('На вашем счёте 0 баллов');
  });

  it('refuses bad input with a one-line usage error naming the flag (exit 2)', async () => {
    const bad = [
      [['--segments', 'newcomer', '--text', '   '], /--text: .*empty/],
      [['--segments', 'newcomer', '--text', 'Привет, {imya}'], /--text: .*unknown placeholder \{imya\}/],
      [['--segments', 'newcomer', '--text', 'Сгорят {expiring}'], /--text: .*\{expiring\} cannot be used/],
      [['--text', 'Привет'], /--segments/],
      [['--segments', 'nosuch', '--text', 'Привет'], /--segments: .*no segment "nosuch"/],
      [['--segments', 'newcomer', '--text', 'Привет', '--holdout', '60'], /--holdout/],
      [['--segments', 'newcomer', '--text', 'Привет', '--channel', 'sms'], /--channel: sms is not configured/],
      [['--segments', 'newcomer', '--text', 'Привет', '--channel', 'pigeon'], /--channel: unknown/],
      [['--segments', 'newcomer', '--text', 'Привет', '--at', '2020-01-01T00:00:00Z'], /--at: .*past/],
    ] as const;
    for (const [args, message] of bad) {
      const r = await cli('mailing', 'send', ...args);
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.err.join('\n')).toMatch(message);
    }
    const count = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM mailings');
    expect(count[0]!.n).toBe(2);
  });
});
