/**
 * Which query parameters each request's route reads: `ctx.query` of every request is wrapped so
 * reads are recorded under the matched route as `METHOD /path/{param}` (a POST query body is turned
 * into them too). Instrumentation of the real engine, not a stand-in. Call `restore()` when done.
 */
import Koa from 'koa';

export function recordQueryReads(): { reads: Map<string, Set<string>>; restore(): void } {
  const reads = new Map<string, Set<string>>();
  const koaProto = Koa.prototype as unknown as { createContext: (...a: unknown[]) => Koa.Context };
  const createContext = koaProto.createContext;
  koaProto.createContext = function (this: Koa, ...args: unknown[]) {
    const ctx = createContext.apply(this, args);
    Object.defineProperty(ctx, 'query', {
      configurable: true,
      get: () =>
        new Proxy(ctx.request.query, {
          get(target, key) {
            const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute;
            if (typeof key === 'string' && route) {
              const op = `${ctx.method} ${route.replace(/^\/engine-rest/, '').replace(/:(\w+)/g, '{$1}')}`;
              if (!reads.has(op)) reads.set(op, new Set());
              reads.get(op)!.add(key);
            }
            return (target as Record<string | symbol, unknown>)[key];
          },
        }),
      set: (v: Record<string, string>) => {
        ctx.request.query = v;
      },
    });
    return ctx;
  };
  return { reads, restore: () => (koaProto.createContext = createContext) };
}
