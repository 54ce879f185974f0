import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';

export function healthRoute(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    await deps.db.query('SELECT 1');
    return c.json({ status: 'ok', storage: deps.db.kind, time: deps.now().toISOString() });
  });
}
