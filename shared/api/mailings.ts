/**
 * The owner's mailing API: channel settings (secrets go in, never come out), mailings with
 * their audience counts and report, scenarios, and a guest's consent history. The rules
 * behind the numbers are shared/mailings/.
 */
import { z } from 'zod';
import { CHANNEL_IDS } from '../mailings/channels.ts';
import { CONSENT_SOURCES } from '../mailings/consent.ts';
import { MAX_HOLDOUT_PERCENT } from '../mailings/holdout.ts';
import { MAX_TEMPLATE_LENGTH } from '../mailings/template.ts';

const channel = z.enum(CHANNEL_IDS);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https?:\/\/[^\s/]+/i.test(u) && URL.canParse(u), 'must be an http(s) URL');
const smtpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^smtps?:\/\/[^\s/]+/i.test(u) && URL.canParse(u), 'must be an smtp:// or smtps:// URL');

export const mailingSettingsSchema = z.object({
  /** Each guest gets the first channel of this order that reaches them. */
  channelOrder: z.array(channel).min(1).max(4),
  cap: z.object({ maxMessages: z.number().int().min(1).max(50), days: z.number().int().min(1).max(90) }),
  quietHours: z.object({ from: hhmm, to: hhmm }),
  /** The address guests reach the server at (e-mail unsubscribe links). */
  publicUrl: httpUrl.nullable(),
  smtpFrom: z.string().trim().max(200).nullable(),
  telegramApiUrl: httpUrl.nullable(),
});

/** Secrets: write-only. An empty string removes one; absent leaves it as it is. */
export const channelSecretsSchema = z.object({
  smsWebhookUrl: z.union([httpUrl, z.literal('')]).optional(),
  telegramBotToken: z
    .union([
      z
        .string()
        .trim()
        .regex(/^\d+:[\w-]{20,}$/, 'a bot token as @BotFather gives it (123456:ABC…)'),
      z.literal(''),
    ])
    .optional(),
  smtpUrl: z.union([smtpUrl, z.literal('')]).optional(),
});

export const mailingSettingsPutSchema = mailingSettingsSchema.extend({ secrets: channelSecretsSchema.optional() });

export const mailingSettingsViewSchema = mailingSettingsSchema.extend({
  /** Which channels can send now (from the owner's secrets or the server's environment); never the secrets themselves. */
  configured: z.array(channel),
  secretsSet: z.object({ smsWebhookUrl: z.boolean(), telegramBotToken: z.boolean(), smtpUrl: z.boolean() }),
  /** Whether `{balance}`, the balance filter and point rewards can be used (bonus points exist). */
  pointsAvailable: z.boolean(),
});

export const mailingDraftSchema = z.object({
  segments: z.array(z.string().min(1).max(100)).min(1, 'choose at least one segment').max(20),
  text: z.string().max(MAX_TEMPLATE_LENGTH),
  /** Send by this channel only; absent: each guest's first reachable channel of the owner's order. */
  channel: channel.optional(),
  holdoutPercent: z.number().min(0).max(MAX_HOLDOUT_PERCENT),
  /** Only guests whose bonus balance is above this (needs bonus points). */
  minBalance: z.number().int().min(0).optional(),
  /** Only guests in one of these tiers of the bonus programme (ids; needs bonus points). */
  tiers: z.array(z.string().min(1).max(100)).min(1, 'choose at least one tier').max(20).optional(),
  /** A personal promotion granted to every guest the message is queued for (not the held-out); `{reward}` names it. */
  promotionId: z.uuid({ error: 'a promotion id' }).optional(),
});

export const mailingCreateSchema = mailingDraftSchema.extend({
  /** ISO instant; absent: now. */
  sendAt: z.iso.datetime({ offset: true }).optional(),
});

export const audienceCountsSchema = z.object({
  inSegments: z.number().int(),
  noConsent: z.number().int(),
  unreachable: z.number().int(),
  eligible: z.number().int(),
  heldOut: z.number().int(),
  queued: z.number().int(),
  overCapNow: z.number().int(),
  byChannel: z.record(channel, z.number().int()),
});

export const mailingPreviewSchema = z.object({
  counts: audienceCountsSchema,
  /** The text as a guest of this mailing would read it, per channel it would go by. */
  previews: z.array(z.object({ channel, text: z.string(), smsParts: z.number().int().nullable() })),
});

const statusCounts = z.object({
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  skipped: z.record(z.string(), z.number().int()),
  heldOut: z.number().int(),
});

const group = z.object({
  guests: z.number().int(),
  returned: z.number().int(),
  revenue: z.number().int(),
  rate: z.number().nullable(),
  revenuePerGuest: z.number().nullable(),
});

export const upliftSchema = z.object({
  windowDays: z.number().int(),
  recipients: group,
  holdout: group,
  difference: z.number().nullable(),
  interval: z.object({ lower: z.number(), upper: z.number() }).nullable(),
  pValue: z.number().nullable(),
  extraRevenue: z.number().nullable(),
  verdict: z.enum(['no-comparison', 'worked', 'backfired', 'too-small', 'no-clear-effect']),
});

export const deliveryReportSchema = z.object({
  status: statusCounts,
  uplift: upliftSchema,
  failures: z.array(z.object({ error: z.string(), count: z.number().int() })),
});

export const mailingSummarySchema = z.object({
  id: z.string(),
  text: z.string(),
  segments: z.array(z.string()),
  channel: channel.nullable(),
  holdoutPercent: z.number(),
  sendAt: z.string(),
  createdAt: z.string(),
  plan: audienceCountsSchema,
  status: statusCounts,
});

export const mailingListSchema = z.object({ mailings: z.array(mailingSummarySchema) });
export const mailingCreatedSchema = z.object({ id: z.string(), counts: audienceCountsSchema, skippedByCap: z.number().int() });
export const mailingDetailSchema = mailingSummarySchema.extend({ report: deliveryReportSchema });

export const SCENARIO_IDS = ['win-back', 'newcomer', 'birthday', 'anniversary', 'points-expiring'] as const;
export const scenarioParamSchema = z.object({ id: z.enum(SCENARIO_IDS) });

export const scenarioPutSchema = z.object({
  enabled: z.boolean(),
  text: z.string().max(MAX_TEMPLATE_LENGTH),
  holdoutPercent: z.number().min(0).max(MAX_HOLDOUT_PERCENT),
  cooldownDays: z.number().int().min(0).max(366),
  /** Win-back: which segment's entry fires it. */
  segment: z.string().min(1).max(100).optional(),
  /** Newcomer: days after the first visit; birthday, anniversary, points: days before. */
  days: z.number().int().min(0).max(60).optional(),
  /**
   * Points with the message (win-back: by paid spend over 90 days; birthday: a bonus; needs bonus
   * points), or a personal promotion granted with it (`promotionId`; the win-back sizes its
   * benefit by the same spend).
   */
  offer: z.enum(['none', 'points', 'promotion']).default('none'),
  promotionId: z.uuid({ error: 'a promotion id' }).optional(),
  /** Birthday bonus or the points of each spend row (kopecks from → points). */
  points: z.number().int().min(1).max(100_000).optional(),
});

export const scenarioViewSchema = scenarioPutSchema.extend({
  id: z.enum(SCENARIO_IDS),
  kind: z.string(),
  report: deliveryReportSchema,
});
export const scenarioListSchema = z.object({ scenarios: z.array(scenarioViewSchema), pointsAvailable: z.boolean() });

export const guestParamSchema = z.object({ id: z.uuid() });
export const consentChangeSchema = z.object({
  granted: z.boolean(),
  at: z.string(),
  source: z.enum(CONSENT_SOURCES),
  /** Who: 'device' (a tablet, by its name when known), 'owner', 'import', 'guest'. */
  by: z.object({ kind: z.enum(['device', 'owner', 'import', 'guest']), id: z.string().nullable(), name: z.string().nullable() }),
});
export const consentViewSchema = z.object({
  guestId: z.string(),
  granted: z.boolean(),
  /** Newest first. */
  history: z.array(consentChangeSchema),
});
export const consentSetSchema = z.object({ granted: z.boolean() });

export const telegramLinkSchema = z.object({ configured: z.boolean(), url: z.string().nullable(), bot: z.string().nullable() });

export type MailingSettings = z.infer<typeof mailingSettingsSchema>;
export type MailingSettingsPut = z.infer<typeof mailingSettingsPutSchema>;
export type MailingSettingsView = z.infer<typeof mailingSettingsViewSchema>;
export type ChannelSecrets = z.infer<typeof channelSecretsSchema>;
export type MailingDraft = z.infer<typeof mailingDraftSchema>;
export type MailingCreate = z.infer<typeof mailingCreateSchema>;
export type AudienceCountsView = z.infer<typeof audienceCountsSchema>;
export type MailingPreview = z.infer<typeof mailingPreviewSchema>;
export type MailingSummary = z.infer<typeof mailingSummarySchema>;
export type MailingList = z.infer<typeof mailingListSchema>;
export type MailingCreated = z.infer<typeof mailingCreatedSchema>;
export type MailingDetail = z.infer<typeof mailingDetailSchema>;
export type DeliveryReport = z.infer<typeof deliveryReportSchema>;
export type StatusCounts = z.infer<typeof statusCounts>;
export type ScenarioId = (typeof SCENARIO_IDS)[number];
export type ScenarioPut = z.infer<typeof scenarioPutSchema>;
export type ScenarioView = z.infer<typeof scenarioViewSchema>;
export type ScenarioList = z.infer<typeof scenarioListSchema>;
export type ConsentView = z.infer<typeof consentViewSchema>;
export type ConsentChangeView = z.infer<typeof consentChangeSchema>;
export type TelegramLink = z.infer<typeof telegramLinkSchema>;
