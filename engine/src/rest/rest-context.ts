import type { Context } from 'koa';
import type Router from '@koa/router';
import type { EngineCore } from '../engine-core.js';

export type EngineRouter = Router;
/** The REST root (`http://host:port/engine-rest`) for `links`. */
export const baseUrlOf = (ctx: Context): string => `${ctx.protocol}://${ctx.host}/engine-rest`;
export interface RouteDeps {
  router: EngineRouter;
  core: EngineCore;
}
