import { Hono } from 'hono';
import { parseIsoInstant } from '../../shared/domain/instant.ts';
import type { AppDeps } from '../app.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import { movementReport, trendReport } from './movements.repo.ts';
import { segmentReport } from './segments.repo.ts';
import { ApiError } from '../http/errors.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';

export const MOVEMENT_PERIODS = [7, 30, 90] as const;

/** A whole number from the query within bounds, or a 400 naming the parameter. */
export function intParam(value: string | undefined, name: string, fallback: number, allowed: (n: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!allowed(n)) throw new ApiError('invalid', `${name} must be ${expected}`, name);
  return n;
}

export function reportsRoute(deps: AppDeps) {
  return new Hono<OwnerEnv>()
    .use(ownerAuth(deps.db, deps.now))
    .get('/segments', async (c) => {
      const at = c.req.query('at');
      let asOf = deps.now();
      if (at !== undefined) {
        const parsed = parseIsoInstant(at, 'at');
        if (!parsed.ok) throw new ApiError('invalid', parsed.error, 'at');
        asOf = parsed.value;
      }
      return c.json(await segmentReport(deps.db, await cafeById(deps.db, c.get('owner').cafeId), asOf));
    })
    .get('/movements', async (c) => {
      const days = intParam(
        c.req.query('days'),
        'days',
        7,
        (n) => (MOVEMENT_PERIODS as readonly number[]).includes(n),
        `${MOVEMENT_PERIODS.join(', ')} (days)`,
      );
      return c.json(await movementReport(deps.db, await cafeById(deps.db, c.get('owner').cafeId), deps.now(), days));
    })
    .get('/trend', async (c) => {
      const weeks = intParam(c.req.query('weeks'), 'weeks', 26, (n) => n >= 2 && n <= 104, 'a whole number of weeks from 2 to 104');
      return c.json(await trendReport(deps.db, await cafeById(deps.db, c.get('owner').cafeId), deps.now(), weeks));
    });
}
