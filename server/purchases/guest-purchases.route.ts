/**
 * GET /api/counter/guests/{guestId}/purchases — a tablet reads one guest's recent purchases
 * from every tablet, so its card agrees with the visit count (a tablet holds only its own
 * purchases). A device token is required; the guest is named by id (no phone in the URL), is
 * followed through merges, and must be the tablet's café's. Nothing about segments is in it.
 */
import { createRoute } from '@hono/zod-openapi';
import { GUEST_PURCHASES_LIMIT, guestPurchasesParamsSchema, guestPurchasesSchema } from '../../shared/api/counter.ts';
import type { GuestId } from '../../shared/domain/ids.ts';
import type { AppDeps } from '../app.ts';
import { deviceAuth, type DeviceEnv } from '../cafe/device-auth.ts';
import { resolveGuestIds } from '../guests/merge.repo.ts';
import { ApiError } from '../http/errors.ts';
import { DEVICE, json, refusals, router } from '../http/openapi.ts';
import { guestExists, guestPurchases } from './guest-purchases.repo.ts';

const route = createRoute({
  method: 'get',
  path: '/guests/{guestId}/purchases',
  summary: "A tablet reads one guest's recent purchases from every tablet: items, voids, which tablet",
  security: DEVICE,
  request: { params: guestPurchasesParamsSchema },
  responses: {
    200: json(guestPurchasesSchema, `the newest ${GUEST_PURCHASES_LIMIT} purchases and how many there are`),
    ...refusals('invalid', 'not-found', 'no-token', 'bad-token', 'token-revoked'),
  },
});

export function counterRoute(deps: AppDeps) {
  const app = router<DeviceEnv>();
  app.use(deviceAuth(deps.db));
  return app.openapi(route, async (c) => {
    const device = c.get('device');
    const asked = c.req.valid('param').guestId as GuestId;
    const { guestId, total, rows } = await deps.db.transaction(async (tx) => {
      const guestId = (await resolveGuestIds(tx, [asked])).get(asked)!;
      if (!(await guestExists(tx, device.cafeId, guestId))) throw new ApiError('not-found', 'no such guest in this café', 'guestId');
      return { guestId, ...(await guestPurchases(tx, device.cafeId, guestId, GUEST_PURCHASES_LIMIT)) };
    });
    return c.json(
      {
        guestId,
        total,
        purchases: rows.map((p) => ({
          id: p.id,
          purchasedAt: p.purchasedAt.toISOString(),
          amount: p.amount,
          items: p.items,
          voided: p.voided && { at: p.voided.at.toISOString(), reason: p.voided.reason },
          tablet: p.deviceId ? { name: p.deviceName ?? '', thisTablet: p.deviceId === device.id } : null,
        })),
      },
      200,
    );
  });
}
