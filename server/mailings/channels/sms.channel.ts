/**
 * The `sms` channel (DESIGN.md "Channels"): POST `{ "key", "phone", "text" }` to
 * SMS_WEBHOOK_URL with `Idempotency-Key: <key>`, so any SMS gateway fits behind a small
 * adapter. 2xx is delivered; anything else (another status, a timeout, no answer) is retried
 * with backoff under the same key, which the gateway uses to deliver once however often the
 * product asks, so this channel is idempotent.
 */
import { type Channel, mapLimited, type OutMessage, providerWords, type SendOutcome } from './channel.ts';

export function smsChannel(url: string, options: { timeoutMs?: number; concurrency?: number } = {}): Channel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    id: 'sms',
    idempotent: true,
    send: (batch) => mapLimited(batch, options.concurrency ?? 8, (m) => post(url, m, timeoutMs)),
  };
}

async function post(url: string, m: OutMessage, timeoutMs: number): Promise<SendOutcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': m.key },
      body: JSON.stringify({ key: m.key, phone: m.phone, text: m.text }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.text().catch(() => '');
    if (res.ok) return { ok: true };
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      ok: false,
      retryable: true,
      error: providerWords(`HTTP ${res.status} ${body}`),
      ...(res.status === 429 && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  } catch (e) {
    const err = e as Error;
    return { ok: false, retryable: true, error: providerWords(err.name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : err.message) };
  }
}
