/**
 * One segment's guests for the owner: a page at a time (POST, so a searched phone never
 * stands in a URL or an access log) and the whole segment as CSV for Excel.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { guestPageSchema, guestQuerySchema, segmentParamSchema } from '../../shared/api/segment-guests.ts';
import { localDateOf } from '../../shared/domain/calendar.ts';
import { maskPhone, type E164Phone } from '../../shared/domain/phone.ts';
import { segmentIds } from '../../shared/segments/rules.ts';
import type { AppDeps } from '../app.ts';
import { cafeById, type Cafe } from '../cafe/cafes.repo.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import { ApiError } from '../http/errors.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, refusals, router } from '../http/openapi.ts';
import { segmentCsv } from './segment-csv.ts';
import { segmentGuests } from './segment-guests.repo.ts';

function segmentOf(cafe: Cafe, id: string): string {
  if (!segmentIds(cafe.rules).includes(id)) throw new ApiError('unknown-segment', `the café's rules have no segment "${id}"`, 'id');
  return id;
}

const guests = createRoute({
  method: 'post',
  path: '/{id}/guests',
  summary: "A page of a segment's guests as of now ({ search?, sort, dir, offset, limit }); phones partly masked",
  security: OWNER,
  request: { params: segmentParamSchema, ...jsonBody(guestQuerySchema) },
  responses: { 200: json(guestPageSchema, 'a page of guests'), ...refusals('invalid', 'unknown-segment', ...OWNER_REFUSALS) },
});

const exportCsv = createRoute({
  method: 'get',
  path: '/{id}/export.csv',
  summary: "Every guest of a segment as CSV for Excel (UTF-8 with BOM, ';', decimal comma, full phones)",
  security: OWNER,
  request: { params: segmentParamSchema },
  responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'text/csv' }, ...refusals('unknown-segment', ...OWNER_REFUSALS) },
});

export function segmentsRoute(deps: AppDeps) {
  const app = router<OwnerEnv>();
  app.use(ownerAuth(deps.db, deps.now));
  return app
    .openapi(guests, async (c) => {
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      const segment = segmentOf(cafe, c.req.valid('param').id);
      const q = c.req.valid('json');
      // The list asks for the total with its first page; later pages skip the count.
      const page = await segmentGuests(deps.db, cafe, deps.now(), { segment, ...q }, q.offset === 0);
      return c.json(
        {
          segment,
          total: page.total,
          offset: q.offset,
          // On screen a phone is partly hidden; the full number is only in the owner's export.
          guests: page.guests.map((g) => ({
            id: g.id,
            phone: g.phone === null ? null : maskPhone(g.phone as E164Phone),
            name: g.name,
            consent: g.consent,
            registeredAt: g.registeredAt.toISOString(),
            visits: g.visits,
            lastVisitAt: g.lastVisitAt?.toISOString() ?? null,
            totalSpend: g.totalSpend,
          })),
        },
        200,
      );
    })
    .openapi(exportCsv, async (c) => {
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      const segment = segmentOf(cafe, c.req.valid('param').id);
      const now = deps.now();
      const { guests } = await segmentGuests(deps.db, cafe, now, { segment, sort: 'lastVisit', dir: 'desc', offset: 0 });
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="segment-${segment}-${localDateOf(now, cafe.timeZone)}.csv"`);
      c.header('cache-control', 'no-store');
      return c.body(segmentCsv(cafe, segment, guests), 200);
    });
}
