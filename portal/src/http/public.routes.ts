import Router from '@koa/router';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { EngineClient } from '../engine/engine-client.js';
import type { PortalState } from './state.js';

/** Health (fixed interface of ARCHITECTURE.md); the public JSON API is in ../api/. */
export function publicRoutes(d: { engine: EngineClient; catalogue: Catalogue }): Router<PortalState> {
  const router = new Router<PortalState>();

  router.get('/health', async (ctx) => {
    ctx.body = { status: 'ok', engine: (await d.engine.isUp()) ? 'up' : 'down' };
  });

  // No icon yet; answer quietly instead of a 404 page on every first visit.
  router.get('/favicon.ico', (ctx) => {
    ctx.status = 204;
  });

  return router;
}
