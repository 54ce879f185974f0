/**
 * The e-mail unsubscribe link (public: the guest is not logged in; the link's HMAC is the
 * proof). POST is RFC 8058's one-click unsubscribe that mail clients send from the
 * `List-Unsubscribe` header: consent is withdrawn at once. GET is a person clicking the
 * link in the text: a page with one button that POSTs, so a mail scanner following links
 * never unsubscribes anyone by itself.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { ApiError } from '../http/errors.ts';
import { PUBLIC, refusals, router } from '../http/openapi.ts';
import { changeConsent } from './consent.repo.ts';
import { mailingDeps } from './deps.ts';
import { guestOfToken } from './links.ts';
import { loadMailingSettings } from './settings.repo.ts';

const params = z.object({ token: z.string().max(200) });
const html = (description: string) => ({ content: { 'text/html': { schema: z.string() } }, description });

const page = createRoute({
  method: 'get',
  path: '/{token}',
  summary: 'The unsubscribe page an e-mail links to: one button that withdraws marketing consent',
  security: PUBLIC,
  request: { params },
  responses: { 200: html('the page'), ...refusals('unsubscribe-link-invalid') },
});

const oneClick = createRoute({
  method: 'post',
  path: '/{token}',
  summary: 'One-click unsubscribe (RFC 8058): withdraws the guest’s marketing consent at once',
  security: PUBLIC,
  request: { params },
  responses: { 200: html('unsubscribed'), ...refusals('unsubscribe-link-invalid') },
});

const doc = (body: string) =>
  `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Отписка</title></head><body style="font-family:system-ui;max-width:28rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`;

export function unsubscribeRoute(deps: AppDeps) {
  const app = router();
  const m = mailingDeps(deps);
  const guestOf = async (token: string) => {
    const cafe = await ensureCafe(deps.db);
    const s = await loadMailingSettings(deps.db, cafe.id, m.env);
    const guestId = guestOfToken(s.config.linkKey, cafe.id, token);
    if (!guestId) throw new ApiError('unsubscribe-link-invalid', 'this unsubscribe link is not valid', 'token');
    return { cafe, guestId };
  };
  return app
    .openapi(page, async (c) => {
      const { token } = c.req.valid('param');
      const { cafe } = await guestOf(token);
      return c.html(
        doc(
          `<h1>${escapeHtml(cafe.name)}</h1><p>Отписаться от рассылки? Сообщения перестанут приходить сразу.</p><form method="post"><button type="submit" style="font-size:1.2rem;padding:.6rem 1.2rem">Отписаться</button></form>`,
        ),
        200,
      );
    })
    .openapi(oneClick, async (c) => {
      const { token } = c.req.valid('param');
      const { cafe, guestId } = await guestOf(token);
      await deps.db.transaction((tx) => changeConsent(tx, cafe.id, guestId, false, 'email-link', { kind: 'guest' }, deps.now()));
      return c.html(doc(`<h1>${escapeHtml(cafe.name)}</h1><p>Вы отписались от рассылки. Больше писем с предложениями не будет.</p>`), 200);
    });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
