import Router from '@koa/router';
import { currentUser } from '../auth/auth-middleware.js';
import { pageContext, type PortalState } from '../http/state.js';
import { notificationProfilePage } from '../views/profile-pages.js';
import {
  notificationProfileSchema,
  ProfileInputError,
  type NotificationProfileService,
} from './notification-profile.service.js';

/**
 * The signed-in user's notification choices (`/tai-khoan/thong-bao`): applicants get their
 * dossiers' status changes by e-mail and/or SMS, officers their near-due reminders by e-mail.
 * Each user sees and changes only their own; the change is CSRF-checked (middleware) and audited.
 */
export function profileRoutes(d: { profiles: NotificationProfileService }): Router<PortalState> {
  const router = new Router<PortalState>();

  router.get('/tai-khoan/thong-bao', async (ctx) => {
    const user = currentUser(ctx);
    const pref = await d.profiles.get(user);
    ctx.type = 'html';
    ctx.body = notificationProfilePage(
      pageContext(ctx),
      { email: pref?.email ?? '', phone: pref?.phone ?? '', channels: pref?.channels ?? 'none' },
      { saved: ctx.query.xong === '1', updatedAt: pref?.updatedAt ?? null },
    ).toString();
  });

  router.post('/tai-khoan/thong-bao', async (ctx) => {
    const user = currentUser(ctx);
    const parsed = notificationProfileSchema.safeParse(ctx.request.body ?? {});
    const form = parsed.success ? parsed.data : { email: '', phone: '', channels: '' };
    try {
      await d.profiles.save(user, form, ctx.ip);
    } catch (err) {
      if (!(err instanceof ProfileInputError)) throw err;
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = notificationProfilePage(pageContext(ctx), form, { errors: err.fields }).toString();
      return;
    }
    ctx.redirect('/tai-khoan/thong-bao?xong=1');
  });

  return router;
}
