import { sendJson } from './http.js';
import type { RouteDeps } from './rest-context.js';

/** The Camunda REST version we follow (engine-rest-openapi 7.24). */
export const CAMUNDA_REST_VERSION = '7.24.0';

/** `/engine` and `/version`: the one engine this REST API serves, and the API version. */
export function engineRoutes({ router }: RouteDeps): void {
  router.get('/engine', (ctx) => sendJson(ctx, [{ name: 'default' }]));
  router.get('/version', (ctx) => sendJson(ctx, { version: CAMUNDA_REST_VERSION }));
}
