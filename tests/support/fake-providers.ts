/**
 * Local stand-ins for what is outside the product, on 127.0.0.1 only: an SMS webhook
 * receiver, a Telegram Bot API, and an SMTP server (smtp-server). Each records what it got
 * and can be told how to answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

async function listen(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export interface SmsRequest {
  idempotencyKey: string | undefined;
  body: { key: string; phone: string; text: string };
}

/** The SMS webhook: `answer` decides each reply's status (default 200); delivered = distinct keys answered 2xx. */
export async function fakeSmsGateway(answer: (r: SmsRequest, n: number) => number | 'hang' = () => 200) {
  const requests: SmsRequest[] = [];
  const delivered = new Map<string, SmsRequest>();
  const s = await listen((req, body, res) => {
    const r = { idempotencyKey: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(body) as SmsRequest['body'] };
    requests.push(r);
    const status = answer(r, requests.length);
    if (status === 'hang') return;
    if (status >= 200 && status < 300 && r.idempotencyKey) delivered.set(r.idempotencyKey, r);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? 'gateway says no' : 'ok');
  });
  return { ...s, requests, delivered };
}

export interface TelegramSent {
  chat_id: string | number;
  text: string;
  reply_markup?: unknown;
}

/** The Bot API: records sendMessage calls, serves queued updates to getUpdates, and can answer 429 with retry_after. */
export async function fakeTelegram(token: string, options: { tooManyFirst?: number; retryAfter?: number } = {}) {
  const sent: TelegramSent[] = [];
  const updates: unknown[] = [];
  let refusals = options.tooManyFirst ?? 0;
  let nextUpdate = 1;
  const s = await listen((req, body, res) => {
    const [, bot, method] = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '') ?? [];
    const reply = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    if (bot !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    if (method === 'getMe') return reply(200, { ok: true, result: { id: 1, is_bot: true, username: 'cafe_test_bot' } });
    if (method === 'getUpdates') {
      const offset = Number(params.offset ?? 0);
      return reply(200, { ok: true, result: updates.filter((u) => (u as { update_id: number }).update_id >= offset) });
    }
    if (method === 'sendMessage') {
      if (refusals > 0) {
        refusals -= 1;
        return reply(429, {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests: retry after 1',
          parameters: { retry_after: options.retryAfter ?? 1 },
        });
      }
      sent.push(params as unknown as TelegramSent);
      return reply(200, { ok: true, result: { message_id: sent.length } });
    }
    return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
  });
  return {
    ...s,
    sent,
    /** A message from a guest's chat, as getUpdates will hand it to the bot. */
    push(message: Record<string, unknown>) {
      updates.push({ update_id: nextUpdate++, message });
    },
  };
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** An SMTP server; `reject` makes it refuse RCPT for an address with a 5xx. */
export async function fakeSmtp(reject: (to: string) => boolean = () => false) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (reject(address.address)) {
        const e = new Error('550 no such mailbox') as Error & { responseCode: number };
        e.responseCode = 550;
        return cb(e);
      }
      cb();
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d) => (raw += d));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}
