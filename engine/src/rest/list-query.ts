import type { Context } from 'koa';
import { InvalidArgumentError } from '../runtime/errors.js';
import { parseCamundaDate } from '../variables/typed-value.js';
import type { Page, QueryParams } from '../services/query-params.js';
import {
  queryBool,
  queryInt,
  queryList,
  queryLong,
  queryString,
  readJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import { variableFiltersOf } from './process-instance-query.js';
import { useBodyAsQuery } from './query-body.js';
import { refuseUnsupportedBody } from './supported-parameters.js';
import type { EngineRouter } from './rest-context.js';

const badParameter = (key: string, value: string) =>
  new InvalidArgumentError(`Cannot set query parameter '${key}' to value '${value}'`);

/**
 * The request's query parameters as services read them: each reader checks its type and answers
 * Camunda's 400 naming the parameter. Reads `ctx.query` when called, so a POST query's body
 * turned into parameters (`useBodyAsQuery`) is seen too.
 */
export function queryParams(ctx: Context): QueryParams {
  return {
    string: (key) => queryString(ctx, key),
    int: (key) => queryInt(ctx, key),
    long: (key) => queryLong(ctx, key),
    bool: (key) => queryBool(ctx, key),
    list: (key) => queryList(ctx, key),
    date: (key) => {
      const v = queryString(ctx, key);
      if (v === undefined) return undefined;
      const d = new Date(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (Number.isNaN(d.getTime())) throw badParameter(key, v);
      return d;
    },
    camundaDate: (key) => {
      const v = queryString(ctx, key);
      if (v === undefined) return undefined;
      const d = parseCamundaDate(v);
      if (!d) throw badParameter(key, v);
      return d;
    },
    sortBy: (allowed) => sortByOf(ctx, allowed),
    sortOrder: () => sortOrderOf(ctx),
    variables: (key) => variableFiltersOf(ctx, key),
  };
}

/**
 * `firstResult`/`maxResults` of the request, read when the service uses them (after the filters,
 * as the routes always read them: a malformed filter is the 400 a client sees first).
 */
export const pageParams = (ctx: Context): Page => ({
  get skip() {
    return queryInt(ctx, 'firstResult');
  },
  get take() {
    return queryInt(ctx, 'maxResults');
  },
});

/**
 * A GET query and its POST twin: the same filters as a JSON body (Camunda's `POST …` queries),
 * turned into the GET parameters first; paging stays in the URL.
 */
export function getAndPost(
  router: EngineRouter,
  path: string,
  handler: (ctx: Context) => Promise<void>,
): void {
  router.get(path, handler);
  router.post(path, withBodyAsQuery(handler));
}

/** The handler of a `POST …` query: its body becomes the query parameters. */
export const withBodyAsQuery =
  (handler: (ctx: Context) => Promise<void>) =>
  async (ctx: Context): Promise<void> => {
    const body = await readJson(ctx);
    refuseUnsupportedBody(ctx, body);
    useBodyAsQuery(ctx, body);
    await handler(ctx);
  };
