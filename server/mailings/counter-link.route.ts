/**
 * GET /api/counter/telegram-link — a tablet reads the bot's deep link to show its QR code to a
 * guest (issue 14: "the counter … show[s] a QR / deep link"). A device token is required. Only
 * the public link travels: the bot's token and every other secret stay on the server, and the
 * tablet keeps the link to show it offline.
 */
import { createRoute } from '@hono/zod-openapi';
import { counterTelegramLinkSchema } from '../../shared/api/counter.ts';
import type { AppDeps } from '../app.ts';
import { deviceAuth, type DeviceEnv } from '../cafe/device-auth.ts';
import { DEVICE, json, refusals, router } from '../http/openapi.ts';
import { mailingDeps } from './deps.ts';
import { telegramStartLink } from './telegram-bot.ts';

const route = createRoute({
  method: 'get',
  path: '/',
  summary: "The Telegram bot's deep link for the counter's QR code (null: no bot configured)",
  security: DEVICE,
  responses: { 200: json(counterTelegramLinkSchema, 'the public link, never a secret'), ...refusals('no-token', 'bad-token', 'token-revoked') },
});

export function counterLinkRoute(deps: AppDeps) {
  const app = router<DeviceEnv>();
  app.use(deviceAuth(deps.db));
  const { env } = mailingDeps(deps);
  return app.openapi(route, async (c) => c.json({ url: (await telegramStartLink(deps.db, c.get('device').cafeId, env)).url }, 200));
}
