/**
 * The `telegram` channel: sendMessage to the chat the guest bound by sharing their contact
 * with the café's bot (telegram-bot.ts). Paced to Telegram's limits (TelegramPacer); a 429's
 * `retry_after` pauses the whole bot and the message is retried after it. A 403 (the guest
 * blocked the bot) or 400 (chat gone) will not get better: failed at once. Telegram takes no
 * idempotency key, so a message whose fate a crash left unknown is not sent again.
 */
import { type Channel, type OutMessage, providerWords, type SendOutcome } from './channel.ts';
import { TelegramPacer, telegramCall } from './telegram-api.ts';

export function telegramChannel(apiUrl: string, token: string, pacer = new TelegramPacer()): Channel {
  return {
    id: 'telegram',
    idempotent: false,
    async send(batch) {
      const pending: Promise<SendOutcome>[] = [];
      for (const m of batch) {
        await pacer.acquire(m.telegramChatId ?? '');
        pending.push(sendOne(apiUrl, token, m, pacer));
      }
      return Promise.all(pending);
    },
  };
}

async function sendOne(apiUrl: string, token: string, m: OutMessage, pacer: TelegramPacer): Promise<SendOutcome> {
  if (!m.telegramChatId) return { ok: false, retryable: false, error: 'no Telegram chat bound to this guest' };
  try {
    const a = await telegramCall(apiUrl, token, 'sendMessage', { chat_id: m.telegramChatId, text: m.text });
    if (a.ok) return { ok: true };
    const words = providerWords(`${a.error_code ?? a.status}: ${a.description ?? ''}`);
    if (a.error_code === 429 || a.status === 429) {
      const ms = (a.parameters?.retry_after ?? 1) * 1000;
      pacer.pause(ms);
      return { ok: false, retryable: true, error: words, retryAfterMs: ms };
    }
    return { ok: false, retryable: !(a.status === 400 || a.status === 403 || a.status === 401), error: words };
  } catch (e) {
    const err = e as Error;
    return { ok: false, retryable: true, error: providerWords(err.name === 'TimeoutError' ? 'no answer from Telegram' : err.message) };
  }
}
