/**
 * The owner's mailings: channel settings (secrets in, never out), the audience and preview
 * before sending, sending now or at a time, the list, and each mailing's report.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  mailingCreatedSchema,
  mailingCreateSchema,
  mailingDetailSchema,
  mailingDraftSchema,
  mailingListSchema,
  mailingPreviewSchema,
  mailingSettingsPutSchema,
  mailingSettingsViewSchema,
  telegramLinkSchema,
} from '../../shared/api/mailings.ts';
import { checkChannelOrder } from '../../shared/mailings/channels.ts';
import type { AppDeps } from '../app.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import { ApiError } from '../http/errors.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, refusals, router } from '../http/openapi.ts';
import { mailingDeps } from './deps.ts';
import { mailingById, listMailings } from './mailing-list.repo.ts';
import { previewMailing, queueMailing } from './mailings.ts';
import { deliveryReport } from './report.repo.ts';
import { loadMailingSettings, saveMailingSettings } from './settings.repo.ts';
import { telegramStartLink } from './telegram-bot.ts';

const getSettings = createRoute({
  method: 'get',
  path: '/settings',
  summary: 'Mailing settings: channel order, cap, quiet hours, which channels are configured (never the secrets)',
  security: OWNER,
  responses: { 200: json(mailingSettingsViewSchema, 'the settings'), ...refusals(...OWNER_REFUSALS) },
});

const putSettings = createRoute({
  method: 'put',
  path: '/settings',
  summary: "Saves the mailing settings and, optionally, channel secrets (write-only: '' removes one)",
  security: OWNER,
  request: jsonBody(mailingSettingsPutSchema),
  responses: { 200: json(mailingSettingsViewSchema, 'the settings as saved'), ...refusals('invalid', 'channel-not-configured', ...OWNER_REFUSALS) },
});

const telegramLink = createRoute({
  method: 'get',
  path: '/telegram-link',
  summary: "The bot's deep link for guests to subscribe (for the poster and the counter)",
  security: OWNER,
  responses: { 200: json(telegramLinkSchema, 'the link, when the bot is configured'), ...refusals(...OWNER_REFUSALS) },
});

const preview = createRoute({
  method: 'post',
  path: '/preview',
  summary: 'The audience before sending (in the segments / consented and reachable / over the cap / held out) and the text per channel',
  security: OWNER,
  request: jsonBody(mailingDraftSchema),
  responses: {
    200: json(mailingPreviewSchema, 'counts and previews'),
    ...refusals('invalid', 'unknown-segment', 'template-invalid', 'points-unavailable', 'channel-not-configured', ...OWNER_REFUSALS),
  },
});

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Queues a mailing now or at `sendAt`',
  security: OWNER,
  request: jsonBody(mailingCreateSchema),
  responses: {
    200: json(mailingCreatedSchema, 'the mailing is queued'),
    ...refusals('invalid', 'unknown-segment', 'template-invalid', 'points-unavailable', 'channel-not-configured', 'send-at-past', ...OWNER_REFUSALS),
  },
});

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'The mailings, newest first, with what became of their messages',
  security: OWNER,
  responses: { 200: json(mailingListSchema, 'the mailings'), ...refusals(...OWNER_REFUSALS) },
});

const detail = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One mailing and its report: sent, delivered, failed, skipped by reason; returned within 14 days, recipients against the holdout',
  security: OWNER,
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: json(mailingDetailSchema, 'the mailing and its report'), ...refusals('invalid', 'unknown-mailing', ...OWNER_REFUSALS) },
});

export function mailingsRoute(deps: AppDeps) {
  const app = router<OwnerEnv>();
  app.use(ownerAuth(deps.db, deps.now));
  const m = mailingDeps(deps);
  const view = async (cafeId: string) => {
    const s = await loadMailingSettings(deps.db, cafeId as never, m.env);
    return { ...s.settings, channelOrder: s.channelOrder, configured: s.configured, secretsSet: s.secretsSet, pointsAvailable: m.ledger.available };
  };
  return app
    .openapi(getSettings, async (c) => c.json(await view(c.get('owner').cafeId), 200))
    .openapi(putSettings, async (c) => {
      const { secrets, ...settings } = c.req.valid('json');
      const cafeId = c.get('owner').cafeId;
      await deps.db.transaction(async (tx) => {
        await saveMailingSettings(tx, cafeId, settings, secrets);
        const s = await loadMailingSettings(tx, cafeId, m.env);
        const problem = checkChannelOrder(settings.channelOrder, s.configured);
        if (problem === 'channel-not-configured')
          throw new ApiError('channel-not-configured', 'channelOrder: a channel in the order is not configured', 'channelOrder');
        if (problem) throw new ApiError('invalid', `channelOrder: ${problem}`, 'channelOrder');
      });
      return c.json(await view(cafeId), 200);
    })
    .openapi(telegramLink, async (c) => c.json(await telegramStartLink(deps.db, c.get('owner').cafeId, m.env), 200))
    .openapi(preview, async (c) => c.json(await previewMailing(m, c.get('owner').cafeId, c.req.valid('json'), deps.now()), 200))
    .openapi(create, async (c) => {
      const q = await queueMailing(m, c.get('owner').cafeId, c.req.valid('json'), deps.now());
      m.wake?.();
      return c.json(q, 200);
    })
    .openapi(list, async (c) => c.json({ mailings: await listMailings(deps.db, c.get('owner').cafeId) }, 200))
    .openapi(detail, async (c) => {
      const cafeId = c.get('owner').cafeId;
      const { id } = c.req.valid('param');
      const mailing = await mailingById(deps.db, cafeId, id);
      if (!mailing) throw new ApiError('unknown-mailing', `no mailing ${id}`, 'id');
      return c.json({ ...mailing, report: await deliveryReport(deps.db, await cafeById(deps.db, cafeId), { mailingId: id }) }, 200);
    });
}
