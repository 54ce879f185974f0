import { Hono } from 'hono';
import { parseIsoInstant } from '../../../shared/domain/instant.ts';
import type { AppDeps } from '../../app.ts';
import { cafeById } from '../../repos/cafes.repo.ts';
import { segmentReport } from '../../segments/segments.repo.ts';
import { ApiError } from '../errors.ts';
import { ownerAuth, type OwnerEnv } from '../owner-auth.ts';

export function reportsRoute(deps: AppDeps) {
  return new Hono<OwnerEnv>().use(ownerAuth(deps.db, deps.now)).get('/segments', async (c) => {
    const at = c.req.query('at');
    let asOf = deps.now();
    if (at !== undefined) {
      const parsed = parseIsoInstant(at, 'at');
      if (!parsed.ok) throw new ApiError(400, 'invalid', parsed.error, 'at');
      asOf = parsed.value;
    }
    const report = await segmentReport(deps.db, await cafeById(deps.db, c.get('owner').cafeId), asOf);
    return c.json(report);
  });
}
