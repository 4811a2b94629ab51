import type { Middleware } from 'koa';
import { ForbiddenError, UnauthenticatedError } from '@motcua/domain';
import type { AuditStore, PortalRole, PortalUser, PortalUserStore } from '@motcua/db/portal';
import type { PortalContext, PortalState } from '../http/state.js';
import { SESSION_COOKIE, tokensEqual, type SessionService } from './sessions.js';

export const LOGIN_CSRF_COOKIE = 'motcua_login_csrf';
/** The public lookup's double-submit cookie (anyone may look up, signed in or not). */
export const LOOKUP_CSRF_COOKIE = 'motcua_lookup_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CookiePolicy {
  secure: boolean;
}

export function sessionCookieOptions(policy: CookiePolicy) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: policy.secure, path: '/', overwrite: true };
}

/** Resolves the session cookie to a signed-in user (or none) for every request. */
export function sessionMiddleware(
  sessions: SessionService,
  users: PortalUserStore,
  policy: CookiePolicy,
): Middleware<PortalState> {
  return async (ctx, next) => {
    ctx.state.user = null;
    ctx.state.session = null;
    const token = ctx.cookies.get(SESSION_COOKIE);
    if (token) {
      const session = await sessions.resolve(token);
      const user = session ? await users.findById(session.userId) : null;
      if (session && user?.active) {
        ctx.state.session = session;
        const { passwordHash: _hash, ...publicUser } = user;
        ctx.state.user = publicUser;
      } else {
        ctx.cookies.set(SESSION_COOKIE, null, sessionCookieOptions(policy));
      }
    }
    await next();
  };
}

/**
 * CSRF: every state-changing request carries the session's synchroniser token, in the `_csrf`
 * form field or the X-CSRF-Token header. The login form, which has no session yet, and the
 * public lookup (anyone, signed in or not) use a double-submit cookie instead.
 */
export function csrfMiddleware(audit: AuditStore): Middleware<PortalState> {
  return async (ctx, next) => {
    if (!UNSAFE.has(ctx.method)) return next();
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const sent = ctx.get(CSRF_HEADER) || (typeof body._csrf === 'string' ? body._csrf : '');
    let expected: string | undefined;
    if (ctx.path === '/dang-nhap') expected = ctx.cookies.get(LOGIN_CSRF_COOKIE);
    else if (ctx.path === '/tra-cuu') expected = ctx.cookies.get(LOOKUP_CSRF_COOKIE);
    else if (ctx.state.session) expected = ctx.state.session.csrfToken;
    else throw new UnauthenticatedError('No session');
    if (!expected || !sent || !tokensEqual(sent, expected)) {
      await audit.append({
        actor: ctx.state.user?.id ?? '?anonymous',
        action: 'csrf.rejected',
        target: `${ctx.method} ${ctx.path}`,
        ip: ctx.ip,
      });
      throw new ForbiddenError(
        'Phiên làm việc không hợp lệ hoặc đã hết hạn. Vui lòng tải lại trang và thử lại.',
      );
    }
    await next();
  };
}

/** The signed-in user, or 401 (a GET page redirects to the login page). */
export function currentUser(ctx: PortalContext): PortalUser {
  if (!ctx.state.user) throw new UnauthenticatedError('Not signed in');
  return ctx.state.user;
}

/** The signed-in user when their role is one of `roles`; otherwise audited and 403. */
export async function requireRole(
  ctx: PortalContext,
  audit: AuditStore,
  ...roles: PortalRole[]
): Promise<PortalUser> {
  const user = currentUser(ctx);
  if (!roles.includes(user.role)) {
    await audit.append({
      actor: user.id,
      action: 'access.denied',
      target: `${ctx.method} ${ctx.path}`,
      detail: { role: user.role, need: roles },
      ip: ctx.ip,
    });
    throw new ForbiddenError('Tài khoản của bạn không có quyền truy cập trang này.');
  }
  return user;
}
