import Router from '@koa/router';
import { NotFoundError } from '@motcua/domain';
import { currentUser } from '../auth/auth-middleware.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { adminOverviewPage } from '../views/admin/overview-page.js';
import { unitEditPage, unitsPage, type UnitFormValues } from '../views/admin/units-page.js';
import type { AdminOverviewService } from './admin-overview.service.js';
import { ADMIN_PREFIX } from './admin-sections.js';
import { formBody, formProblems, text } from './form-input.js';
import type { UnitsService } from './units.service.js';

export interface AdminRoutesDeps {
  overview: AdminOverviewService;
  units: UnitsService;
}

const FLASH: Record<string, string> = {
  'da-them': 'Đã thêm đơn vị.',
  'da-luu': 'Đã lưu thay đổi của đơn vị.',
};

/**
 * The administration's overview and units. Access (role admin) is checked once for the whole
 * /quan-tri tree by adminGuard in portal-app.ts; these handlers only call services and render.
 */
export function adminRoutes(d: AdminRoutesDeps) {
  const router = new Router<PortalState>({ prefix: ADMIN_PREFIX });
  const by = (ctx: PortalContext) => ({ actor: currentUser(ctx).id, ip: ctx.ip });
  const empty: UnitFormValues = { code: '', nameVi: '', parentCode: null };

  router.get('/', async (ctx) => {
    ctx.body = adminOverviewPage(pageContext(ctx), await d.overview.overview()).toString();
  });

  router.get('/don-vi', async (ctx) => {
    const flash = typeof ctx.query.xong === 'string' ? (FLASH[ctx.query.xong] ?? null) : null;
    ctx.body = unitsPage(pageContext(ctx), await d.units.tree(), empty, flash).toString();
  });

  router.post('/don-vi', async (ctx) => {
    const b = formBody(ctx);
    const input = {
      code: text(b, 'code', 50),
      nameVi: text(b, 'nameVi', 300),
      parentCode: text(b, 'parentCode', 50) || null,
    };
    try {
      await d.units.create(input, by(ctx));
      ctx.redirect(`${ADMIN_PREFIX}/don-vi?xong=da-them`);
    } catch (err) {
      const { status, problems } = formProblems(err);
      ctx.status = status;
      ctx.body = unitsPage(pageContext(ctx), await d.units.tree(), input, null, problems).toString();
    }
  });

  const unitOf = async (code: string | undefined) => {
    const unit = code ? await d.units.find(code) : null;
    if (!unit) throw new NotFoundError('Không có đơn vị này.');
    return unit;
  };

  router.get('/don-vi/:code', async (ctx) => {
    const unit = await unitOf(ctx.params.code);
    ctx.body = unitEditPage(pageContext(ctx), unit, await d.units.tree(), unit).toString();
  });

  router.post('/don-vi/:code', async (ctx) => {
    const unit = await unitOf(ctx.params.code);
    const b = formBody(ctx);
    const input = {
      nameVi: text(b, 'nameVi', 300),
      parentCode: text(b, 'parentCode', 50) || null,
      active: text(b, 'active', 5) === 'true',
    };
    try {
      await d.units.update(unit.code, input, by(ctx));
      ctx.redirect(`${ADMIN_PREFIX}/don-vi?xong=da-luu`);
    } catch (err) {
      const { status, problems } = formProblems(err);
      ctx.status = status;
      ctx.body = unitEditPage(pageContext(ctx), unit, await d.units.tree(), input, problems).toString();
    }
  });

  return router;
}
