import type { ParameterizedContext } from 'koa';
import type { PortalUser } from '@motcua/db/portal';
import type { ActiveSession } from '../auth/sessions.js';
import type { PageContext } from '../views/layout.js';

/** What the middleware chain puts on ctx.state for the routes. */
export interface PortalState {
  requestId: string;
  user: PortalUser | null;
  session: ActiveSession | null;
}

export type PortalContext = ParameterizedContext<PortalState>;

export function pageContext(ctx: PortalContext): PageContext {
  return { user: ctx.state.user, csrfToken: ctx.state.session?.csrfToken ?? null };
}

/** True when the client wants JSON (fetch calls from the browser bundles, API clients). */
export function wantsJson(ctx: PortalContext): boolean {
  return (
    ctx.path.startsWith('/api/') ||
    ctx.is('application/json') === 'application/json' ||
    ctx.accepts('html', 'json') === 'json'
  );
}
