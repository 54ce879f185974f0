/**
 * The owner's bonus programme: its settings (tablets pull them with the next change number),
 * the programme report — points issued, spent, expired, outstanding, the liability in rubles,
 * overdrafts with the guest and the tablets — and one guest's ledger. Owner only.
 */
import { createRoute } from '@hono/zod-openapi';
import { guestEntriesParamsSchema, guestEntriesSchema, loyaltyReportQuerySchema, loyaltyReportSchema, programSchema } from '../../shared/api/loyalty.ts';
import { addCalendarDays, type LocalDate, localDateOf } from '../../shared/domain/calendar.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { AppDeps } from '../app.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import { ApiError } from '../http/errors.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, refusals, router } from '../http/openapi.ts';
import { programOf, saveProgram } from './program.repo.ts';
import { guestEntries, readLoyaltyReport } from './report.repo.ts';

const readProgram = createRoute({
  method: 'get',
  path: '/program',
  summary: 'The bonus programme: accrual rate, welcome bonus, share of a check payable in points, expiry, tiers, rewards, offline cap',
  security: OWNER,
  responses: { 200: json(programSchema, 'the programme'), ...refusals(...OWNER_REFUSALS) },
});

const saveProgramRoute = createRoute({
  method: 'put',
  path: '/program',
  summary: 'Saves the bonus programme; tablets receive it at their next pull',
  security: OWNER,
  request: jsonBody(programSchema),
  responses: { 200: json(programSchema, 'the programme as saved'), ...refusals('invalid', ...OWNER_REFUSALS) },
});

const report = createRoute({
  method: 'get',
  path: '/report',
  summary: 'Points issued, spent and expired over café days [from, to], outstanding and the liability now, and the overdrafts',
  security: OWNER,
  request: { query: loyaltyReportQuerySchema },
  responses: { 200: json(loyaltyReportSchema, 'the programme report'), ...refusals('invalid', ...OWNER_REFUSALS) },
});

const entries = createRoute({
  method: 'get',
  path: '/guests/{id}/entries',
  summary: "A guest's bonus entries, the latest first, with the balance",
  security: OWNER,
  request: { params: guestEntriesParamsSchema },
  responses: { 200: json(guestEntriesSchema, 'the entries'), ...refusals('invalid', 'not-found', ...OWNER_REFUSALS) },
});

export function loyaltyRoute(deps: AppDeps) {
  const app = router<OwnerEnv>();
  app.use(ownerAuth(deps.db, deps.now));
  return app
    .openapi(readProgram, async (c) => c.json(await programOf(deps.db, c.get('owner').cafeId), 200))
    .openapi(saveProgramRoute, async (c) => {
      const cafeId = c.get('owner').cafeId;
      const program = c.req.valid('json');
      const saved = await deps.db.transaction(async (tx) => {
        await lockCafe(tx, cafeId);
        return saveProgram(tx, cafeId, program, deps.now());
      });
      return c.json(saved, 200);
    })
    .openapi(report, async (c) => {
      const query = c.req.valid('query');
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      if (query.days && (query.from || query.to)) throw new ApiError('invalid', 'days or from/to, not both', 'days');
      const today = localDateOf(deps.now(), cafe.timeZone);
      const from = query.days ? addCalendarDays(today, 1 - Number(query.days)) : (query.from as LocalDate | undefined);
      const to = query.days ? today : (query.to as LocalDate | undefined);
      if (from && to && from > to) throw new ApiError('invalid', 'from must not be after to', 'from');
      return c.json(await readLoyaltyReport(deps.db, cafe.id, cafe.timeZone, { from, to }), 200);
    })
    .openapi(entries, async (c) => {
      const body = await guestEntries(deps.db, c.get('owner').cafeId, c.req.valid('param').id as GuestId);
      if (!body) throw new ApiError('not-found', 'the café has no such guest', 'id');
      return c.json(body, 200);
    });
}
