/**
 * The HTTP app, composed from each feature's routes over injected dependencies, so tests
 * call `createApp(deps).request(...)` in process against a real database. Its description at
 * /api/openapi.json is generated from the routes' own zod schemas (http/openapi.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { authRoute } from './cafe/auth.route.ts';
import { devicesRoute } from './cafe/devices.route.ts';
import { onboardingRoute } from './cafe/onboarding.route.ts';
import { adminRoute } from './cli/admin.route.ts';
import type { Db } from './db/db.ts';
import { errorBody, sendError } from './http/errors.ts';
import { counterRoute } from './purchases/guest-purchases.route.ts';
import { guestProfileRoute } from './guests/guest-profile.route.ts';
import { healthRoute } from './http/health.route.ts';
import { importRoute, type ImportRouteDeps } from './import/import.route.ts';
import { loyaltyRoute } from './loyalty/loyalty.route.ts';
import { promotionsRoute } from './promotions/promotions.route.ts';
import { describeApi, json, PUBLIC, router } from './http/openapi.ts';
import { securityHeaders } from './http/security-headers.ts';
import { bodyLimits } from './http/body-limits.ts';
import { staticFiles } from './http/static-files.ts';
import { ownerPagePreloads } from './cafe/owner-page-preloads.ts';
import { reportsRoute } from './segments/reports.route.ts';
import { segmentsRoute } from './segments/segments.route.ts';
import { settingsRoute } from './segments/settings.route.ts';
import type { MailingAppDeps } from './mailings/deps.ts';
import { mailingRoutes } from './mailings/routes.ts';
import type { PushHooks } from './sync/push.ts';
import { syncRoute } from './sync/sync.route.ts';

export interface AppDeps {
  db: Db;
  now: () => Date;
  /** The built PWA (vite build output); not served when absent. */
  staticDir?: string | undefined;
  /** Secret for local administration by the CLI (see admin.route.ts); none, none of it. */
  adminSecret?: string | undefined;
  /** Work that must commit with each applied push (see sync/push.ts). */
  pushHooks?: PushHooks | undefined;
  /** Mailings: the points ledger, the channels' environment, the sender to wake (see mailings/deps.ts). */
  mailings?: MailingAppDeps | undefined;
  /** The owner's import: where uploads wait and how big one may be (see import/import.route.ts). */
  import?: ImportRouteDeps | undefined;
  /** Behind a reverse proxy (TRUST_PROXY): read the client's address and scheme from X-Forwarded-For/-Proto. */
  trustProxy?: boolean | undefined;
}

const openapiRoute = createRoute({
  method: 'get',
  path: '/api/openapi.json',
  summary: 'This document',
  security: PUBLIC,
  responses: { 200: json(z.record(z.string(), z.unknown()), 'OpenAPI 3.1 document') },
});

export function createApp(deps: AppDeps) {
  const app = router();
  app.onError((e, c) => sendError(c, e));
  app.use(securityHeaders(deps.trustProxy ?? false));
  app.use('/api/*', bodyLimits);
  app.route('/api/health', healthRoute(deps));
  app.route('/api/devices', devicesRoute(deps));
  app.route('/api/sync', syncRoute(deps));
  app.route('/api/counter', counterRoute(deps));
  app.route('/api/admin', adminRoute(deps));
  app.route('/api/auth', authRoute(deps));
  app.route('/api/reports', reportsRoute(deps));
  app.route('/api/segments', segmentsRoute(deps));
  app.route('/api/settings', settingsRoute(deps));
  app.route('/api/loyalty', loyaltyRoute(deps));
  app.route('/api/promotions', promotionsRoute(deps));
  mailingRoutes(app, deps);
  app.route('/api/guests', guestProfileRoute(deps));
  app.route('/api/onboarding', onboardingRoute(deps));
  app.route('/api/import', importRoute(deps));
  let document: ReturnType<typeof describeApi> | undefined;
  app.openapi(openapiRoute, (c) => {
    document ??= describeApi(app);
    return c.json(document, 200);
  });
  app.all('/api/*', (c) => c.json(errorBody('not-found', `no API route ${c.req.method} ${c.req.path}`), 404));
  // The built app: compressed, cached by kind, every other page the shell (http/static-files.ts).
  if (deps.staticDir) app.use('/*', staticFiles(deps.staticDir, { preloadsFor: ownerPagePreloads(deps.db, deps.now) }));
  return app;
}
