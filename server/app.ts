/**
 * The HTTP app, composed from small route modules over injected dependencies, so tests
 * call `createApp(deps).request(...)` in process against a real database.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { Db } from './db/db.ts';
import { errorBody, sendError } from './http/errors.ts';
import { securityHeaders } from './http/security-headers.ts';
import { openapi } from './http/openapi.ts';
import { healthRoute } from './http/health.route.ts';
import { devicesRoute } from './cafe/devices.route.ts';
import { syncRoute } from './sync/sync.route.ts';
import { adminRoute } from './cli/admin.route.ts';
import { authRoute } from './cafe/auth.route.ts';
import { reportsRoute } from './segments/reports.route.ts';
import { segmentsRoute } from './segments/segments.route.ts';
import { settingsRoute } from './segments/settings.route.ts';

export interface AppDeps {
  db: Db;
  now: () => Date;
  /** The built PWA (vite build output); not served when absent. */
  staticDir?: string | undefined;
  /** Secret for local administration by the CLI (see admin.route.ts); none, none of it. */
  adminSecret?: string | undefined;
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.onError((e, c) => sendError(c, e));
  app.use(securityHeaders);
  app.route('/api/health', healthRoute(deps));
  app.route('/api/devices', devicesRoute(deps));
  app.route('/api/sync', syncRoute(deps));
  app.route('/api/admin', adminRoute(deps));
  app.route('/api/auth', authRoute(deps));
  app.route('/api/reports', reportsRoute(deps));
  app.route('/api/segments', segmentsRoute(deps));
  app.route('/api/settings', settingsRoute(deps));
  app.get('/api/openapi.json', (c) => c.json(openapi));
  app.all('/api/*', (c) => c.json(errorBody('not-found', `no API route ${c.req.method} ${c.req.path}`), 404));
  if (deps.staticDir) {
    const root = deps.staticDir;
    app.use('/*', serveStatic({ root }));
    // Client-side routes: every other page is the app shell.
    app.get('/*', serveStatic({ root, path: 'index.html' }));
  }
  return app;
}
