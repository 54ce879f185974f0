/**
 * The café's mailing settings and channel secrets. Secrets (a webhook URL that may carry a
 * key, the bot token, the SMTP URL with its password) are stored server-side only: this
 * table is never pulled by tablets, and the owner's API reports only whether each is set.
 * A secret the owner stored wins over the server's environment (SMS_WEBHOOK_URL,
 * TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL, SMTP_URL, SMTP_FROM, PUBLIC_URL), so either way works.
 */
import { randomBytes } from 'node:crypto';
import type { ChannelSecrets, MailingSettings } from '../../shared/api/mailings.ts';
import type { CafeId } from '../../shared/domain/ids.ts';
import { DEFAULT_CAP } from '../../shared/mailings/cap.ts';
import type { ChannelId } from '../../shared/mailings/channels.ts';
import { DEFAULT_QUIET_HOURS } from '../../shared/mailings/quiet-hours.ts';
import type { Sql } from '../db/db.ts';

export interface StoredSecrets {
  smsWebhookUrl?: string;
  telegramBotToken?: string;
  smtpUrl?: string;
  /** Signs unsubscribe links (made once per café). */
  linkKey?: string;
}

/** Everything the channels need, resolved from the owner's settings and the environment. */
export interface ChannelConfig {
  smsWebhookUrl: string | null;
  telegramBotToken: string | null;
  telegramApiUrl: string;
  smtpUrl: string | null;
  smtpFrom: string;
  publicUrl: string;
  messagesLog: string;
  linkKey: string;
}

export interface ResolvedSettings {
  settings: MailingSettings;
  /** The owner's order, or the configured channels (log alone when none is). */
  channelOrder: ChannelId[];
  configured: ChannelId[];
  config: ChannelConfig;
  secretsSet: { smsWebhookUrl: boolean; telegramBotToken: boolean; smtpUrl: boolean };
}

const DEFAULT_SETTINGS: MailingSettings = {
  channelOrder: [],
  cap: DEFAULT_CAP,
  quietHours: DEFAULT_QUIET_HOURS,
  publicUrl: null,
  smtpFrom: null,
  telegramApiUrl: null,
};

export async function loadMailingSettings(sql: Sql, cafeId: CafeId, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedSettings> {
  const rows = await sql.query<{ settings: Partial<MailingSettings>; secrets: StoredSecrets }>(
    'SELECT settings, secrets FROM mailing_settings WHERE cafe_id = $1',
    [cafeId],
  );
  let secrets = rows[0]?.secrets ?? {};
  if (!secrets.linkKey) {
    // Made once, by whichever caller first needs it; a concurrent maker loses to the stored one.
    const linkKey = randomBytes(32).toString('base64url');
    const stored = await sql.query<{ secrets: StoredSecrets }>(
      `INSERT INTO mailing_settings (cafe_id, secrets) VALUES ($1, jsonb_build_object('linkKey', $2::text))
       ON CONFLICT (cafe_id) DO UPDATE SET secrets = mailing_settings.secrets || jsonb_build_object('linkKey', COALESCE(mailing_settings.secrets->>'linkKey', $2::text))
       RETURNING secrets`,
      [cafeId, linkKey],
    );
    secrets = stored[0]!.secrets;
  }
  const settings: MailingSettings = { ...DEFAULT_SETTINGS, ...rows[0]?.settings };
  const dataDir = env.DATA_DIR || './data';
  const config: ChannelConfig = {
    smsWebhookUrl: secrets.smsWebhookUrl || env.SMS_WEBHOOK_URL || null,
    telegramBotToken: secrets.telegramBotToken || env.TELEGRAM_BOT_TOKEN || null,
    telegramApiUrl: (settings.telegramApiUrl || env.TELEGRAM_API_URL || 'https://api.telegram.org').replace(/\/+$/, ''),
    smtpUrl: secrets.smtpUrl || env.SMTP_URL || null,
    smtpFrom: settings.smtpFrom || env.SMTP_FROM || 'noreply@localhost',
    publicUrl: (settings.publicUrl || env.PUBLIC_URL || `http://localhost:${env.PORT || 8787}`).replace(/\/+$/, ''),
    messagesLog: env.MESSAGES_LOG || `${dataDir.replace(/\/+$/, '')}/messages.log`,
    linkKey: secrets.linkKey!,
  };
  const configured: ChannelId[] = ['log'];
  if (config.telegramBotToken) configured.push('telegram');
  if (config.smsWebhookUrl) configured.push('sms');
  if (config.smtpUrl) configured.push('email');
  const own = settings.channelOrder.filter((c) => configured.includes(c));
  const channelOrder = own.length ? own : configured.length > 1 ? configured.filter((c) => c !== 'log') : ['log' as const];
  return {
    settings,
    channelOrder,
    configured,
    config,
    secretsSet: { smsWebhookUrl: !!secrets.smsWebhookUrl, telegramBotToken: !!secrets.telegramBotToken, smtpUrl: !!secrets.smtpUrl },
  };
}

/** Saves the owner's settings; each secret given replaces the stored one ('' removes it). */
export async function saveMailingSettings(sql: Sql, cafeId: CafeId, settings: MailingSettings, secrets: ChannelSecrets = {}): Promise<void> {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const [k, v] of Object.entries(secrets)) {
    if (v === undefined) continue;
    if (v === '') remove.push(k);
    else set[k] = v;
  }
  await sql.query(
    `INSERT INTO mailing_settings (cafe_id, settings, secrets) VALUES ($1, $2, $3)
     ON CONFLICT (cafe_id) DO UPDATE SET settings = $2, secrets = (mailing_settings.secrets - $4::text[]) || $3`,
    [cafeId, JSON.stringify(settings), JSON.stringify(set), remove],
  );
}
