import type Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError, UserInputError } from '@motcua/domain';
import type { PortalUser } from '@motcua/db/portal';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { sandboxRunPage, sandboxRunsPage } from '../views/studio-sandbox-pages.js';
import { CheckFailedError } from './drafts.service.js';
import type { SandboxRunsService } from './sandbox-runs.service.js';

const instanceId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);

/**
 * "Chạy thử" under `/thiet-ke`: start a test run of a saved draft (POST, CSRF by the portal's
 * form guard), the designer's runs, one run with where it waits, its diagram data, ending it.
 */
export function sandboxRoutes(
  router: Router<PortalState>,
  d: {
    sandbox: SandboxRunsService;
    designer: (ctx: PortalContext) => Promise<PortalUser>;
    draftIdOf: (raw: string | undefined) => string;
  },
): void {
  const pidOf = (raw: string | undefined) => {
    const id = instanceId.safeParse(raw);
    if (!id.success) throw new NotFoundError('Malformed run id');
    return id.data;
  };

  router.post('/ban-nhap/:id/chay-thu', async (ctx) => {
    const user = await d.designer(ctx);
    try {
      const run = await d.sandbox.start(user, d.draftIdOf(ctx.params.id), ctx.ip);
      ctx.redirect(`/thiet-ke/chay-thu/${run.processInstanceId}`);
    } catch (err) {
      if (err instanceof CheckFailedError)
        throw new UserInputError(
          `Bản nháp còn ${err.check.errors.length} lỗi kiểm tra nên chưa chạy thử được. Hãy sửa các lỗi trong thẻ "Kiểm tra và triển khai".`,
        );
      throw err;
    }
  });

  router.get('/chay-thu', async (ctx) => {
    const user = await d.designer(ctx);
    ctx.type = 'html';
    ctx.body = sandboxRunsPage(pageContext(ctx), await d.sandbox.list(user)).toString();
  });

  router.get('/chay-thu/:pid', async (ctx) => {
    const user = await d.designer(ctx);
    const pid = pidOf(ctx.params.pid);
    const run = await d.sandbox.diagram(user, pid);
    ctx.type = 'html';
    ctx.body = sandboxRunPage(
      pageContext(ctx),
      { id: pid, businessKey: run.businessKey, names: run.names },
      run.where,
    ).toString();
  });

  router.get('/chay-thu/:pid/so-do.json', async (ctx) => {
    const user = await d.designer(ctx);
    const run = await d.sandbox.diagram(user, pidOf(ctx.params.pid));
    ctx.body = { xml: run.xml, active: run.where.activityIds, visited: [], ended: run.where.ended };
  });

  router.post('/chay-thu/:pid/ket-thuc', async (ctx) => {
    const user = await d.designer(ctx);
    await d.sandbox.end(user, pidOf(ctx.params.pid), ctx.ip);
    ctx.redirect('/thiet-ke/chay-thu');
  });
}
