/** The owner's automatic scenarios: each one's settings and report, and the owner's edit (which fires nothing by itself). */
import { createRoute } from '@hono/zod-openapi';
import { scenarioListSchema, scenarioParamSchema, scenarioPutSchema, scenarioViewSchema } from '../../shared/api/mailings.ts';
import type { AppDeps } from '../app.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, refusals, router } from '../http/openapi.ts';
import { mailingDeps } from './deps.ts';
import { deliveryReport } from './report.repo.ts';
import { loadScenarios, saveScenario } from './scenarios.repo.ts';

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'The automatic scenarios (win-back, newcomer, birthday, anniversary, points about to expire), each with its report',
  security: OWNER,
  responses: { 200: json(scenarioListSchema, 'the scenarios'), ...refusals(...OWNER_REFUSALS) },
});

const put = createRoute({
  method: 'put',
  path: '/{id}',
  summary: 'Turns a scenario on or off and edits its text and offer',
  security: OWNER,
  request: { params: scenarioParamSchema, ...jsonBody(scenarioPutSchema) },
  responses: {
    200: json(scenarioViewSchema, 'the scenario as saved'),
    ...refusals('invalid', 'unknown-segment', 'template-invalid', 'points-unavailable', ...OWNER_REFUSALS),
  },
});

export function scenariosRoute(deps: AppDeps) {
  const app = router<OwnerEnv>();
  app.use(ownerAuth(deps.db, deps.now));
  const m = mailingDeps(deps);
  return app
    .openapi(list, async (c) => {
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      const scenarios = await loadScenarios(deps.db, cafe.id);
      const views = [];
      for (const s of scenarios) views.push({ ...s, report: await deliveryReport(deps.db, cafe, { scenarioId: s.id }) });
      return c.json({ scenarios: views, pointsAvailable: m.ledger.available }, 200);
    })
    .openapi(put, async (c) => {
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      const saved = await saveScenario(deps.db, cafe, c.req.valid('param').id, c.req.valid('json'), m.ledger, deps.now());
      return c.json({ ...saved, report: await deliveryReport(deps.db, cafe, { scenarioId: saved.id }) }, 200);
    });
}
