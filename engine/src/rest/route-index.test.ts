import Router from '@koa/router';
import { restRoutes } from './rest-app.js';
import { indexRoutesByFirstSegment } from './route-index.js';

/** A router with every route of the REST API (no-op handlers) and its indexed twin. */
function routers(): { full: Router; indexed: Router } {
  const make = () => {
    const router = new Router({ prefix: '/engine-rest' });
    for (const { method, path } of restRoutes())
      router.register(path.replace(/\{(\w+)\}/g, ':$1'), [method], () => undefined);
    return router;
  };
  const indexed = make();
  indexRoutesByFirstSegment(indexed, '/engine-rest');
  return { full: make(), indexed };
}

/** What a match chose, comparable across the two routers: the layers' paths and methods. */
const shape = (r: ReturnType<Router['match']>) => ({
  route: r.route,
  path: r.path.map((l) => `${l.methods.join(',')} ${String(l.path)}`),
  pathAndMethod: r.pathAndMethod.map((l) => `${l.methods.join(',')} ${String(l.path)}`),
});

describe('indexRoutesByFirstSegment', () => {
  const { full, indexed } = routers();
  const requests: [string, string][] = [];
  for (const { method, path } of restRoutes()) {
    const concrete = path.replace(/\{\w+\}/g, 'abc-123');
    requests.push([method, `/engine-rest${concrete}`], [method, `/engine-rest${concrete}/`]);
    requests.push([method, `/engine-rest${concrete.toUpperCase()}`], ['GET', `/engine-rest${concrete}`]);
    // Paths one segment off, an empty segment, two trailing slashes: other segment counts.
    requests.push([method, `/engine-rest${concrete}/extra`], [method, `/engine-rest${concrete}//`]);
    requests.push([method, `/engine-rest/${concrete.replace(/^\/[^/]+/, '')}`]);
  }
  requests.push(
    ['GET', '/engine-rest'],
    ['GET', '/engine-rest/'],
    ['GET', '/engine-rest/no-such-resource/1'],
    ['GET', '/other/task'],
    ['GET', '/engine-rest/task%2Fx'],
    ['POST', '/engine-rest/external-task/fetchAndLock'],
  );

  it('matches exactly the layers a full match does, for every route and its variants', () => {
    expect(requests.length).toBeGreaterThan(1000);
    for (const [method, path] of requests)
      expect([method, path, shape(indexed.match(path, method))]).toEqual([
        method,
        path,
        shape(full.match(path, method)),
      ]);
  });

  it('finds the route of a call the bench makes most (a real match, not an empty one)', () => {
    const r = indexed.match('/engine-rest/task/abc/complete', 'POST');
    expect(r.route).toBe(true);
    expect(r.pathAndMethod.map((l) => String(l.path))).toContain('/engine-rest/task/:id/complete');
  });
});
