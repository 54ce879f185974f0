import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { daysBefore, phones, seedGuests } from '../../tests/support/mailing-cafe.ts';
import { ChannelSet } from './channels/channel-set.ts';
import { queueMailing } from './mailings.ts';
import { NO_POINTS } from './points.ts';
import { sendDueOnce } from './sender.ts';
import { saveMailingSettings } from './settings.repo.ts';

// 12:00 in Moscow: outside quiet hours.
const NOW = new Date('2026-11-20T09:00:00Z');

describeOnBackends('a mailing through the queue and the log channel', ({ db }) => {
  it('queues the segment with its holdout, sends each key once, and skips those without consent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-'));
    const env = { MESSAGES_LOG: join(dir, 'messages.log') };
    // 20 newcomers (registered yesterday, no purchase): 15 agreed, 5 did not.
    const { cafe, ids } = await seedGuests(
      db(),
      phones(20).map((phone, i) => ({ phone, name: i === 0 ? 'Анна' : null, consent: i < 15, registeredAt: daysBefore(NOW, 1) })),
      NOW,
    );
    const q = await queueMailing(
      { db: db(), ledger: NO_POINTS, env },
      cafe.id,
      { segments: ['newcomer'], text: 'Здравствуйте, {name}!', holdoutPercent: 20 },
      NOW,
    );
    // 15 eligible, 20 % held out = 3, 12 queued.
    expect(q.counts).toMatchObject({ inSegments: 20, noConsent: 5, eligible: 15, heldOut: 3, queued: 12 });
    expect(q.skippedByCap).toBe(0);
    const deps = { db: db(), cafeId: cafe.id, now: () => NOW, channels: new ChannelSet(), ledger: NO_POINTS, env };
    const round = await sendDueOnce(deps);
    expect(round).toMatchObject({ leased: 12, sent: 12, failed: 0 });
    expect((await sendDueOnce(deps)).leased).toBe(0);
    await deps.channels.close();
    const lines = readFileSync(env.MESSAGES_LOG, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(12);
    expect(Object.keys(lines[0]!)).toEqual(['key', 'at', 'channel', 'phone', 'mailing', 'text']);
    expect(new Set(lines.map((l) => l.key)).size).toBe(12);
    expect(lines.every((l) => l.mailing === q.id && l.channel === 'log' && l.at === NOW.toISOString())).toBe(true);
    const anna = lines.find((l) => l.key.endsWith(ids[0]!));
    if (anna) expect(anna.text).toBe('Здравствуйте, Анна!');
    expect(lines.filter((l) => l.text === 'Здравствуйте!').length).toBe(anna ? 11 : 12);
  });

  it('waits through quiet hours and counts the cap across mailings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-'));
    const env = { MESSAGES_LOG: join(dir, 'messages.log') };
    const { cafe } = await seedGuests(
      db(),
      phones(3, 100).map((phone) => ({ phone, registeredAt: daysBefore(NOW, 2) })),
      NOW,
    );
    await saveMailingSettings(db(), cafe.id, {
      channelOrder: ['log'],
      cap: { maxMessages: 2, days: 7 },
      quietHours: { from: '21:00', to: '09:00' },
      publicUrl: null,
      smtpFrom: null,
      telegramApiUrl: null,
    });
    const night = new Date('2026-11-20T19:30:00Z'); // 22:30 in Moscow
    const deps = (now: Date) => ({ db: db(), cafeId: cafe.id, now: () => now, channels: new ChannelSet(), ledger: NO_POINTS, env });
    const first = await queueMailing({ db: db(), ledger: NO_POINTS, env }, cafe.id, { segments: ['newcomer'], text: 'Один', holdoutPercent: 0 }, night);
    const r1 = await sendDueOnce(deps(night));
    expect(r1).toMatchObject({ leased: 0, postponed: first.counts.queued });
    const morning = new Date('2026-11-21T06:00:00Z'); // 09:00 in Moscow
    expect((await sendDueOnce(deps(morning))).sent).toBe(first.counts.queued);
    await queueMailing({ db: db(), ledger: NO_POINTS, env }, cafe.id, { segments: ['newcomer'], text: 'Два', holdoutPercent: 0 }, morning);
    expect((await sendDueOnce(deps(morning))).sent).toBeGreaterThan(0);
    // A third in the same week is over the cap of 2: skipped at once when sent now.
    const third = await queueMailing({ db: db(), ledger: NO_POINTS, env }, cafe.id, { segments: ['newcomer'], text: 'Три', holdoutPercent: 0 }, morning);
    expect(third.skippedByCap).toBeGreaterThanOrEqual(3);
  });
});
