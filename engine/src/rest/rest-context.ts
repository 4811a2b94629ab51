import type { Context } from 'koa';
import type Router from '@koa/router';
import type { EngineCore } from '../engine-core.js';
import type { Caller } from '../identity/authorization.service.js';

export type EngineRouter = Router;
/** The REST root (`http://host:port/engine-rest`) for `links`. */
export const baseUrlOf = (ctx: Context): string => `${ctx.protocol}://${ctx.host}/engine-rest`;
/**
 * The engine as the request's authenticated caller (EngineCore.as): the services it is handed to
 * check that user's authorizations. The authentication middleware sets the caller; without
 * authorization checks it is null (unchecked).
 */
export const engineOf = (core: EngineCore, ctx: Context): EngineCore =>
  core.as((ctx.state.caller as Caller | undefined) ?? null);
export interface RouteDeps {
  router: EngineRouter;
  core: EngineCore;
}
