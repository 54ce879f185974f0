/**
 * Every channel sends through this one interface, so the sender has one code path: it hands
 * a batch of rendered messages, each with its stable key, and gets one outcome per message.
 *
 * `idempotent` says whether handing the same key to the channel again is safe (the provider,
 * or the channel itself, recognises the key): then a message whose fate a crash left unknown
 * is simply sent again. A channel that is not idempotent (Telegram and SMTP take no key)
 * must not get such a message again: "never twice" wins, and the row is marked failed
 * ('interrupted') for the owner to see. `delivered` lets a channel that can look (the log
 * file) say which of those keys it already holds.
 */
import type { ChannelId } from '../../../shared/mailings/channels.ts';

export interface OutMessage {
  key: string;
  /** What the message belongs to: a mailing's id or a scenario's. */
  mailing: string;
  phone: string;
  telegramChatId: string | null;
  email: string | null;
  text: string;
  cafeName: string;
  /** One-click withdrawal of marketing consent (e-mail's List-Unsubscribe). */
  unsubscribeUrl: string;
}

export type SendOutcome =
  | { ok: true }
  /** `retryable`: try again later under the same key; else failed for good. `error`: the provider's words. */
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

export interface Channel {
  readonly id: ChannelId;
  readonly idempotent: boolean;
  send(batch: readonly OutMessage[], now: Date): Promise<SendOutcome[]>;
  /** Of these keys, those the channel has certainly delivered already (after a crash). */
  delivered?(keys: readonly string[]): Promise<Set<string>>;
  close?(): Promise<void>;
}

/** A provider's words for the owner: trimmed, one line, short. */
export function providerWords(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300) || 'no answer';
}

/** Runs `fn` over items with at most `limit` at once, results in order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
