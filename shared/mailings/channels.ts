/**
 * Which channel a guest's message goes by. The owner lists the channels the café has set
 * up, in the order they prefer (`log` alone when nothing else is configured); a guest's
 * channel is the first in that list the guest can be reached on. Only that one channel is
 * used: the cap and the report count one message per guest, whatever the channel.
 *
 * Reachable means the product holds what the channel needs: a mobile number for SMS, a
 * chat bound through the bot for Telegram (the guest shared their contact), an e-mail
 * address for e-mail. `log` writes a line to a file and always "reaches". Whether the
 * guest agreed to marketing is a separate question (consent.ts), asked for every channel.
 */

export const CHANNEL_IDS = ['log', 'sms', 'telegram', 'email'] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

export const DEFAULT_CHANNEL_ORDER: readonly ChannelId[] = ['log'];

/** What the product knows of how to reach one guest. */
export interface GuestContacts {
  /** E.164, as every guest's phone is stored. */
  phone: string | null;
  /** The Telegram chat bound to the guest, if they shared their contact with the bot. */
  telegramChatId: string | null;
  email: string | null;
}

export type ChannelProblem = 'channels-empty' | 'channel-unknown' | 'channel-duplicate' | 'channel-not-configured';

const E164 = /^\+[1-9]\d{7,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isChannelId(id: string): id is ChannelId {
  return (CHANNEL_IDS as readonly string[]).includes(id);
}

/**
 * Checks the owner's order: at least one channel, each known, none twice, and each among
 * those the server has configured (a token, a webhook, SMTP); `log` is always configured.
 */
export function checkChannelOrder(order: readonly string[], configured: readonly ChannelId[]): ChannelProblem | null {
  if (order.length === 0) return 'channels-empty';
  if (!order.every(isChannelId)) return 'channel-unknown';
  if (new Set(order).size !== order.length) return 'channel-duplicate';
  if (!order.every((c) => c === 'log' || configured.includes(c))) return 'channel-not-configured';
  return null;
}

export function isReachable(channel: ChannelId, contacts: GuestContacts): boolean {
  switch (channel) {
    case 'log':
      return true;
    case 'sms':
      return contacts.phone !== null && E164.test(contacts.phone);
    case 'telegram':
      return (contacts.telegramChatId ?? '').trim() !== '';
    case 'email':
      return contacts.email !== null && EMAIL.test(contacts.email.trim());
  }
}

/** The first channel of the owner's order that reaches this guest, or null when none does. */
export function chooseChannel(order: readonly ChannelId[], contacts: GuestContacts): ChannelId | null {
  return order.find((c) => isReachable(c, contacts)) ?? null;
}
