import type { Middleware } from 'koa';
import type { AuditStore } from '@motcua/db/portal';
import { requireRole } from '../auth/auth-middleware.js';
import type { PortalState } from '../http/state.js';
import { ADMIN_PREFIX } from './admin-sections.js';

/** True for `/quan-tri` and every path below it (not `/quan-tri-khac`). */
export function isAdminPath(path: string): boolean {
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

/**
 * Every path under /quan-tri needs the `admin` role, whichever router serves it: signed out →
 * 401 (a page redirects to the login), any other role → 403 with an `access.denied` audit entry.
 * Mounted once in portal-app.ts before the routers, so a route added later cannot escape it.
 */
export function adminGuard(audit: AuditStore): Middleware<PortalState> {
  return async (ctx, next) => {
    if (isAdminPath(ctx.path)) await requireRole(ctx, audit, 'admin');
    await next();
  };
}
