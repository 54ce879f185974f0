/** The owner's reports: segments as of a moment, movements between segments, the weekly trend. */
import { createRoute } from '@hono/zod-openapi';
import {
  MOVEMENT_PERIODS,
  movementGuestsQuerySchema,
  movementGuestsSchema,
  movementReportSchema,
  movementsQuerySchema,
  segmentReportSchema,
  segmentsQuerySchema,
  trendQuerySchema,
  trendReportSchema,
} from '../../shared/api/reports.ts';
import { parseIsoInstant } from '../../shared/domain/instant.ts';
import { outsideRecordYears } from '../../shared/sync/plausible.ts';
import type { AppDeps } from '../app.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import { ApiError } from '../http/errors.ts';
import { json, OWNER, OWNER_REFUSALS, refusals, router } from '../http/openapi.ts';
import { segmentIds } from '../../shared/segments/rules.ts';
import { movementGuests, movementReport, trendReport } from './movements.repo.ts';
import { segmentReport } from './segments.repo.ts';

/** A whole number from the query within bounds, or a 400 naming the parameter. */
export function intParam(value: string | undefined, name: string, fallback: number, allowed: (n: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!allowed(n)) throw new ApiError('invalid', `${name} must be ${expected}`, name);
  return n;
}

const segments = createRoute({
  method: 'get',
  path: '/segments',
  summary: 'Guests per segment as of a moment (owner only): every segment of the rule set, none included',
  security: OWNER,
  request: { query: segmentsQuerySchema },
  responses: { 200: json(segmentReportSchema, 'the report'), ...refusals('invalid', ...OWNER_REFUSALS) },
});

const movements = createRoute({
  method: 'get',
  path: '/movements',
  summary: 'How many guests moved from which segment to which over the last 7, 30 or 90 café days',
  security: OWNER,
  request: { query: movementsQuerySchema },
  responses: { 200: json(movementReportSchema, 'moves per from → to'), ...refusals('invalid', ...OWNER_REFUSALS) },
});

const movers = createRoute({
  method: 'get',
  path: '/movements/guests',
  summary: 'The guests who made one move (from → to; no from: new guests) in the last 7, 30 or 90 café days, latest first',
  security: OWNER,
  request: { query: movementGuestsQuerySchema },
  responses: { 200: json(movementGuestsSchema, 'the guests who moved'), ...refusals('invalid', 'unknown-segment', ...OWNER_REFUSALS) },
});

const trend = createRoute({
  method: 'get',
  path: '/trend',
  summary: 'Segment sizes at the end of each of the last weeks (26 by default)',
  security: OWNER,
  request: { query: trendQuerySchema },
  responses: { 200: json(trendReportSchema, 'sizes per week'), ...refusals('invalid', ...OWNER_REFUSALS) },
});

export function reportsRoute(deps: AppDeps) {
  const cafeOf = (id: Parameters<typeof cafeById>[1]) => cafeById(deps.db, id);
  const app = router<OwnerEnv>();
  app.use(ownerAuth(deps.db, deps.now));
  return app
    .openapi(segments, async (c) => {
      const { at } = c.req.valid('query');
      let asOf = deps.now();
      if (at !== undefined) {
        const parsed = parseIsoInstant(at, 'at');
        if (!parsed.ok) throw new ApiError('invalid', parsed.error, 'at');
        const outside = outsideRecordYears(parsed.value, 'at', at);
        if (outside) throw new ApiError('invalid', outside, 'at');
        asOf = parsed.value;
      }
      return c.json(await segmentReport(deps.db, await cafeOf(c.get('owner').cafeId), asOf), 200);
    })
    .openapi(movements, async (c) => {
      const days = intParam(
        c.req.valid('query').days,
        'days',
        7,
        (n) => (MOVEMENT_PERIODS as readonly number[]).includes(n),
        `${MOVEMENT_PERIODS.join(', ')} (days)`,
      );
      return c.json(await movementReport(deps.db, await cafeOf(c.get('owner').cafeId), deps.now(), days), 200);
    })
    .openapi(movers, async (c) => {
      const q = c.req.valid('query');
      const days = intParam(q.days, 'days', 7, (n) => (MOVEMENT_PERIODS as readonly number[]).includes(n), `${MOVEMENT_PERIODS.join(', ')} (days)`);
      const cafe = await cafeOf(c.get('owner').cafeId);
      const known = segmentIds(cafe.rules);
      for (const [name, id] of [
        ['from', q.from],
        ['to', q.to],
      ] as const) {
        if (id !== undefined && !known.includes(id)) throw new ApiError('unknown-segment', `the café's rules have no segment "${id}"`, name);
      }
      return c.json(await movementGuests(deps.db, cafe, deps.now(), days, q.from ?? null, q.to), 200);
    })
    .openapi(trend, async (c) => {
      const weeks = intParam(c.req.valid('query').weeks, 'weeks', 26, (n) => n >= 2 && n <= 104, 'a whole number of weeks from 2 to 104');
      return c.json(await trendReport(deps.db, await cafeOf(c.get('owner').cafeId), deps.now(), weeks), 200);
    });
}
