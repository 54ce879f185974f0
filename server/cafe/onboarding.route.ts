/**
 * What the owner has done of the first steps — pair a tablet, bring in guests, set the café's
 * time zone — so the dashboard can show what is left instead of a report full of zeros.
 * Each answer is a cheap existence check: the dashboard asks on every visit.
 */
import { createRoute } from '@hono/zod-openapi';
import { onboardingSchema } from '../../shared/api/onboarding.ts';
import type { AppDeps } from '../app.ts';
import { json, OWNER, OWNER_REFUSALS, refusals, router } from '../http/openapi.ts';
import { ownerAuth, type OwnerEnv } from './owner-auth.ts';

const read = createRoute({
  method: 'get',
  path: '/',
  summary: "The owner's first steps: tablets paired, whether the café has guests, whether its time zone was set",
  security: OWNER,
  responses: { 200: json(onboardingSchema, 'the steps'), ...refusals(...OWNER_REFUSALS) },
});

export function onboardingRoute(deps: AppDeps) {
  const app = router<OwnerEnv>();
  app.use(ownerAuth(deps.db, deps.now));
  return app.openapi(read, async (c) => {
    const [row] = await deps.db.query<{ tablets: number; has_guests: boolean; time_zone: string; set: boolean }>(
      `SELECT (SELECT count(*)::int FROM devices WHERE cafe_id = c.id AND revoked_at IS NULL) AS tablets,
              EXISTS (SELECT 1 FROM guests WHERE cafe_id = c.id) AS has_guests,
              c.time_zone, c.updated_at > c.created_at AS set
       FROM cafes c WHERE c.id = $1`,
      [c.get('owner').cafeId],
    );
    return c.json({ tablets: row!.tablets, hasGuests: row!.has_guests, timeZone: row!.time_zone, timeZoneSet: row!.set }, 200);
  });
}
