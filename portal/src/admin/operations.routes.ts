import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError, UserInputError } from '@motcua/domain';
import { currentUser } from '../auth/auth-middleware.js';
import { pageContext, wantsJson, type PortalState } from '../http/state.js';
import { incidentDetailPage, incidentListPage } from '../views/admin/incident-pages.js';
import { runningInstancesPage, versionInstancesPage } from '../views/admin/instances-pages.js';
import { adminDossierPage } from '../views/admin/dossier-page.js';
import type { AdminDossierService } from './admin-dossier.service.js';
import { ADMIN_PREFIX } from './admin-sections.js';
import type { IncidentsService } from './incidents.service.js';
import type { RunningInstancesService } from './running-instances.service.js';

export interface OperationsRoutesDeps {
  incidents: IncidentsService;
  instances: RunningInstancesService;
  dossiers: AdminDossierService;
}

/** Engine ids: letters, digits and `-_.:` (a definition id is `key:version:uuid`). */
const engineId = z.string().regex(/^[\w.:-]{1,200}$/);
const page = z.coerce.number().int().min(1).max(10_000).catch(1);
const retries = z.coerce.number().int();
const FLASH: Record<string, string> = {
  'thu-lai': 'Đã đặt lại số lần thử: sự cố được đóng và bước sẽ được chạy lại.',
};

function idOf(value: string | undefined, what: string): string {
  const parsed = engineId.safeParse(value);
  if (!parsed.success) throw new NotFoundError(`Không có ${what} này.`);
  return parsed.data;
}

/**
 * Operations: incidents (list, details, retry), running instances per procedure and version with
 * the diagram's counts, and an operator's view of a dossier. Role admin is checked for the whole
 * /quan-tri tree by adminGuard; changes carry the session's CSRF token (csrfMiddleware).
 */
export function operationsRoutes(d: OperationsRoutesDeps) {
  const router = new Router<PortalState>({ prefix: ADMIN_PREFIX });

  router.get('/su-co', async (ctx) => {
    const p = await d.incidents.list(page.parse(ctx.query.trang));
    const flash = typeof ctx.query.xong === 'string' ? (FLASH[ctx.query.xong] ?? null) : null;
    ctx.body = incidentListPage(pageContext(ctx), p, flash).toString();
  });

  router.get('/su-co/:id', async (ctx) => {
    ctx.body = incidentDetailPage(
      pageContext(ctx),
      await d.incidents.detail(idOf(ctx.params.id, 'sự cố')),
    ).toString();
  });

  router.post('/su-co/:id/thu-lai', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const n = retries.safeParse(body.retries ?? 1);
    if (!n.success) throw new UserInputError('Số lần thử lại phải là một số nguyên.');
    const row = await d.incidents.retry(idOf(ctx.params.id, 'sự cố'), n.data, {
      actor: currentUser(ctx).id,
      ip: ctx.ip,
    });
    if (wantsJson(ctx)) ctx.body = { retried: row.id };
    else ctx.redirect(`${ADMIN_PREFIX}/su-co?xong=thu-lai`);
  });

  router.get('/quy-trinh', async (ctx) => {
    ctx.body = runningInstancesPage(pageContext(ctx), await d.instances.procedures()).toString();
  });

  router.get('/quy-trinh/:id', async (ctx) => {
    const v = await d.instances.version(idOf(ctx.params.id, 'phiên bản quy trình'));
    ctx.body = versionInstancesPage(pageContext(ctx), v).toString();
  });

  router.get('/quy-trinh/:id/so-do.json', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await d.instances.diagram(idOf(ctx.params.id, 'phiên bản quy trình'));
  });

  router.get('/ho-so/:id', async (ctx) => {
    const id = z.uuid().safeParse(ctx.params.id);
    if (!id.success) throw new NotFoundError('Không có hồ sơ này.');
    ctx.body = adminDossierPage(pageContext(ctx), await d.dossiers.view(id.data)).toString();
  });

  return router;
}
