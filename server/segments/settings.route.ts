/**
 * The café's settings for the owner: name, time zone and segment rules, with a preview of
 * what a change would do before it is saved. Saving re-sorts every guest at once; those
 * re-sortings are recorded as the rules' doing, not as guests moving (movements.repo.ts).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { isTimeZone, type TimeZone } from '../../shared/domain/calendar.ts';
import { ruleSetSchema } from '../../shared/segments/rule-set-schema.ts';
import type { AppDeps } from '../app.ts';
import { cafeById, updateCafe } from '../cafe/cafes.repo.ts';
import { recordDay } from './resegment.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import { previewRules } from './rules-preview.ts';
import { recordSegmentChanges } from './segments.repo.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import { parseJson } from '../http/validate.ts';

const timeZone = z
  .string()
  .refine(isTimeZone, 'not an IANA time zone (e.g. Europe/Moscow)')
  .transform((z) => z as TimeZone);
const rulesChange = z.object({ timeZone, rules: ruleSetSchema });
const settingsSchema = rulesChange.extend({ name: z.string().trim().min(1, 'the café needs a name').max(80) });

export function settingsRoute(deps: AppDeps) {
  return new Hono<OwnerEnv>()
    .use(ownerAuth(deps.db, deps.now))
    .get('/', async (c) => {
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      return c.json({ name: cafe.name, timeZone: cafe.timeZone, rules: cafe.rules });
    })
    .post('/preview', async (c) => {
      const body = await parseJson(c, rulesChange);
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      return c.json(await previewRules(deps.db, cafe, body, deps.now()));
    })
    .put('/', async (c) => {
      const body = await parseJson(c, settingsSchema);
      const cafeId = c.get('owner').cafeId;
      const now = deps.now();
      const moved = await deps.db.transaction(async (tx) => {
        await lockCafe(tx, cafeId);
        // Moves time already caused belong to the guests, under the rules they happened under.
        await recordSegmentChanges(tx, await cafeById(tx, cafeId), now);
        await updateCafe(tx, cafeId, body);
        return (await recordDay(tx, await cafeById(tx, cafeId), now, 'rules')).length;
      });
      return c.json({ ok: true, moved });
    });
}
