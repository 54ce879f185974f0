/**
 * The rules the sender applies at send time, end to end through the queue: the cap across
 * channels and over a week boundary, quiet hours across a daylight-saving change, the
 * holdout's exact size and determinism, a provider that answers garbage or nothing, and
 * the report's numbers on a hand-built example.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { fakeSmsGateway, fakeTelegram } from '../../tests/support/fake-providers.ts';
import { phones, seedGuests } from '../../tests/support/mailing-cafe.ts';
import type { TimeZone } from '../../shared/domain/calendar.ts';
import type { CafeId, GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import { cafeById, setTimeZone } from '../cafe/cafes.repo.ts';
import type { Db } from '../db/db.ts';
import { newId } from '../new-id.ts';
import { recordPurchases } from '../purchases/purchases.repo.ts';
import { ChannelSet } from './channels/channel-set.ts';
import { queueMailing } from './mailings.ts';
import { NO_POINTS } from './points.ts';
import { insertQueueRows } from './queue.repo.ts';
import { deliveryReport } from './report.repo.ts';
import { sendDueOnce } from './sender.ts';
import { saveMailingSettings } from './settings.repo.ts';

const env = { MESSAGES_LOG: join(mkdtempSync(join(tmpdir(), 'rules-')), 'messages.log') };
const settings = (telegramApiUrl: string | null = null) => ({
  channelOrder: ['log' as const],
  cap: { maxMessages: 2, days: 7 },
  quietHours: { from: '21:00', to: '09:00' },
  publicUrl: null,
  smtpFrom: null,
  telegramApiUrl,
});

const send = (db: Db, cafeId: CafeId, at: Date) => sendDueOnce({ db, cafeId, now: () => at, channels: new ChannelSet(), ledger: NO_POINTS, env });
const statusOf = async (db: Db, mailingId: string, guestId: string) =>
  (
    await db.query<{ status: string; reason: string | null; sent_channel: string | null }>(
      'SELECT status, reason, sent_channel FROM message_queue WHERE mailing_id = $1 AND guest_id = $2',
      [mailingId, guestId],
    )
  )[0];

describeOnBackends('the cap across channels and over a week boundary', ({ db }) => {
  it('two messages on Monday and Tuesday by two channels: a third on Sunday is skipped, one on the next Monday goes', async () => {
    const TOKEN = '42:cap-test-token-abcdefghijklmnopq';
    const telegram = await fakeTelegram(TOKEN);
    const sms = await fakeSmsGateway();
    try {
      // Moscow: Monday 16 November 2026 12:00 is 09:00Z.
      const monday = new Date('2026-11-16T09:00:00Z');
      const at = (days: number) => new Date(monday.getTime() + days * 86_400_000);
      const { cafe, ids } = await seedGuests(db(), [{ phone: phones(1, 300)[0]!, registeredAt: at(-1), telegramChatId: '901' }], monday);
      const guest = ids[0]!;
      await saveMailingSettings(
        db(),
        cafe.id,
        { ...settings(telegram.url), channelOrder: ['telegram', 'sms'] },
        { telegramBotToken: TOKEN, smsWebhookUrl: sms.url },
      );
      const mail = (channel: 'telegram' | 'sms', now: Date, sendAt?: Date) =>
        queueMailing(
          { db: db(), ledger: NO_POINTS, env },
          cafe.id,
          { segments: ['newcomer'], text: 'Новости', holdoutPercent: 0, channel, ...(sendAt ? { sendAt: sendAt.toISOString() } : {}) },
          now,
        );
      const m1 = await mail('telegram', at(0));
      await send(db(), cafe.id, at(0));
      const m2 = await mail('sms', at(1));
      await send(db(), cafe.id, at(1));
      expect(await statusOf(db(), m1.id, guest)).toMatchObject({ status: 'sent', sent_channel: 'telegram' });
      expect(await statusOf(db(), m2.id, guest)).toMatchObject({ status: 'sent', sent_channel: 'sms' });
      // Queued for later while the cap still had room: judged when they fall due.
      const sunday = await mail('sms', at(1), at(6));
      const nextMonday = await mail('sms', at(1), at(7));
      await send(db(), cafe.id, at(6));
      expect(await statusOf(db(), sunday.id, guest)).toEqual({ status: 'skipped', reason: 'over-cap', sent_channel: null });
      await send(db(), cafe.id, at(7));
      expect(await statusOf(db(), nextMonday.id, guest)).toMatchObject({ status: 'sent', sent_channel: 'sms' });
      // Sent now while the cap is full: skipped at once and counted as such.
      const now = await mail('telegram', at(7));
      expect(now).toMatchObject({ skippedByCap: 1, counts: { queued: 0 } });
    } finally {
      await Promise.all([telegram.close(), sms.close()]);
    }
  });
});

describeOnBackends('quiet hours across a daylight-saving change', ({ db }) => {
  it('a message due at 22:00 on the night clocks spring forward waits until 09:00 local, one hour fewer in UTC', async () => {
    const { cafe, ids } = await seedGuests(
      db(),
      [{ phone: phones(1, 400)[0]!, registeredAt: new Date('2026-03-27T10:00:00Z') }],
      new Date('2026-03-28T10:00:00Z'),
    );
    await setTimeZone(db(), cafe.id, 'Europe/Berlin' as TimeZone);
    await saveMailingSettings(db(), cafe.id, settings());
    // 28 March 2026, 22:00 in Berlin (CET, +01:00) = 21:00Z; clocks go to +02:00 at 02:00 on the 29th.
    const due = new Date('2026-03-28T21:00:00Z');
    const m = await queueMailing({ db: db(), ledger: NO_POINTS, env }, cafe.id, { segments: ['newcomer'], text: 'Доброе утро', holdoutPercent: 0 }, due);
    expect(await send(db(), cafe.id, due)).toMatchObject({ leased: 0, postponed: 1 });
    const [row] = await db().query<{ due_at: Date }>('SELECT due_at FROM message_queue WHERE mailing_id = $1', [m.id]);
    // 09:00 CEST on 29 March = 07:00Z (with no change it would be 08:00Z).
    expect(row!.due_at.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(await send(db(), cafe.id, new Date('2026-03-29T06:59:59Z'))).toMatchObject({ leased: 0 });
    expect(await send(db(), cafe.id, new Date('2026-03-29T07:00:00Z'))).toMatchObject({ sent: 1 });
    expect(await statusOf(db(), m.id, ids[0]!)).toMatchObject({ status: 'sent' });
  });
});

describeOnBackends('the holdout', ({ db }) => {
  it('holds out exactly round(eligible × share), halves up, the same guests for the same mailing id', async () => {
    const now = new Date('2026-11-20T09:00:00Z');
    const { cafe } = await seedGuests(
      db(),
      phones(37, 600).map((phone) => ({ phone, registeredAt: new Date('2026-11-19T09:00:00Z') })),
      now,
    );
    await saveMailingSettings(db(), cafe.id, settings());
    const heldOut = async (id: string) =>
      (await db().query<{ guest_id: string }>("SELECT guest_id FROM message_queue WHERE mailing_id = $1 AND status = 'held-out' ORDER BY guest_id", [id])).map(
        (r) => r.guest_id,
      );
    const q = (percent: number, id: string) =>
      queueMailing({ db: db(), ledger: NO_POINTS, env }, cafe.id, { segments: ['newcomer'], text: 'Привет', holdoutPercent: percent }, now, id);
    // 37 × 10 % = 3.7 → 4; 37 × 50 % = 18.5 → 19; 37 × 0 % = 0.
    const a = await q(10, '00000000-0000-7000-8000-00000000000a');
    expect(a.counts).toMatchObject({ eligible: 37, heldOut: 4, queued: 33 });
    expect((await q(50, newId())).counts).toMatchObject({ heldOut: 19, queued: 18 });
    expect((await q(0, newId())).counts).toMatchObject({ heldOut: 0, queued: 37 });
    const first = await heldOut(a.id);
    expect(first).toHaveLength(4);
    // The same id again (after the first is gone) draws the same guests.
    await db().query('DELETE FROM message_queue WHERE mailing_id = $1', [a.id]);
    await db().query('DELETE FROM mailings WHERE id = $1', [a.id]);
    await q(10, a.id);
    expect(await heldOut(a.id)).toEqual(first);
  });
});

describeOnBackends('a provider that answers garbage or nothing', ({ db }) => {
  it('is retried, then failed with its words kept, while the rest of the queue goes on', async () => {
    const sms = await fakeSmsGateway((r) => (r.body.text.includes('плохой') ? 502 : 200));
    try {
      const now = new Date('2026-11-20T09:00:00Z');
      const { cafe } = await seedGuests(
        db(),
        phones(2, 700).map((phone) => ({ phone, registeredAt: new Date('2026-11-19T09:00:00Z') })),
        now,
      );
      await saveMailingSettings(db(), cafe.id, { ...settings(), channelOrder: ['sms'] }, { smsWebhookUrl: sms.url });
      const bad = await queueMailing({ db: db(), ledger: NO_POINTS, env }, cafe.id, { segments: ['newcomer'], text: 'плохой', holdoutPercent: 0 }, now);
      let t = now;
      for (let attempt = 1; attempt <= 6; attempt += 1) {
        await send(db(), cafe.id, t);
        t = new Date(t.getTime() + 3_600_000); // an hour later: past the backoff, before quiet hours
      }
      const good = await queueMailing({ db: db(), ledger: NO_POINTS, env }, cafe.id, { segments: ['newcomer'], text: 'хороший', holdoutPercent: 0 }, t);
      await send(db(), cafe.id, t);
      const rows = await db().query<{ mailing_id: string; status: string; attempts: number; last_error: string | null }>(
        'SELECT mailing_id, status, attempts, last_error FROM message_queue WHERE mailing_id = ANY($1::uuid[]) ORDER BY mailing_id',
        [[bad.id, good.id]],
      );
      const ofBad = rows.filter((r) => r.mailing_id === bad.id);
      expect(ofBad.map((r) => [r.status, r.attempts])).toEqual([
        ['failed', 6],
        ['failed', 6],
      ]);
      expect(ofBad[0]!.last_error).toBe('HTTP 502 gateway says no');
      expect(rows.filter((r) => r.mailing_id === good.id).map((r) => r.status)).toEqual(['sent', 'sent']);
      const report = await deliveryReport(db(), await cafeById(db(), cafe.id), { mailingId: bad.id });
      expect(report.failures).toEqual([{ error: 'HTTP 502 gateway says no', count: 2 }]);
    } finally {
      await sms.close();
    }
  });
});

describeOnBackends("the report's numbers on a hand-built example", ({ db }) => {
  it('counts outcomes by status and reason, and returns within 14 café days for recipients and holdout', async () => {
    const sentAt = new Date('2026-10-01T09:00:00Z'); // 12:00 Moscow, 1 October
    const { cafe, ids } = await seedGuests(
      db(),
      phones(7, 800).map((phone) => ({ phone, registeredAt: new Date('2026-09-01T09:00:00Z') })),
      sentAt,
    );
    const mailingId = newId();
    const rows = [
      { status: 'sent', reason: null },
      { status: 'sent', reason: null },
      { status: 'sent', reason: null },
      { status: 'skipped', reason: 'over-cap' },
      { status: 'failed', reason: 'provider' },
      { status: 'held-out', reason: null },
      { status: 'held-out', reason: null },
    ] as const;
    await db().query(
      `INSERT INTO mailings (cafe_id, id, text, segments, holdout_percent, send_at, created_at, plan) VALUES ($1, $2, 'x', '{newcomer}', 20, $3, $3, '{}')`,
      [cafe.id, mailingId, sentAt.toISOString()],
    );
    await insertQueueRows(
      db(),
      cafe.id,
      rows.map((r, i) => ({
        key: `mailing:${mailingId}:${ids[i]}`,
        guestId: ids[i]!,
        mailingId,
        status: r.status === 'held-out' ? 'held-out' : 'queued',
        dueAt: sentAt,
      })),
      sentAt,
    );
    for (const [i, r] of rows.entries()) {
      await db().query('UPDATE message_queue SET status = $2, reason = $3, done_at = $4 WHERE guest_id = $1', [
        ids[i],
        r.status,
        r.reason,
        sentAt.toISOString(),
      ]);
    }
    const buy = (guest: GuestId, iso: string, rubles: number) =>
      recordPurchases(db(), cafe.id, [
        { id: newId<PurchaseId>(), guestId: guest, purchasedAt: new Date(iso), amount: (rubles * 100) as Kopecks, source: 'test' },
      ]);
    await buy(ids[0]!, '2026-10-03T10:00:00+03:00', 300); // returned
    await buy(ids[0]!, '2026-10-15T23:59:00+03:00', 100); // the 14th café day, still in
    await buy(ids[1]!, '2026-10-16T00:00:00+03:00', 500); // the 15th day: out
    await buy(ids[3]!, '2026-10-10T12:00:00+03:00', 200); // skipped by the cap, still a recipient (intention to treat)
    await buy(ids[5]!, '2026-10-01T11:00:00+03:00', 999); // held out, but before the mailing: not a return
    const r = await deliveryReport(db(), await cafeById(db(), cafe.id), { mailingId });
    expect(r.status).toEqual({ queued: 0, sending: 0, sent: 3, failed: 1, skipped: { 'over-cap': 1 }, heldOut: 2 });
    // Recipients: 5 assigned, 2 returned (guests 0 and 3), 300 + 100 + 200 rubles. Holdout: 2, none returned.
    expect(r.uplift.recipients).toEqual({ guests: 5, returned: 2, revenue: 600_00, rate: 0.4, revenuePerGuest: 120_00 });
    expect(r.uplift.holdout).toEqual({ guests: 2, returned: 0, revenue: 0, rate: 0, revenuePerGuest: 0 });
    expect(r.uplift.difference).toBeCloseTo(0.4, 10);
    // Fisher's exact test on [[2, 3], [0, 2]]: the tables with a = 0, 1, 2 have probabilities 1/21, 10/21, 10/21; none is less likely than a = 2 but one, so p = 1.
    expect(r.uplift.pValue).toBeCloseTo(1, 10);
    expect(r.uplift.verdict).toBe('too-small');
    expect(r.uplift.extraRevenue).toBe(5 * 120_00);
  });
});
