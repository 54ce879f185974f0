/**
 * Consent and its withdrawal on every channel, against local fakes of the providers: a
 * withdrawal made any way (Telegram STOP, the e-mail link, the owner, the counter) stops a
 * message that was queued before it, at the moment of sending.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { fakeSmsGateway, fakeSmtp, fakeTelegram } from '../../tests/support/fake-providers.ts';
import { phones, seedGuests } from '../../tests/support/mailing-cafe.ts';
import { envelope, pairTablet, push } from '../../tests/support/sync-helpers.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { createApp } from '../app.ts';
import { createOwner } from '../cafe/owners.repo.ts';
import { ChannelSet } from './channels/channel-set.ts';
import { consentHistory } from './consent.repo.ts';
import { queueMailing } from './mailings.ts';
import { NO_POINTS } from './points.ts';
import { sendDueOnce } from './sender.ts';
import { saveMailingSettings } from './settings.repo.ts';
import { pollTelegramOnce } from './telegram-bot.ts';

const NOW = new Date('2026-11-20T09:00:00Z'); // 12:00 in Moscow
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const TOKEN = '123456:TEST-token-abcdefghijklmnop';

describeOnBackends('marketing consent and withdrawal on every channel', ({ db }) => {
  let sms: Awaited<ReturnType<typeof fakeSmsGateway>>;
  let telegram: Awaited<ReturnType<typeof fakeTelegram>>;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
  /** The SMS gateway refuses this many messages to this phone with a 503 first. */
  let smsFailures = { phone: '', left: 0 };
  beforeAll(async () => {
    sms = await fakeSmsGateway((r) => (r.body.phone === smsFailures.phone && smsFailures.left-- > 0 ? 503 : 200));
    telegram = await fakeTelegram(TOKEN);
    smtp = await fakeSmtp();
  });
  afterAll(async () => {
    await Promise.all([sms.close(), telegram.close(), smtp.close()]);
  });
  const env = { MESSAGES_LOG: '/dev/null' };
  let cafeId: CafeId;
  let ids: GuestId[];
  const [tgPhone, mailPhone, smsPhone, counterPhone] = phones(4, 500);
  const send = (at: Date) => sendDueOnce({ db: db(), cafeId, now: () => at, channels: new ChannelSet(), ledger: NO_POINTS, env });
  const mailing = (channel: 'telegram' | 'email' | 'sms', at = NOW, sendAt?: Date) =>
    queueMailing(
      { db: db(), ledger: NO_POINTS, env },
      cafeId,
      { segments: ['newcomer'], text: 'Здравствуйте, {name}!', holdoutPercent: 0, channel, ...(sendAt ? { sendAt: sendAt.toISOString() } : {}) },
      at,
    );
  const statusOf = async (mailingId: string) =>
    db().query<{ status: string; reason: string | null; sent_channel: string | null }>(
      'SELECT status, reason, sent_channel FROM message_queue WHERE mailing_id = $1',
      [mailingId],
    );

  beforeAll(async () => {
    const seeded = await seedGuests(
      db(),
      [
        { phone: tgPhone!, name: 'Таня', consent: false, registeredAt: later(-120) },
        { phone: mailPhone!, name: 'Марк', email: 'mark@example.com', registeredAt: later(-120) },
        { phone: smsPhone!, name: 'Света', registeredAt: later(-120) },
        { phone: counterPhone!, name: 'Костя', registeredAt: later(-120) },
      ],
      NOW,
    );
    cafeId = seeded.cafe.id;
    ids = seeded.ids;
    await saveMailingSettings(
      db(),
      cafeId,
      {
        channelOrder: ['telegram', 'email', 'sms'],
        cap: { maxMessages: 10, days: 7 },
        quietHours: { from: '21:00', to: '09:00' },
        publicUrl: 'http://127.0.0.1:9',
        smtpFrom: 'cafe@example.com',
        telegramApiUrl: telegram.url,
      },
      { smsWebhookUrl: sms.url, telegramBotToken: TOKEN, smtpUrl: smtp.url },
    );
  });

  it('Telegram: /start asks for the contact, sharing it binds the chat and grants consent, STOP withdraws at once', async () => {
    telegram.push({ chat: { id: 555 }, from: { id: 555 }, text: `/start c_${cafeId.replaceAll('-', '')}` });
    expect(await pollTelegramOnce(db(), cafeId, () => NOW, env, 0)).toBe(1);
    expect(telegram.sent.at(-1)).toMatchObject({ chat_id: 555, reply_markup: { keyboard: [[{ request_contact: true }]] } });
    // Someone else's number does not count.
    telegram.push({ chat: { id: 555 }, from: { id: 555 }, contact: { phone_number: tgPhone!.slice(1), user_id: 777 } });
    telegram.push({ chat: { id: 555 }, from: { id: 555 }, contact: { phone_number: tgPhone!.slice(1), user_id: 555 } });
    expect(await pollTelegramOnce(db(), cafeId, () => later(1), env, 0)).toBe(2);
    expect((await consentHistory(db(), cafeId, ids[0]!))[0]).toMatchObject({ granted: true, source: 'telegram', by: { kind: 'guest' } });

    const sentBefore = telegram.sent.length;
    const m = await mailing('telegram', later(2));
    expect(m.counts).toMatchObject({ eligible: 1, queued: 1 });
    expect((await send(later(2))).sent).toBe(1);
    expect(telegram.sent.slice(sentBefore)).toEqual([{ chat_id: '555', text: 'Здравствуйте, Таня!' }]);

    const queuedBeforeStop = await mailing('telegram', later(3), later(60));
    telegram.push({ chat: { id: 555 }, from: { id: 555 }, text: 'STOP' });
    await pollTelegramOnce(db(), cafeId, () => later(4), env, 0);
    expect(telegram.sent.at(-1)?.text).toMatch(/отписались/);
    await send(later(61));
    expect(await statusOf(queuedBeforeStop.id)).toEqual([{ status: 'skipped', reason: 'no-consent', sent_channel: null }]);
  });

  it('e-mail: sent with a one-click List-Unsubscribe whose POST withdraws consent before the next one goes', async () => {
    const first = await mailing('email', later(10));
    const second = await mailing('email', later(10), later(90));
    expect((await send(later(10))).sent).toBe(1);
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual(['mark@example.com']);
    const headers = mail.raw.replace(/\r?\n[ \t]+/g, ' ');
    const link = /List-Unsubscribe:\s*<([^>]+)>/.exec(headers)?.[1];
    expect(headers).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:9\/api\/unsubscribe\//);
    const app = createApp({ db: db(), now: () => later(20), mailings: { env } });
    const path = new URL(link!).pathname;
    expect(
      (
        await app.request(
          path.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`),
          { method: 'POST' },
        )
      ).status,
    ).toBe(410);
    expect((await app.request(path)).status).toBe(200); // the page: nothing withdrawn by a GET
    expect((await consentHistory(db(), cafeId, ids[1]!))[0]).toMatchObject({ granted: true });
    const res = await app.request(path, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect((await consentHistory(db(), cafeId, ids[1]!))[0]).toMatchObject({ granted: false, source: 'email-link' });
    await send(later(91));
    expect(await statusOf(first.id)).toEqual([{ status: 'sent', reason: null, sent_channel: 'email' }]);
    expect(await statusOf(second.id)).toEqual([{ status: 'skipped', reason: 'no-consent', sent_channel: null }]);
  });

  it('SMS: a 5xx is retried later under the same Idempotency-Key; the owner’s withdrawal stops the next one', async () => {
    const smsGuest = ids[2]!;
    smsFailures = { phone: smsPhone!, left: 1 };
    const first = await mailing('sms', later(30));
    const second = await mailing('sms', later(30), later(120));
    // Two guests reachable by SMS (Света and Костя): Света's first try gets a 503.
    expect(await send(later(30))).toMatchObject({ leased: 2, sent: 1, retried: 1 });
    expect(await send(later(30))).toMatchObject({ leased: 0 }); // not due again yet
    expect(await send(later(31))).toMatchObject({ sent: 1 });
    const forGuest = sms.requests.filter((r) => r.body.key.endsWith(smsGuest));
    expect(forGuest).toHaveLength(2);
    expect(forGuest.map((r) => r.idempotencyKey)).toEqual([forGuest[0]!.body.key, forGuest[0]!.body.key]);
    expect(forGuest[0]).toMatchObject({ body: { phone: smsPhone, text: 'Здравствуйте, Света!' } });

    await createOwner(db(), cafeId, 'owner@cafe.ru', 'пароль-владельца');
    const app = createApp({ db: db(), now: () => later(40) });
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: 'пароль-владельца' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const third = await mailing('sms', later(40), later(120));
    const res = await app.request(`/api/guests/${smsGuest}/consent`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ granted: false }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { history: { source: string; granted: boolean }[] }).history[0]).toMatchObject({ source: 'owner', granted: false });
    await send(later(121));
    const mine = async (id: string) =>
      (
        await db().query<{ status: string; reason: string | null }>('SELECT status, reason FROM message_queue WHERE mailing_id = $1 AND guest_id = $2', [
          id,
          smsGuest,
        ])
      )[0];
    expect(await mine(first.id)).toEqual({ status: 'sent', reason: null });
    expect(await mine(second.id)).toEqual({ status: 'skipped', reason: 'no-consent' });
    expect(await mine(third.id)).toEqual({ status: 'skipped', reason: 'no-consent' });
  });

  it('the counter: a withdrawal pushed from the tablet stops a queued message; the history names the tablet', async () => {
    const guest = ids[3]!;
    const queued = await mailing('sms', later(200), later(300));
    const app = createApp({ db: db(), now: () => later(210) });
    const token = await pairTablet(app, db(), later(205), 'Касса 1');
    const r = await push(
      app,
      token,
      [envelope({ kind: 'guest.update', guestId: guest, consent: { granted: false, at: later(209).toISOString() } }, later(209))],
      later(210),
    );
    expect(r.status).toBe(200);
    const history = await consentHistory(db(), cafeId, guest);
    expect(history[0]).toMatchObject({ granted: false, source: 'counter', by: { kind: 'device' } });
    await send(later(301));
    expect(
      (
        await db().query<{ status: string; reason: string }>('SELECT status, reason FROM message_queue WHERE mailing_id = $1 AND guest_id = $2', [
          queued.id,
          guest,
        ])
      )[0],
    ).toEqual({ status: 'skipped', reason: 'no-consent' });
  });
});
