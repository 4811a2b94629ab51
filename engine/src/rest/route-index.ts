import Router, { type Layer } from '@koa/router';

/** A path segment that is literal text (no parameter, group or wildcard of path-to-regexp). */
const LITERAL_SEGMENT = /^[\w.-]+$/;
/**
 * A layer path of literal segments and `:name` parameters only: path-to-regexp makes each segment
 * match one non-empty run without `/`, plus one optional trailing slash, so such a layer can match
 * only request paths of its own segment count, ending in its last segment if that is literal.
 */
const SIMPLE_PATH = /^(\/([\w.-]+|:\w+))+$/;

type Match = Router['match'];

/**
 * What a request path's first segment after the prefix, segment count and last segment are
 * (lower case: routes match case-insensitively); for a layer, null where it may match any.
 */
interface Shape {
  first: string | null;
  count: number | null;
  last: string | null;
}

/** The path without one trailing slash (path-to-regexp's optional trailing slash). */
const trimmed = (path: string): string =>
  path.length > 1 && path.charCodeAt(path.length - 1) === 0x2f ? path.slice(0, -1) : path;

function segmentCount(path: string): number {
  let count = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 0x2f) count++;
  return count;
}

/**
 * Makes `router.match` test only the layers that can match the request: those registered under
 * the request's first path segment after `prefix` (`task` for `/engine-rest/task/{id}/complete`)
 * with as many segments as the request's path and the same last segment (or a parameter there),
 * plus any layer whose path is not plain literal and `:name` segments (it is tested for every
 * request). koa-router otherwise runs every layer's regular expression (about 340 under
 * `/engine-rest`) for each request, and the router and the supported-parameters check each match
 * once per request. Call it after every route is registered: layers added later are not indexed.
 * Each bucket keeps the stack's order, so the matched layers, and the one chosen, are the same as
 * a full match's.
 */
export function indexRoutesByFirstSegment(router: Router, prefix: string): void {
  const fullMatch: Match = Router.prototype.match;
  const firstSegment = (path: string): string | null => {
    if (!path.startsWith(`${prefix}/`)) return null;
    const rest = path.slice(prefix.length + 1);
    const end = rest.indexOf('/');
    const segment = (end === -1 ? rest : rest.slice(0, end)).toLowerCase();
    return LITERAL_SEGMENT.test(segment) ? segment : null;
  };
  const layerShape = (layer: Layer): Shape => {
    const path = layer.path;
    const first = typeof path === 'string' ? firstSegment(path) : null;
    if (first === null || !SIMPLE_PATH.test(path as string)) return { first, count: null, last: null };
    const last = (path as string).slice((path as string).lastIndexOf('/') + 1).toLowerCase();
    return { first, count: segmentCount(path as string), last: last.startsWith(':') ? null : last };
  };
  const shapes = router.stack.map((layer) => [layer, layerShape(layer)] as const);
  /** The layers, in stack order, that may match a request of that shape (`last` undefined: none of the literal ones). */
  const candidates = (first: string, count?: number, last?: string): Layer[] =>
    shapes
      .filter(
        ([, s]) =>
          s.first === null ||
          (s.first === first &&
            (s.count === null || (s.count === count && (s.last === null || s.last === last)))),
      )
      .map(([layer]) => layer);
  // first segment → { segment count → { last segment → layers; other last segments }; other counts }
  const buckets = new Map<
    string,
    { byCount: Map<number, { byLast: Map<string, Layer[]>; other: Layer[] }>; other: Layer[] }
  >();
  for (const [, s] of shapes) {
    if (s.first === null || buckets.has(s.first)) continue;
    const byCount = new Map<number, { byLast: Map<string, Layer[]>; other: Layer[] }>();
    for (const [, t] of shapes) {
      if (t.first !== s.first || t.count === null || byCount.has(t.count)) continue;
      const lasts = new Set(
        shapes.map(([, u]) => (u.first === s.first && u.count === t.count ? u.last : null)),
      );
      const byLast = new Map<string, Layer[]>();
      for (const last of lasts) if (last !== null) byLast.set(last, candidates(s.first, t.count, last));
      byCount.set(t.count, { byLast, other: candidates(s.first, t.count) });
    }
    buckets.set(s.first, { byCount, other: candidates(s.first) });
  }
  const wildcard = shapes.filter(([, s]) => s.first === null).map(([layer]) => layer);
  const stackFor = (path: string): Layer[] => {
    const first = firstSegment(path);
    // A request outside every bucket can still match a layer that is not indexed (or nothing).
    if (first === null) return router.stack;
    const bucket = buckets.get(first);
    if (bucket === undefined) return wildcard;
    const plain = trimmed(path);
    const byCount = bucket.byCount.get(segmentCount(plain));
    if (byCount === undefined) return bucket.other;
    return byCount.byLast.get(plain.slice(plain.lastIndexOf('/') + 1).toLowerCase()) ?? byCount.other;
  };
  router.match = function match(path, method) {
    return fullMatch.call({ stack: stackFor(path) } as unknown as Router, path, method);
  };
}
