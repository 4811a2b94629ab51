import Router from '@koa/router';
import { z } from 'zod';
import type { AuditStore, PortalUserStore } from '@motcua/db/portal';
import type { PortalContext, PortalState } from '../http/state.js';
import { pageContext } from '../http/state.js';
import { loginPage } from '../views/login-page.js';
import { LOGIN_CSRF_COOKIE, sessionCookieOptions, type CookiePolicy } from './auth-middleware.js';
import { verifyAgainstDummy, verifyPassword } from './passwords.js';
import { randomToken, SESSION_COOKIE, type SessionService } from './sessions.js';
import type { LoginThrottle } from './login-throttle.js';
import { safeNext } from './safe-redirect.js';

const loginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

export function homeFor(role: string): string {
  return role === 'officer' || role === 'leader'
    ? '/can-bo/cong-viec'
    : role === 'applicant'
      ? '/ho-so-cua-toi'
      : role === 'designer'
        ? '/thiet-ke'
        : '/';
}

export interface AuthRoutesDeps {
  users: PortalUserStore;
  sessions: SessionService;
  audit: AuditStore;
  throttle: LoginThrottle;
  cookies: CookiePolicy;
  demoUsernames: string[];
  /** Password sign-in offered and accepted (AUTH_PASSWORD_LOGIN). Default true. */
  passwordLogin?: boolean;
  /** Which identity-provider sign-ins the login page offers. */
  sso?: { citizen: boolean; officer: boolean };
  /** For a session from an identity provider, where to send the browser to sign out there too. */
  signOutRedirect?: (ctx: PortalContext, tokenHash: string) => Promise<string | null>;
}

export function authRoutes(d: AuthRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  const passwordLogin = d.passwordLogin ?? true;

  const showLogin = (
    ctx: PortalContext,
    status: number,
    extra: { username?: string; error?: string; next?: string },
  ) => {
    const csrf = randomToken();
    ctx.cookies.set(LOGIN_CSRF_COOKIE, csrf, {
      ...sessionCookieOptions(d.cookies),
      sameSite: 'strict',
      maxAge: 3600_000,
    });
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = loginPage(pageContext(ctx), {
      csrf,
      next: safeNext(extra.next, ''),
      demo: passwordLogin ? d.demoUsernames : [],
      passwordLogin,
      sso: d.sso ?? { citizen: false, officer: false },
      ...(extra.username ? { username: extra.username } : {}),
      ...(extra.error ? { error: extra.error } : {}),
    }).toString();
  };

  router.get('/dang-nhap', (ctx) => {
    const next = typeof ctx.query.next === 'string' ? ctx.query.next : undefined;
    showLogin(ctx, 200, next ? { next } : {});
  });

  router.post('/dang-nhap', async (ctx) => {
    if (!passwordLogin) {
      await d.audit.append({ actor: '?anonymous', action: 'login.password-disabled', ip: ctx.ip });
      return showLogin(ctx, 403, {
        error: 'Đăng nhập bằng mật khẩu đã tắt. Vui lòng đăng nhập bằng tài khoản định danh.',
      });
    }
    const parsed = loginBody.safeParse(ctx.request.body);
    if (!parsed.success) return showLogin(ctx, 400, { error: 'Vui lòng nhập tên đăng nhập và mật khẩu.' });
    const { username, password, next } = parsed.data;
    const ip = ctx.ip;
    const wait = d.throttle.blockedFor(username, ip);
    if (wait > 0) {
      await d.audit.append({ actor: `?${username}`, action: 'login.throttled', target: username, ip });
      const minutes = Math.ceil(wait / 60_000);
      return showLogin(ctx, 429, {
        username,
        error: `Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`,
        ...(next ? { next } : {}),
      });
    }
    const user = await d.users.findByUsername(username);
    const ok =
      user && user.active
        ? await verifyPassword(user.passwordHash, password)
        : await verifyAgainstDummy(password);
    if (!ok || !user) {
      d.throttle.recordFailure(username, ip);
      await d.audit.append({ actor: `?${username}`, action: 'login.failure', target: username, ip });
      return showLogin(ctx, 401, {
        username,
        error: 'Tên đăng nhập hoặc mật khẩu không đúng.',
        ...(next ? { next } : {}),
      });
    }
    d.throttle.recordSuccess(username, ip);
    // Rotation: whatever session the browser had dies; the new one gets a new token.
    if (ctx.state.session) await d.sessions.destroy(ctx.state.session.tokenHash);
    const { token } = await d.sessions.create(user.id, ip);
    ctx.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(d.cookies));
    ctx.cookies.set(LOGIN_CSRF_COOKIE, null, sessionCookieOptions(d.cookies));
    await d.audit.append({ actor: user.id, action: 'login.success', target: user.username, ip });
    ctx.redirect(safeNext(next, homeFor(user.role)));
  });

  router.post('/dang-xuat', async (ctx) => {
    let elsewhere: string | null = null;
    if (ctx.state.session) {
      elsewhere = (await d.signOutRedirect?.(ctx, ctx.state.session.tokenHash)) ?? null;
      await d.sessions.destroy(ctx.state.session.tokenHash);
      await d.audit.append({
        actor: ctx.state.user?.id ?? '?',
        action: 'logout',
        ...(elsewhere ? { detail: { identityProvider: true } } : {}),
        ip: ctx.ip,
      });
    }
    ctx.cookies.set(SESSION_COOKIE, null, sessionCookieOptions(d.cookies));
    // A session from an identity provider ends there too (RP-initiated logout).
    ctx.redirect(elsewhere ?? '/');
  });

  return router;
}
