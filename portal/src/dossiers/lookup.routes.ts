import Router from '@koa/router';
import { statusLabelVi, type DossierStatusCode } from '@motcua/domain';
import { LOOKUP_CSRF_COOKIE, sessionCookieOptions } from '../auth/auth-middleware.js';
import { randomToken } from '../auth/sessions.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { lookupPage, type LookupView } from '../views/lookup-page.js';
import {
  LOOKUP_MISSING_VI,
  LOOKUP_NOT_FOUND_VI,
  LOOKUP_THROTTLED_VI,
  type DossierLookup,
} from './dossier-lookup.js';

const labels = (code: number) => statusLabelVi(code as DossierStatusCode);
const field = (body: unknown, name: string, max: number) => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
};

/** `/tra-cuu`: the public lookup by dossier code plus a second factor (see DossierLookup). */
export function lookupRoutes(d: { lookup: DossierLookup; secureCookies: boolean }): Router<PortalState> {
  const router = new Router<PortalState>();

  const show = (ctx: PortalContext, status: number, v: Omit<LookupView, 'csrf' | 'labels'>) => {
    const csrf = randomToken();
    ctx.cookies.set(LOOKUP_CSRF_COOKIE, csrf, {
      ...sessionCookieOptions({ secure: d.secureCookies }),
      sameSite: 'strict',
      maxAge: 3600_000,
    });
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = lookupPage(pageContext(ctx), { ...v, csrf, labels }).toString();
  };

  router.get('/tra-cuu', (ctx) => {
    const code = typeof ctx.query.ma === 'string' ? ctx.query.ma.trim().slice(0, 64) : '';
    show(ctx, 200, { code });
  });

  router.post('/tra-cuu', async (ctx) => {
    const code = field(ctx.request.body, 'ma', 64);
    const outcome = await d.lookup.lookup({
      code,
      factor: field(ctx.request.body, 'xacMinh', 40),
      ip: ctx.ip,
      actor: ctx.state.user?.id ?? null,
    });
    switch (outcome.kind) {
      case 'missing':
        return show(ctx, 400, { code, message: { text: LOOKUP_MISSING_VI, kind: 'error' } });
      case 'throttled':
        ctx.set('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
        return show(ctx, 429, { code, message: { text: LOOKUP_THROTTLED_VI, kind: 'error' } });
      case 'not-found':
        return show(ctx, 200, { code, message: { text: LOOKUP_NOT_FOUND_VI, kind: 'info' } });
      case 'found':
        return show(ctx, 200, {
          code,
          found: { d: outcome.dossier, procedure: outcome.procedure, progress: outcome.progress },
        });
    }
  });

  return router;
}
