import { createRoute } from '@hono/zod-openapi';
import { healthSchema } from '../../shared/api/health.ts';
import type { AppDeps } from '../app.ts';
import { json, PUBLIC, router } from './openapi.ts';

const health = createRoute({
  method: 'get',
  path: '/',
  summary: 'Liveness and storage check',
  security: PUBLIC,
  responses: { 200: json(healthSchema, 'The server and its database answer') },
});

export function healthRoute(deps: AppDeps) {
  return router().openapi(health, async (c) => {
    await deps.db.query('SELECT 1');
    return c.json({ status: 'ok' as const, storage: deps.db.kind, time: deps.now().toISOString() }, 200);
  });
}
