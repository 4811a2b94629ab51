import type Koa from 'koa';

export interface MountedRoute {
  method: string;
  /** The route's path pattern with its prefix (`/quan-tri/su-co/:id`). */
  path: string;
}

interface RouterLike {
  stack: Array<{ path: string | RegExp; methods: string[] }>;
}

/**
 * Every route of every router mounted on the app (`router.routes()` carries its router), HEAD left
 * out (it follows GET). The access tests walk this list, so a route added later is tested too.
 */
export function mountedRoutes(app: Pick<Koa, 'middleware'>): MountedRoute[] {
  const out: MountedRoute[] = [];
  for (const mw of app.middleware as unknown as Array<{ router?: RouterLike }>) {
    for (const layer of mw.router?.stack ?? []) {
      if (typeof layer.path !== 'string') continue;
      for (const method of layer.methods) if (method !== 'HEAD') out.push({ method, path: layer.path });
    }
  }
  return out;
}
