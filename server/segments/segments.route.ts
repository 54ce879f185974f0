/**
 * One segment's guests for the owner: a page at a time (POST, so a searched phone never
 * stands in a URL or an access log) and the whole segment as CSV for Excel.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { localDateOf } from '../../shared/domain/calendar.ts';
import { maskPhone, type E164Phone } from '../../shared/domain/phone.ts';
import { segmentIds } from '../../shared/segments/rules.ts';
import type { AppDeps } from '../app.ts';
import { cafeById, type Cafe } from '../cafe/cafes.repo.ts';
import { GUEST_SORTS, segmentGuests } from './segment-guests.repo.ts';
import { segmentCsv } from './segment-csv.ts';
import { ApiError } from '../http/errors.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import { parseJson } from '../http/validate.ts';

export const GUEST_PAGE_MAX = 500;

const querySchema = z.object({
  search: z.string().max(100).optional(),
  sort: z.enum(GUEST_SORTS).default('lastVisit'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(GUEST_PAGE_MAX).default(100),
});

function segmentOf(cafe: Cafe, id: string): string {
  if (!segmentIds(cafe.rules).includes(id)) throw new ApiError('unknown-segment', `the café's rules have no segment "${id}"`, 'id');
  return id;
}

export function segmentsRoute(deps: AppDeps) {
  return new Hono<OwnerEnv>()
    .use(ownerAuth(deps.db, deps.now))
    .post('/:id/guests', async (c) => {
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      const segment = segmentOf(cafe, c.req.param('id'));
      const q = await parseJson(c, querySchema);
      // The list asks for the total with its first page; later pages skip the count.
      const page = await segmentGuests(deps.db, cafe, deps.now(), { segment, ...q }, q.offset === 0);
      return c.json({
        segment,
        total: page.total,
        offset: q.offset,
        // On screen a phone is partly hidden; the full number is only in the owner's export.
        guests: page.guests.map((g) => ({
          id: g.id,
          phone: maskPhone(g.phone as E164Phone),
          name: g.name,
          consent: g.consent,
          registeredAt: g.registeredAt.toISOString(),
          visits: g.visits,
          lastVisitAt: g.lastVisitAt?.toISOString() ?? null,
          totalSpend: g.totalSpend,
        })),
      });
    })
    .get('/:id/export.csv', async (c) => {
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      const segment = segmentOf(cafe, c.req.param('id'));
      const now = deps.now();
      const { guests } = await segmentGuests(deps.db, cafe, now, { segment, sort: 'lastVisit', dir: 'desc', offset: 0 });
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="segment-${segment}-${localDateOf(now, cafe.timeZone)}.csv"`);
      c.header('cache-control', 'no-store');
      return c.body(segmentCsv(cafe, segment, guests));
    });
}
