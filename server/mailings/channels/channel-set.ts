/**
 * The sender's open channels, built from the current configuration (settings.repo.ts) and
 * kept open while it holds: the log file stays open, SMTP keeps its transport, Telegram its
 * pacing. A changed secret or address opens that channel anew. Tests pass their own
 * `open` to put a fake in place of any channel.
 */
import type { ChannelId } from '../../../shared/mailings/channels.ts';
import type { ChannelConfig } from '../settings.repo.ts';
import type { Channel } from './channel.ts';
import { emailChannel } from './email.channel.ts';
import { openLogChannel } from './log.channel.ts';
import { smsChannel } from './sms.channel.ts';
import { telegramChannel } from './telegram.channel.ts';

export type OpenChannel = (id: ChannelId, config: ChannelConfig) => Promise<Channel | null>;

export const openChannel: OpenChannel = async (id, c) => {
  switch (id) {
    case 'log':
      return openLogChannel(c.messagesLog);
    case 'sms':
      return c.smsWebhookUrl ? smsChannel(c.smsWebhookUrl) : null;
    case 'telegram':
      return c.telegramBotToken ? telegramChannel(c.telegramApiUrl, c.telegramBotToken) : null;
    case 'email':
      return c.smtpUrl ? emailChannel(c.smtpUrl, c.smtpFrom) : null;
  }
};

const configKey = (id: ChannelId, c: ChannelConfig) => {
  switch (id) {
    case 'log':
      return c.messagesLog;
    case 'sms':
      return c.smsWebhookUrl ?? '';
    case 'telegram':
      return `${c.telegramApiUrl}|${c.telegramBotToken ?? ''}`;
    case 'email':
      return `${c.smtpUrl ?? ''}|${c.smtpFrom}`;
  }
};

export class ChannelSet {
  private readonly open = new Map<ChannelId, { key: string; channel: Promise<Channel | null> }>();

  constructor(private readonly opener: OpenChannel = openChannel) {}

  async get(id: ChannelId, config: ChannelConfig): Promise<Channel | null> {
    const key = configKey(id, config);
    const held = this.open.get(id);
    if (held?.key === key) return held.channel;
    if (held) void held.channel.then((c) => c?.close?.()).catch(() => undefined);
    const channel = this.opener(id, config);
    this.open.set(id, { key, channel });
    return channel;
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((h) => h.channel.then((c) => c?.close?.()).catch(() => undefined)));
  }
}
