import Router from '@koa/router';
import type { AuditStore, SsoStore } from '@motcua/db/portal';
import type { Logger } from '@motcua/domain';
import { sessionCookieOptions, type CookiePolicy } from '../auth/auth-middleware.js';
import { safeNext } from '../auth/safe-redirect.js';
import {
  hashToken,
  randomToken,
  SESSION_COOKIE,
  tokensEqual,
  type SessionService,
} from '../auth/sessions.js';
import type { PortalContext, PortalState } from '../http/state.js';
import { pageContext } from '../http/state.js';
import { OidcExchangeError, type OidcRelyingParty, type SsoProviderName } from './oidc-relying-party.js';
import { SsoAccountRefusedError, type SsoAccountsService } from './sso-accounts.service.js';
import { signedOutPage, ssoRefusedPage } from './sso-pages.js';
import { homeFor } from '../auth/auth.routes.js';

/** The browser's half of a pending sign-in: the state, compared with the callback's. */
export const OIDC_STATE_COOKIE = 'motcua_oidc_state';
/** A started sign-in must come back within this long. */
export const SIGN_IN_ATTEMPT_TTL_MS = 10 * 60_000;

export const SSO_PATHS: Record<SsoProviderName, { start: string; callback: string }> = {
  citizen: { start: '/dang-nhap/oidc', callback: '/dang-nhap/oidc/callback' },
  officer: { start: '/dang-nhap/oidc/can-bo', callback: '/dang-nhap/oidc/can-bo/callback' },
};
export const SIGNED_OUT_PATH = '/dang-xuat/xong';

const REFUSED = {
  state:
    'Yêu cầu đăng nhập không hợp lệ hoặc đã được sử dụng (có thể do liên kết bị sửa hoặc bị gửi lại). Vui lòng đăng nhập lại.',
  expired: 'Yêu cầu đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
  cancelled: 'Bạn đã hủy đăng nhập hoặc không đồng ý chia sẻ thông tin định danh.',
  exchange:
    'Không xác thực được kết quả đăng nhập từ nhà cung cấp định danh (mã xác thực không hợp lệ, đã dùng hoặc không khớp). Vui lòng đăng nhập lại.',
  unavailable: 'Không kết nối được tới nhà cung cấp định danh. Vui lòng thử lại sau ít phút.',
} as const;

/**
 * This portal's origin as the browser addressed it (Koa 3's ctx.origin is the Origin header).
 * Only registered redirect URIs pass at the provider, so a forged Host gains nothing.
 */
function siteOrigin(ctx: PortalContext): string {
  return `${ctx.protocol}://${ctx.host}`;
}

export interface SsoRoutesDeps {
  parties: ReadonlyMap<SsoProviderName, OidcRelyingParty>;
  sso: SsoStore;
  accounts: SsoAccountsService;
  sessions: SessionService;
  audit: AuditStore;
  cookies: CookiePolicy;
  logger: Logger;
  now?: () => Date;
}

/**
 * OpenID Connect sign-in (authorization code + PKCE): `GET /dang-nhap/oidc` (citizens and
 * businesses) and `/dang-nhap/oidc/can-bo` (officers) send the browser to the identity provider;
 * the callbacks check state (cookie and stored attempt, used once), nonce and PKCE, then find the
 * account (SsoAccountsService) and start a fresh session. Every refusal is audited.
 */
export function ssoRoutes(d: SsoRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  const now = d.now ?? (() => new Date());
  const stateCookie = {
    ...sessionCookieOptions(d.cookies),
    path: '/dang-nhap/oidc',
  };

  const refuse = async (
    ctx: PortalContext,
    o: { provider: SsoProviderName; reason: string; message: string; status?: number },
  ) => {
    await d.audit.append({
      actor: ctx.state.user?.id ?? '?anonymous',
      action: 'login.sso-refused',
      target: o.provider,
      detail: { reason: o.reason },
      ip: ctx.ip,
    });
    ctx.cookies.set(OIDC_STATE_COOKIE, null, stateCookie);
    ctx.status = o.status ?? 400;
    ctx.type = 'html';
    ctx.body = ssoRefusedPage(pageContext(ctx), {
      message: o.message,
      retry: SSO_PATHS[o.provider].start,
    }).toString();
  };

  for (const [name, party] of d.parties) {
    const paths = SSO_PATHS[name];
    const redirectUri = (ctx: PortalContext) =>
      party.settings.redirectUri ?? `${siteOrigin(ctx)}${paths.callback}`;

    router.get(paths.start, async (ctx) => {
      const next = safeNext(typeof ctx.query.next === 'string' ? ctx.query.next : undefined, '');
      const checks = { state: randomToken(), nonce: randomToken(), codeVerifier: randomToken() };
      let url: URL;
      try {
        url = await party.authorizationUrl({ ...checks, redirectUri: redirectUri(ctx) });
      } catch (err) {
        d.logger.warn({ err, provider: name }, 'identity provider discovery failed');
        return refuse(ctx, {
          provider: name,
          reason: 'discovery-failed',
          message: REFUSED.unavailable,
          status: 503,
        });
      }
      await d.sso.saveAttempt({
        stateHash: hashToken(checks.state),
        provider: name,
        nonce: checks.nonce,
        codeVerifier: checks.codeVerifier,
        nextPath: next,
        createdAt: now(),
      });
      ctx.cookies.set(OIDC_STATE_COOKIE, checks.state, { ...stateCookie, maxAge: SIGN_IN_ATTEMPT_TTL_MS });
      ctx.redirect(url.href);
    });

    router.get(paths.callback, async (ctx) => {
      const state = typeof ctx.query.state === 'string' ? ctx.query.state : '';
      const cookieState = ctx.cookies.get(OIDC_STATE_COOKIE) ?? '';
      // The browser that started the sign-in must be the one coming back, with the same state.
      if (!state || !cookieState || state.length > 100 || !tokensEqual(state, cookieState)) {
        return refuse(ctx, { provider: name, reason: 'state-mismatch', message: REFUSED.state });
      }
      const attempt = await d.sso.takeAttempt(hashToken(state));
      if (!attempt || attempt.provider !== name) {
        return refuse(ctx, { provider: name, reason: 'state-unknown-or-used', message: REFUSED.state });
      }
      if (now().getTime() - attempt.createdAt.getTime() > SIGN_IN_ATTEMPT_TTL_MS) {
        return refuse(ctx, { provider: name, reason: 'attempt-expired', message: REFUSED.expired });
      }
      if (typeof ctx.query.error === 'string') {
        return refuse(ctx, {
          provider: name,
          reason: `idp:${ctx.query.error.slice(0, 60)}`,
          message: REFUSED.cancelled,
        });
      }
      const callbackUrl = new URL(redirectUri(ctx));
      callbackUrl.search = ctx.querystring;
      let result: { claims: Record<string, unknown>; idToken: string };
      try {
        result = await party.exchange(callbackUrl, {
          state,
          nonce: attempt.nonce,
          codeVerifier: attempt.codeVerifier,
        });
      } catch (err) {
        const reason = err instanceof OidcExchangeError ? err.reason : 'exchange-failed';
        d.logger.warn({ provider: name, reason }, 'identity provider callback refused');
        return refuse(ctx, { provider: name, reason, message: REFUSED.exchange });
      }
      let user;
      try {
        user = await d.accounts.accountFor(name, result.claims, {
          idClaim: party.settings.idClaim,
          ip: ctx.ip,
        });
      } catch (err) {
        if (!(err instanceof SsoAccountRefusedError)) throw err;
        return refuse(ctx, { provider: name, reason: err.reason, message: err.messageVi, status: 403 });
      }
      // Rotation: whatever session the browser had dies; the new one gets a new token.
      if (ctx.state.session) {
        await d.sso.unlinkSession(ctx.state.session.tokenHash);
        await d.sessions.destroy(ctx.state.session.tokenHash);
      }
      const { token, session } = await d.sessions.create(user.id, ctx.ip);
      await d.sso.linkSession(
        { tokenHash: session.tokenHash, provider: name, idToken: result.idToken },
        now(),
      );
      ctx.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(d.cookies));
      ctx.cookies.set(OIDC_STATE_COOKIE, null, stateCookie);
      await d.audit.append({
        actor: user.id,
        action: 'login.success',
        target: user.username,
        detail: { method: 'oidc', provider: name },
        ip: ctx.ip,
      });
      ctx.redirect(safeNext(attempt.nextPath || undefined, homeFor(user.role)));
    });
  }

  router.get(SIGNED_OUT_PATH, (ctx) => {
    ctx.type = 'html';
    ctx.body = signedOutPage(pageContext(ctx)).toString();
  });
  return router;
}

/**
 * Sign-out on the provider's side too (RP-initiated logout): for a session that came from an
 * identity provider, the URL of its end_session_endpoint with the ID token as hint; null for a
 * password session or a provider without one (the portal's own sign-out still happens).
 */
export function ssoSignOut(d: Pick<SsoRoutesDeps, 'parties' | 'sso' | 'audit' | 'logger'>) {
  return async (ctx: PortalContext, tokenHash: string): Promise<string | null> => {
    const link = await d.sso.sessionLink(tokenHash);
    if (!link) return null;
    await d.sso.unlinkSession(tokenHash);
    const party = d.parties.get(link.provider as SsoProviderName);
    if (!party) return null;
    try {
      const url = await party.endSessionUrl({
        idToken: link.idToken,
        postLogoutRedirectUri: party.settings.postLogoutRedirectUri ?? `${siteOrigin(ctx)}${SIGNED_OUT_PATH}`,
      });
      return url?.href ?? null;
    } catch (err) {
      d.logger.warn({ err, provider: link.provider }, 'identity provider unreachable at sign-out');
      await d.audit.append({
        actor: ctx.state.user?.id ?? '?',
        action: 'logout.idp-unreachable',
        target: link.provider,
        ip: ctx.ip,
      });
      return null;
    }
  };
}
