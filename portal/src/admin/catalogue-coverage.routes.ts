import Router from '@koa/router';
import { pageContext, type PortalState } from '../http/state.js';
import { catalogueCoveragePage } from '../views/admin/catalogue-coverage-page.js';
import { ADMIN_PREFIX } from './admin-sections.js';
import type { CatalogueCoverageService } from './catalogue-coverage.service.js';

/** `/quan-tri/danh-muc`: the catalogue's coverage. Role admin is checked by adminGuard for all of /quan-tri. */
export function catalogueCoverageRoutes(d: { coverage: CatalogueCoverageService }) {
  const router = new Router<PortalState>({ prefix: ADMIN_PREFIX });
  router.get('/danh-muc', (ctx) => {
    ctx.body = catalogueCoveragePage(pageContext(ctx), d.coverage.report()).toString();
  });
  return router;
}
