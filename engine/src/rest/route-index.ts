import Router, { type Layer } from '@koa/router';

/** A path segment that is literal text (no parameter, group or wildcard of path-to-regexp). */
const LITERAL_SEGMENT = /^[\w.-]+$/;

type Match = Router['match'];

/**
 * Makes `router.match` test only the layers that can match the request: those registered under
 * the request's first path segment after `prefix` (`task` for `/engine-rest/task/{id}/complete`),
 * plus any layer whose first segment is not literal. koa-router otherwise runs every layer's
 * regular expression (about 340 under `/engine-rest`) for each request, and the router and the
 * supported-parameters check each match once per request. Call it after every route is
 * registered: layers added later are not indexed. Order within a bucket is the stack's order, so
 * the matched layers, and the one chosen, are the same as a full match's.
 */
export function indexRoutesByFirstSegment(router: Router, prefix: string): void {
  const fullMatch: Match = Router.prototype.match;
  const firstSegment = (path: string): string | null => {
    if (!path.startsWith(`${prefix}/`)) return null;
    const rest = path.slice(prefix.length + 1);
    const end = rest.indexOf('/');
    const segment = (end === -1 ? rest : rest.slice(0, end)).toLowerCase(); // routes match case-insensitively
    return LITERAL_SEGMENT.test(segment) ? segment : null;
  };
  const literal = new Map<string, Layer[]>();
  const wildcard: Layer[] = [];
  for (const layer of router.stack) {
    const key = typeof layer.path === 'string' ? firstSegment(layer.path) : null;
    if (key === null) wildcard.push(layer);
    else literal.set(key, [...(literal.get(key) ?? []), layer]);
  }
  // Each bucket keeps the stack order: its literal layers and the wildcard ones, interleaved.
  const position = new Map(router.stack.map((layer, i) => [layer, i]));
  const buckets = new Map(
    [...literal].map(([key, layers]) => [
      key,
      [...layers, ...wildcard].sort((a, b) => position.get(a)! - position.get(b)!),
    ]),
  );
  router.match = function match(path, method) {
    const key = firstSegment(path);
    // A request outside every bucket can still match a wildcard layer (or nothing).
    const stack = key === null ? router.stack : (buckets.get(key) ?? wildcard);
    return fullMatch.call({ stack } as unknown as Router, path, method);
  };
}
