import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSmsGateway, fakeSmtp, fakeTelegram } from '../../../tests/support/fake-providers.ts';
import type { OutMessage } from './channel.ts';
import { emailChannel } from './email.channel.ts';
import { openLogChannel } from './log.channel.ts';
import { smsChannel } from './sms.channel.ts';
import { TelegramPacer } from './telegram-api.ts';
import { telegramChannel } from './telegram.channel.ts';

const message = (key: string, extra: Partial<OutMessage> = {}): OutMessage => ({
  key,
  mailing: 'm1',
  phone: '+79001234567',
  telegramChatId: '42',
  email: 'guest@example.com',
  text: 'Привет!',
  cafeName: 'Кофейня',
  unsubscribeUrl: 'http://127.0.0.1:9/api/unsubscribe/x',
  ...extra,
});
const NOW = new Date('2026-11-20T09:00:00Z');
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('the log channel', () => {
  it('writes exactly { key, at, channel, phone, mailing, text } per message, and finds keys it already holds', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'log-')), 'sub', 'messages.log');
    const log = await openLogChannel(path);
    closers.push(async () => log.close?.());
    expect(await log.send([message('a'), message('b', { text: 'две\nстроки' })], NOW)).toEqual([{ ok: true }, { ok: true }]);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[0]).toBe('{"key":"a","at":"2026-11-20T09:00:00.000Z","channel":"log","phone":"+79001234567","mailing":"m1","text":"Привет!"}');
    expect(JSON.parse(lines[1]!)).toEqual({ key: 'b', at: NOW.toISOString(), channel: 'log', phone: '+79001234567', mailing: 'm1', text: 'две\nстроки' });
    expect(await log.delivered!(['a', 'c'])).toEqual(new Set(['a']));
  });

  it('cuts a line a crash tore before appending after it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'log-')), 'messages.log');
    writeFileSync(path, '{"key":"a","at":"x"}\n{"key":"b","at');
    const log = await openLogChannel(path);
    closers.push(async () => log.close?.());
    expect(await log.delivered!(['a', 'b'])).toEqual(new Set(['a']));
    await log.send([message('b')], NOW);
    expect(
      readFileSync(path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).key),
    ).toEqual(['a', 'b']);
  });
});

describe('the sms channel', () => {
  it('posts { key, phone, text } with Idempotency-Key; 2xx is delivered, anything else is retryable with the gateway’s words', async () => {
    const gateway = await fakeSmsGateway((_r, n) => (n === 1 ? 200 : 500));
    closers.push(gateway.close);
    const sms = smsChannel(gateway.url);
    expect(await sms.send([message('k1')], NOW)).toEqual([{ ok: true }]);
    expect(gateway.requests[0]).toEqual({ idempotencyKey: 'k1', body: { key: 'k1', phone: '+79001234567', text: 'Привет!' } });
    expect(await sms.send([message('k2')], NOW)).toEqual([{ ok: false, retryable: true, error: 'HTTP 500 gateway says no' }]);
  });

  it('gives up on a gateway that does not answer in time, as retryable', async () => {
    const gateway = await fakeSmsGateway(() => 'hang');
    closers.push(gateway.close);
    const [outcome] = await smsChannel(gateway.url, { timeoutMs: 200 }).send([message('k3')], NOW);
    expect(outcome).toEqual({ ok: false, retryable: true, error: 'no answer in 0.2 s' });
  });
});

describe('the telegram channel', () => {
  it('honours retry_after on a 429: retryable after the wait, and the bot pauses', async () => {
    const token = '7:abcdefghijklmnopqrstuvwxyz';
    const bot = await fakeTelegram(token, { tooManyFirst: 1, retryAfter: 3 });
    closers.push(bot.close);
    const channel = telegramChannel(bot.url, token, new TelegramPacer(1000, 0));
    expect(await channel.send([message('t1')], NOW)).toEqual([
      { ok: false, retryable: true, retryAfterMs: 3000, error: '429: Too Many Requests: retry after 1' },
    ]);
    expect(channel.idempotent).toBe(false);
  });

  it('paces to 30 messages a second overall and one a second per chat', async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new TelegramPacer(
      30,
      1000,
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
    );
    for (let i = 0; i < 30; i++) await pacer.acquire(`chat${i}`);
    // 30 chats: one every 1000/30 ms, so the 30th goes at 29 × 33.3 ms.
    expect(now).toBeCloseTo((29 * 1000) / 30, 6);
    const before = now;
    await pacer.acquire('chat0'); // chat0 last got one at 0 ms: it waits until 1000 ms
    expect(now).toBeCloseTo(1000, 6);
    expect(before).toBeLessThan(1000);
    pacer.pause(5000);
    await pacer.acquire('chat99');
    expect(now).toBeCloseTo(6000, 6);
  });
});

describe('the email channel', () => {
  it('sends through SMTP with one-click List-Unsubscribe; a 5xx refusal is final', async () => {
    const smtp = await fakeSmtp((to) => to === 'nobody@example.com');
    closers.push(smtp.close);
    const email = emailChannel(smtp.url, 'cafe@example.com');
    closers.push(async () => email.close?.());
    const [ok, refused] = await email.send([message('e1'), message('e2', { email: 'nobody@example.com' })], NOW);
    expect(ok).toEqual({ ok: true });
    expect(refused).toMatchObject({ ok: false, retryable: false });
    expect((refused as { error: string }).error).toMatch(/550/);
    const raw = smtp.mails[0]!.raw.replace(/\r?\n[ \t]+/g, ' ');
    expect(raw).toMatch(/List-Unsubscribe:\s*<http:\/\/127\.0\.0\.1:9\/api\/unsubscribe\/x>/);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });
});
