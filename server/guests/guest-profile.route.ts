/**
 * A guest's profile for the owner, and the owner's actions on it: edit name and birthday,
 * withdraw marketing consent, export the guest's data as JSON (owner only; the guest is named
 * by id, so no phone stands in a URL or an access log), and delete the guest on request
 * (152-FZ; the model is in owner-edits.repo.ts).
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { guestEditSchema, guestExportSchema, guestIdParamSchema, guestProfileSchema, type GuestExport } from '../../shared/api/guest-profile.ts';
import { okSchema } from '../../shared/api/errors.ts';
import { localDateOf } from '../../shared/domain/calendar.ts';
import { parseBirthday, parseName } from '../../shared/domain/guest-profile.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import { segmentName } from '../../shared/segments/rules.ts';
import type { AppDeps } from '../app.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import { ownerAuth, type OwnerEnv } from '../cafe/owner-auth.ts';
import { ApiError } from '../http/errors.ts';
import { json, jsonBody, OWNER, OWNER_REFUSALS, refusals, router } from '../http/openapi.ts';
import { guestProfile, guestPurchases } from './guest-profile.repo.ts';
import { editGuest, eraseGuest, withdrawConsent, type OwnerEditResult } from './owner-edits.repo.ts';

const params = { params: guestIdParamSchema };

const read = createRoute({
  method: 'get',
  path: '/{id}',
  summary: "A guest's profile: visits and spend by month, purchases with items and voids, consent and segment histories",
  security: OWNER,
  request: params,
  responses: { 200: json(guestProfileSchema, 'the profile'), ...refusals('invalid', 'not-found', ...OWNER_REFUSALS) },
});

const edit = createRoute({
  method: 'patch',
  path: '/{id}',
  summary: "Edits a guest's name or birthday ({ name?, birthday? }; null clears); tablets get it on their next pull",
  security: OWNER,
  request: { ...params, ...jsonBody(guestEditSchema) },
  responses: { 200: json(okSchema, 'saved'), ...refusals('invalid', 'not-found', 'guest-erased', ...OWNER_REFUSALS) },
});

const withdraw = createRoute({
  method: 'post',
  path: '/{id}/consent/withdraw',
  summary: "Withdraws the guest's marketing consent at once (kept in the consent history as the owner's doing)",
  security: OWNER,
  request: params,
  responses: { 200: json(okSchema, 'withdrawn'), ...refusals('invalid', 'not-found', 'guest-erased', ...OWNER_REFUSALS) },
});

const exportJson = createRoute({
  method: 'get',
  path: '/{id}/export.json',
  summary: 'Everything the café holds about the guest, as a JSON file for the guest (owner only)',
  security: OWNER,
  request: params,
  responses: { 200: json(guestExportSchema, 'the guest’s data'), ...refusals('invalid', 'not-found', 'guest-erased', ...OWNER_REFUSALS) },
});

const erase = createRoute({
  method: 'delete',
  path: '/{id}',
  summary: 'Deletes the guest on request (152-FZ): personal data erased, purchases kept anonymously in the totals; tablets drop the guest',
  security: OWNER,
  request: params,
  responses: { 200: json(okSchema, 'deleted'), ...refusals('invalid', 'not-found', 'guest-erased', ...OWNER_REFUSALS) },
});

function refuseUnless(result: OwnerEditResult): void {
  if (result === 'unknown') throw new ApiError('not-found', 'the café has no such guest', 'id');
  if (result === 'erased') throw new ApiError('guest-erased', 'the guest was deleted on request', 'id');
}

export function guestProfileRoute(deps: AppDeps) {
  const app = router<OwnerEnv>();
  app.use(ownerAuth(deps.db, deps.now));
  const cafeOf = (c: Context<OwnerEnv>) => cafeById(deps.db, c.get('owner').cafeId);
  return app
    .openapi(read, async (c) => {
      const profile = await guestProfile(deps.db, await cafeOf(c), c.req.valid('param').id as GuestId, deps.now());
      if (!profile) throw new ApiError('not-found', 'the café has no such guest', 'id');
      return c.json(profile, 200);
    })
    .openapi(edit, async (c) => {
      const cafe = await cafeOf(c);
      const body = c.req.valid('json');
      const change: Parameters<typeof editGuest>[3] = {};
      if (body.name !== undefined) {
        const name = parseName(body.name ?? '');
        if (!name.ok) throw new ApiError('invalid', 'name: at most 120 characters', 'name');
        change.name = name.value;
      }
      if (body.birthday !== undefined) {
        const birthday = parseBirthday(body.birthday ?? '', localDateOf(deps.now(), cafe.timeZone));
        if (!birthday.ok) throw new ApiError('invalid', `birthday: ${birthday.error}`, 'birthday');
        change.birthday = birthday.value;
      }
      refuseUnless(await editGuest(deps.db, cafe.id, c.req.valid('param').id as GuestId, change, deps.now()));
      return c.json({ ok: true as const }, 200);
    })
    .openapi(withdraw, async (c) => {
      const cafe = await cafeOf(c);
      refuseUnless(await withdrawConsent(deps.db, cafe.id, c.req.valid('param').id as GuestId, c.get('owner').ownerId, deps.now()));
      return c.json({ ok: true as const }, 200);
    })
    .openapi(exportJson, async (c) => {
      const cafe = await cafeOf(c);
      const id = c.req.valid('param').id as GuestId;
      const now = deps.now();
      const profile = await guestProfile(deps.db, cafe, id, now);
      if (!profile) throw new ApiError('not-found', 'the café has no such guest', 'id');
      if (profile.erasedAt || profile.phone === null) throw new ApiError('guest-erased', 'the guest was deleted on request', 'id');
      const body: GuestExport = {
        exportedAt: now.toISOString(),
        cafe: cafe.name,
        guest: {
          id: profile.id,
          phone: profile.phone,
          name: profile.name,
          birthday: profile.birthday,
          registeredAt: profile.registeredAt,
          registeredVia: profile.registeredVia,
          registeredBy: profile.registeredBy,
        },
        consent: profile.consent,
        consentHistory: profile.consentHistory,
        segmentHistory: profile.segmentHistory.map((s) => ({ ...s, toName: segmentName(cafe.rules, s.to, 'ru') })),
        purchases: await deps.db.transaction((tx) => guestPurchases(tx, cafe.id, id)),
      };
      // A file for the guest, never kept by a cache on the way.
      c.header('content-disposition', `attachment; filename="guest-${id}-${localDateOf(now, cafe.timeZone)}.json"`);
      c.header('cache-control', 'no-store');
      return c.json(body, 200);
    })
    .openapi(erase, async (c) => {
      const cafe = await cafeOf(c);
      refuseUnless(await eraseGuest(deps.db, cafe.id, c.req.valid('param').id as GuestId, deps.now()));
      return c.json({ ok: true as const }, 200);
    });
}
