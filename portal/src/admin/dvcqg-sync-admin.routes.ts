import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError } from '@motcua/domain';
import { currentUser } from '../auth/auth-middleware.js';
import { pageContext, type PortalState } from '../http/state.js';
import { dvcqgSyncAdminPage } from '../views/admin/dvcqg-sync-page.js';
import { ADMIN_PREFIX } from './admin-sections.js';
import { SYNC_STATE_SLUGS, type DvcqgSyncAdminService } from './dvcqg-sync-admin.service.js';

const page = z.coerce.number().int().min(1).max(100_000).catch(1);
const dossierId = z.string().regex(/^[\w-]{1,64}$/);

/** `/quan-tri/dong-bo-dvcqg`: dossiers by sync state, and resend. Role admin via adminGuard; CSRF by the app. */
export function dvcqgSyncAdminRoutes(d: { admin: DvcqgSyncAdminService }): Router<PortalState> {
  const router = new Router<PortalState>({ prefix: ADMIN_PREFIX });

  router.get('/dong-bo-dvcqg', async (ctx) => {
    const slug = typeof ctx.query['trang-thai'] === 'string' ? ctx.query['trang-thai'] : '';
    const state = SYNC_STATE_SLUGS[slug] ?? null;
    const result = await d.admin.list(state, page.parse(ctx.query.trang));
    const resent = z.coerce.number().int().min(0).max(10_000).safeParse(ctx.query['da-gui-lai']);
    ctx.body = dvcqgSyncAdminPage(pageContext(ctx), result, {
      resent: resent.success ? resent.data : null,
    }).toString();
  });

  router.post('/dong-bo-dvcqg/:id/gui-lai', async (ctx) => {
    const id = dossierId.safeParse(ctx.params.id);
    if (!id.success) throw new NotFoundError('Malformed dossier id');
    const n = await d.admin.resend(currentUser(ctx), id.data, ctx.ip);
    ctx.redirect(`${ADMIN_PREFIX}/dong-bo-dvcqg?trang-thai=loi&da-gui-lai=${n}`);
  });
  return router;
}
