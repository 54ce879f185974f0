/**
 * The owner's promotions: list, create, edit, pause / resume / end, and one promotion's report.
 * Owner only. A created or edited promotion is checked against the café's own rule set by
 * shared/promotions/promotion-schema.ts (the check the CLI makes): a refusal is a 400 naming
 * the field, and nothing is stored. Tablets receive every change at their next pull.
 */
import { createRoute } from '@hono/zod-openapi';
import {
  promotionIdParamSchema,
  promotionInputBodySchema,
  promotionListSchema,
  promotionReportSchema,
  promotionStatusBodySchema,
  promotionViewSchema,
} from '../../shared/api/promotions.ts';
import type { PromotionDraft, PromotionId, PromotionInput } from '../../shared/promotions/promotion.ts';
import { promotionInputSchema, promotionProblems } from '../../shared/promotions/promotion-schema.ts';
import type { AppDeps } from '../app.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import { ApiError } from '../http/errors.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, refusals, router } from '../http/openapi.ts';
import { newId } from '../new-id.ts';
import { promotionView } from './promotion-view.ts';
import { type ChangeResult, createPromotion, editPromotion, listPromotions, promotionById, setPromotionStatus } from './promotions.repo.ts';
import { promotionReport } from './report.repo.ts';

const params = { params: promotionIdParamSchema };

const list = createRoute({
  method: 'get',
  path: '/',
  summary: "The café's promotions, newest first, whatever their status",
  security: OWNER,
  responses: { 200: json(promotionListSchema, 'the promotions'), ...refusals(...OWNER_REFUSALS) },
});

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Creates a promotion (one benefit: percentOff, amountOff, pointsMultiplier or gift); tablets receive it at their next pull',
  security: OWNER,
  request: jsonBody(promotionInputBodySchema),
  responses: { 201: json(promotionViewSchema, 'the promotion as stored'), ...refusals('invalid', ...OWNER_REFUSALS) },
});

const edit = createRoute({
  method: 'put',
  path: '/{id}',
  summary: 'Replaces what the owner decides of a promotion that has not ended',
  security: OWNER,
  request: { ...params, ...jsonBody(promotionInputBodySchema) },
  responses: { 200: json(promotionViewSchema, 'the promotion as stored'), ...refusals('invalid', 'not-found', 'promotion-ended', ...OWNER_REFUSALS) },
});

const status = createRoute({
  method: 'post',
  path: '/{id}/status',
  summary: 'Pauses (paused), resumes (active) or ends (ended, final) a promotion',
  security: OWNER,
  request: { ...params, ...jsonBody(promotionStatusBodySchema) },
  responses: { 200: json(promotionViewSchema, 'the promotion as stored'), ...refusals('invalid', 'not-found', 'promotion-ended', ...OWNER_REFUSALS) },
});

const report = createRoute({
  method: 'get',
  path: '/{id}/report',
  summary: "Times applied, guests, discount given, paid revenue, flagged applications, and the same guests' visits before and while it ran",
  security: OWNER,
  request: params,
  responses: { 200: json(promotionReportSchema, 'the report'), ...refusals('invalid', 'not-found', ...OWNER_REFUSALS) },
});

export function promotionsRoute(deps: AppDeps) {
  const app = router<OwnerEnv>();
  app.use(ownerAuth(deps.db, deps.now));

  /** The body as a draft for this café, or a 400 naming the first wrong field. */
  const draftOf = async (cafeId: string, body: PromotionInput): Promise<PromotionDraft> => {
    const cafe = await cafeById(deps.db, cafeId as never);
    const parsed = promotionInputSchema(cafe.rules).safeParse(body);
    if (parsed.success) return parsed.data;
    const first = promotionProblems(parsed.error)[0]!;
    throw new ApiError('invalid', `${first.field}: ${first.message}`, first.field);
  };
  const changed = (r: ChangeResult) => {
    if (r.ok) return promotionView(r.promotion);
    if (r.reason === 'not-found') throw new ApiError('not-found', 'the café has no such promotion', 'id');
    if (r.reason === 'ended') throw new ApiError('promotion-ended', 'the promotion has ended; an ended promotion is final', 'id');
    throw new ApiError('invalid', 'the promotion already has that status', 'status');
  };

  return app
    .openapi(list, async (c) => c.json({ promotions: (await listPromotions(deps.db, c.get('owner').cafeId)).map(promotionView) }, 200))
    .openapi(create, async (c) => {
      const cafeId = c.get('owner').cafeId;
      const draft = await draftOf(cafeId, c.req.valid('json'));
      return c.json(promotionView(await createPromotion(deps.db, cafeId, newId<PromotionId>(), draft, deps.now())), 201);
    })
    .openapi(edit, async (c) => {
      const cafeId = c.get('owner').cafeId;
      const draft = await draftOf(cafeId, c.req.valid('json'));
      return c.json(changed(await editPromotion(deps.db, cafeId, c.req.valid('param').id, draft, deps.now())), 200);
    })
    .openapi(status, async (c) => {
      const r = await setPromotionStatus(deps.db, c.get('owner').cafeId, c.req.valid('param').id, c.req.valid('json').status, deps.now());
      return c.json(changed(r), 200);
    })
    .openapi(report, async (c) => {
      const cafe = await cafeById(deps.db, c.get('owner').cafeId);
      const promotion = await promotionById(deps.db, cafe.id, c.req.valid('param').id);
      if (!promotion) throw new ApiError('not-found', 'the café has no such promotion', 'id');
      return c.json(await promotionReport(deps.db, cafe.id, cafe.timeZone, promotion, deps.now()), 200);
    });
}
