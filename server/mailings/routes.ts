/** Every mailing route, mounted by app.ts with one call so the shared app file changes by one line. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../app.ts';
import { consentRoute } from './consent.route.ts';
import { counterLinkRoute } from './counter-link.route.ts';
import { mailingsRoute } from './mailings.route.ts';
import { scenariosRoute } from './scenarios.route.ts';
import { unsubscribeRoute } from './unsubscribe.route.ts';

export function mailingRoutes(app: OpenAPIHono, deps: AppDeps): void {
  app.route('/api/mailings', mailingsRoute(deps));
  app.route('/api/scenarios', scenariosRoute(deps));
  app.route('/api/guests', consentRoute(deps));
  app.route('/api/unsubscribe', unsubscribeRoute(deps));
  app.route('/api/counter/telegram-link', counterLinkRoute(deps));
}
