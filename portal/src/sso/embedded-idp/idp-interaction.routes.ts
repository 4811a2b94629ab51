import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { ParameterizedContext } from 'koa';
import { z } from 'zod';
import { randomToken, tokensEqual } from '../../auth/sessions.js';
import type { EmbeddedIdp } from './embedded-idp.js';
import { IDP_PREFIX } from './idp-paths.js';
import { idpConsentPage, idpErrorPage, idpLoginPage } from './idp-pages.js';

/** Double-submit CSRF cookie of the provider's own forms (the portal's session is not theirs). */
const IDP_CSRF_COOKIE = 'motcua_idp_csrf';

const loginBody = z.object({
  _csrf: z.string().max(100),
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});
const csrfOnly = z.object({ _csrf: z.string().max(100) });

type Ctx = ParameterizedContext;

/**
 * The embedded provider's login, consent and cancel pages under /oidc/interaction/:uid: it sends
 * the browser here when it needs the user (oidc-provider's interaction API), and these hand the
 * result back with `interactionFinished`.
 */
export function idpInteractionRoutes(idp: EmbeddedIdp, options: { secureCookies: boolean }): Router {
  const router = new Router({ prefix: `${IDP_PREFIX}/interaction` });
  const { provider } = idp;
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: options.secureCookies,
    path: `${IDP_PREFIX}/interaction`,
    overwrite: true,
  };
  const clientName = (clientId: unknown) =>
    idp.clients.find((c) => c.clientId === clientId)?.clientName ?? String(clientId);

  const freshCsrf = (ctx: Ctx) => {
    const csrf = randomToken();
    ctx.cookies.set(IDP_CSRF_COOKIE, csrf, { ...cookieOptions, maxAge: 600_000 });
    return csrf;
  };
  const csrfOk = (ctx: Ctx, sent: string) => {
    const expected = ctx.cookies.get(IDP_CSRF_COOKIE);
    return Boolean(expected && sent && tokensEqual(expected, sent));
  };
  const fail = (ctx: Ctx, status: number, error: string) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = idpErrorPage({ error });
  };
  /** The interaction of this browser (its cookie) with the uid of the URL, or null. */
  const details = async (ctx: Ctx) => {
    try {
      const d = await provider.interactionDetails(ctx.req, ctx.res);
      return d.uid === ctx.params.uid ? d : null;
    } catch {
      return null;
    }
  };
  const showLogin = (
    ctx: Ctx,
    uid: string,
    clientId: unknown,
    extra: { username?: string; error?: string },
  ) => {
    ctx.type = 'html';
    ctx.body = idpLoginPage({
      uid,
      csrf: freshCsrf(ctx),
      clientName: clientName(clientId),
      demo: idp.usernames,
      ...extra,
    });
  };

  router.get('/:uid', async (ctx) => {
    const d = await details(ctx);
    if (!d) return fail(ctx, 400, 'interaction_expired');
    if (d.prompt.name === 'login') return showLogin(ctx, d.uid, d.params.client_id, {});
    if (d.prompt.name === 'consent') {
      const claims = [...((d.prompt.details.missingOIDCClaims as string[] | undefined) ?? [])];
      ctx.type = 'html';
      ctx.body = idpConsentPage({
        uid: d.uid,
        csrf: freshCsrf(ctx),
        clientName: clientName(d.params.client_id),
        claims: claims.length ? claims : ['name', 'so_dinh_danh'],
      });
      return;
    }
    return fail(ctx, 400, 'unsupported_prompt');
  });

  const form = bodyParser({ enableTypes: ['form'], formLimit: '16kb' });

  router.post('/:uid/dang-nhap', form, async (ctx) => {
    const d = await details(ctx);
    if (!d || d.prompt.name !== 'login') return fail(ctx, 400, 'interaction_expired');
    const parsed = loginBody.safeParse(ctx.request.body);
    if (!parsed.success || !csrfOk(ctx, parsed.data._csrf)) {
      ctx.status = 400;
      return showLogin(ctx, d.uid, d.params.client_id, {
        error: 'Vui lòng nhập số định danh (hoặc tên đăng nhập) và mật khẩu, rồi thử lại.',
      });
    }
    const identity = await idp.authenticate(parsed.data.username, parsed.data.password);
    if (!identity) {
      ctx.status = 401;
      return showLogin(ctx, d.uid, d.params.client_id, {
        username: parsed.data.username,
        error: 'Số định danh, tên đăng nhập hoặc mật khẩu không đúng.',
      });
    }
    ctx.respond = false;
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { login: { accountId: identity.citizenId } },
      { mergeWithLastSubmission: false },
    );
  });

  router.post('/:uid/dong-y', form, async (ctx) => {
    const d = await details(ctx);
    const parsed = csrfOnly.safeParse(ctx.request.body);
    if (!d || d.prompt.name !== 'consent' || !d.session?.accountId)
      return fail(ctx, 400, 'interaction_expired');
    if (!parsed.success || !csrfOk(ctx, parsed.data._csrf)) return fail(ctx, 403, 'csrf');
    const clientId = String(d.params.client_id);
    const grant =
      (d.grantId ? await provider.Grant.find(d.grantId) : undefined) ??
      new provider.Grant({ accountId: d.session.accountId, clientId });
    const scope = d.prompt.details.missingOIDCScope as string[] | undefined;
    if (scope?.length) grant.addOIDCScope(scope.join(' '));
    const claims = d.prompt.details.missingOIDCClaims as string[] | undefined;
    if (claims?.length) grant.addOIDCClaims(claims);
    const grantId = await grant.save();
    ctx.respond = false;
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  });

  router.post('/:uid/huy', form, async (ctx) => {
    const d = await details(ctx);
    const parsed = csrfOnly.safeParse(ctx.request.body);
    if (!d) return fail(ctx, 400, 'interaction_expired');
    if (!parsed.success || !csrfOk(ctx, parsed.data._csrf)) return fail(ctx, 403, 'csrf');
    ctx.respond = false;
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { error: 'access_denied', error_description: 'Người dùng đã hủy đăng nhập.' },
      { mergeWithLastSubmission: false },
    );
  });

  return router;
}
