import Router from '@koa/router';
import { pageContext, type PortalState } from '../http/state.js';
import { adminOverviewPage } from '../views/admin/overview-page.js';
import { unitsPage } from '../views/admin/units-page.js';
import type { AdminOverviewService } from './admin-overview.service.js';
import { ADMIN_PREFIX } from './admin-sections.js';
import type { UnitsService } from './units.service.js';

export interface AdminRoutesDeps {
  overview: AdminOverviewService;
  units: UnitsService;
}

/**
 * The administration's pages. Access (role admin) is checked once for the whole /quan-tri tree by
 * adminGuard in portal-app.ts; these handlers only call services and render.
 */
export function adminRoutes(d: AdminRoutesDeps) {
  const router = new Router<PortalState>({ prefix: ADMIN_PREFIX });

  router.get('/', async (ctx) => {
    ctx.body = adminOverviewPage(pageContext(ctx), await d.overview.overview()).toString();
  });

  router.get('/don-vi', async (ctx) => {
    ctx.body = unitsPage(pageContext(ctx), await d.units.tree()).toString();
  });

  return router;
}
