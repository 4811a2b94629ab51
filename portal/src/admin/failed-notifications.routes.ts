import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError } from '@motcua/domain';
import { currentUser } from '../auth/auth-middleware.js';
import { pageContext, wantsJson, type PortalState } from '../http/state.js';
import { failedNotificationsPage } from '../views/admin/failed-notifications-page.js';
import { ADMIN_PREFIX } from './admin-sections.js';
import type { FailedNotificationsService } from './failed-notifications.service.js';

export const FAILED_NOTIFICATIONS_PATH = `${ADMIN_PREFIX}/thong-bao-loi`;

const page = z.coerce.number().int().min(1).max(100_000).catch(1);
const outboxId = z.coerce.number().int().min(1).max(2_147_483_647);
const FLASH: Record<string, string> = {
  'gui-lai': 'Đã đặt gửi lại: thông báo được xếp vào hàng gửi và sự cố liên quan (nếu có) đã được đóng.',
};

/**
 * "Thông báo gửi lỗi": the notifications that kept failing, and "Gửi lại". Role admin via
 * adminGuard for the whole /quan-tri tree; the change carries the session's CSRF token.
 */
export function failedNotificationsRoutes(d: { notifications: FailedNotificationsService }) {
  const router = new Router<PortalState>({ prefix: FAILED_NOTIFICATIONS_PATH });

  router.get('/', async (ctx) => {
    const p = await d.notifications.list(page.parse(ctx.query.trang));
    const flash = typeof ctx.query.xong === 'string' ? (FLASH[ctx.query.xong] ?? null) : null;
    ctx.body = failedNotificationsPage(pageContext(ctx), p, flash).toString();
  });

  router.post('/:id/gui-lai', async (ctx) => {
    const id = outboxId.safeParse(ctx.params.id);
    if (!id.success) throw new NotFoundError('Không có thông báo này.');
    const row = await d.notifications.resend(id.data, { actor: currentUser(ctx).id, ip: ctx.ip });
    if (wantsJson(ctx)) ctx.body = { resent: row.id };
    else ctx.redirect(`${FAILED_NOTIFICATIONS_PATH}?xong=gui-lai`);
  });

  return router;
}
