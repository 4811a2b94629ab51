import type { Context } from 'koa';
import type Router from '@koa/router';
import type { EngineCore } from '../engine-core.js';
import type { Caller } from '../identity/authorization.service.js';
import type { Principal } from '../identity/identity.service.js';

export type EngineRouter = Router;
/** The REST root (`http://host:port/engine-rest`) for `links`. */
export const baseUrlOf = (ctx: Context): string => `${ctx.protocol}://${ctx.host}/engine-rest`;
/**
 * The engine as the request's authenticated caller (EngineCore.as): the services it is handed to
 * check that user's authorizations, and the operation log names that user. The authentication
 * middleware sets both; without authorization checks the caller is null (unchecked) while the
 * user is still named.
 */
export const engineOf = (core: EngineCore, ctx: Context): EngineCore =>
  core.as((ctx.state.caller as Caller | undefined) ?? null, actingUserOf(ctx));

/** The authenticated user of the request, or null without authentication. */
export const actingUserOf = (ctx: Context): string | null =>
  (ctx.state.principal as Principal | undefined)?.userId ?? null;
export interface RouteDeps {
  router: EngineRouter;
  core: EngineCore;
}
