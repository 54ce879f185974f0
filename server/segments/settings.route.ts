/**
 * The café's settings for the owner: name, time zone and segment rules, with a preview of
 * what a change would do before it is saved. Saving re-sorts every guest at once; those
 * re-sortings are recorded as the rules' doing, not as guests moving (movements.repo.ts).
 */
import { createRoute } from '@hono/zod-openapi';
import { cafeSettingsSchema, rulesChangeSchema, rulesPreviewSchema, settingsSavedSchema } from '../../shared/api/settings.ts';
import type { AppDeps } from '../app.ts';
import { cafeById, updateCafe } from '../cafe/cafes.repo.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, refusals, router } from '../http/openapi.ts';
import { recordDay } from './resegment.ts';
import { previewRules } from './rules-preview.ts';
import { recordSegmentChanges } from './segments.repo.ts';

const read = createRoute({
  method: 'get',
  path: '/',
  summary: "The café's name, time zone and segment rules",
  security: OWNER,
  responses: { 200: json(cafeSettingsSchema, 'the settings'), ...refusals(...OWNER_REFUSALS) },
});

const save = createRoute({
  method: 'put',
  path: '/',
  summary: 'Saves name, time zone and rules; every guest is re-sorted under them',
  security: OWNER,
  request: jsonBody(cafeSettingsSchema),
  responses: { 200: json(settingsSavedSchema, 'saved; how many guests changed segment'), ...refusals('invalid', ...OWNER_REFUSALS) },
});

const preview = createRoute({
  method: 'post',
  path: '/preview',
  summary: 'How many guests a change of rules or time zone would move, from which segment to which',
  security: OWNER,
  request: jsonBody(rulesChangeSchema),
  responses: { 200: json(rulesPreviewSchema, 'the moves a save would make'), ...refusals('invalid', ...OWNER_REFUSALS) },
});

export function settingsRoute(deps: AppDeps) {
  const app = router<OwnerEnv>();
  app.use(ownerAuth(deps.db, deps.now));
  return app
    .openapi(read, async (c) => {
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      return c.json({ name: cafe.name, timeZone: cafe.timeZone, rules: cafe.rules, voidWindowDays: cafe.voidWindowDays }, 200);
    })
    .openapi(preview, async (c) => {
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      return c.json(await previewRules(deps.db, cafe, c.req.valid('json'), deps.now()), 200);
    })
    .openapi(save, async (c) => {
      const body = c.req.valid('json');
      const cafeId = c.get('owner').cafeId;
      const now = deps.now();
      const moved = await deps.db.transaction(async (tx) => {
        await lockCafe(tx, cafeId);
        // Moves time already caused belong to the guests, under the rules they happened under.
        await recordSegmentChanges(tx, await cafeById(tx, cafeId), now);
        await updateCafe(tx, cafeId, body);
        return (await recordDay(tx, await cafeById(tx, cafeId), now, 'rules')).length;
      });
      return c.json({ ok: true as const, moved }, 200);
    });
}
