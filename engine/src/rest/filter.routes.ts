import type { Context } from 'koa';
import type { EngineFilter } from '@motcua/db/engine';
import { InvalidArgumentError } from '../runtime/errors.js';
import {
  countFilters,
  createFilter,
  deleteFilter,
  filterTaskCount,
  filterTasks,
  getFilter,
  listFilters,
  updateFilter,
  type FilterQuery,
  type FilterWithCount,
} from '../services/filter.service.js';
import { taskDto } from './dto-mappers.js';
import { checkLength, noContent, optString, queryBool, readJson, reqString, sendJson } from './http.js';
import { pageParams, queryParams } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';
import { refuseUnsupportedBody } from './supported-parameters.js';
import { taskQueryFromBody } from './task-query.js';

type JsonObject = Record<string, unknown>;
const MAX_FILTER_JSON = 30_000;
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A CreateFilterDto: only task filters exist in Camunda 7. */
function filterFields(body: JsonObject) {
  const resourceType = reqString(body, 'resourceType');
  if (resourceType !== 'Task')
    throw new InvalidArgumentError(`Unsupported filter resource type '${resourceType}'`);
  const name = checkLength(reqString(body, 'name'), 'name', 255);
  const query = body.query ?? {};
  const properties = body.properties ?? null;
  if (!isObject(query)) throw new InvalidArgumentError('query must be an object');
  if (properties !== null && !isObject(properties))
    throw new InvalidArgumentError('properties must be an object');
  // Stored as text, which holds 64 KB on MySQL.
  if (JSON.stringify(query).length + JSON.stringify(properties).length > MAX_FILTER_JSON)
    throw new InvalidArgumentError(
      `A filter's query and properties take at most ${MAX_FILTER_JSON} characters`,
    );
  return {
    resourceType,
    name,
    owner: checkLength(optString(body, 'owner'), 'owner', 255),
    query: JSON.stringify(query),
    properties: properties === null ? null : JSON.stringify(properties),
  };
}

/** A filter's task query: a `POST /task` body, its refused properties answered with 400 (issue 11). */
function filterTaskQuery(ctx: Context, query: JsonObject) {
  refuseUnsupportedBody(ctx, query, { queryOf: 'POST /task' });
  return taskQueryFromBody(ctx, query);
}

/** The saved task query, extended by the request's own (Camunda: the extending query wins per field). */
const taskQueryOf =
  (ctx: Context, extension: JsonObject = {}): FilterQuery =>
  (f: EngineFilter) =>
    filterTaskQuery(ctx, { ...(JSON.parse(f.query) as JsonObject), ...extension });

const filterDto = ({ filter: f, itemCount }: FilterWithCount) => ({
  id: f.id,
  resourceType: f.resourceType,
  name: f.name,
  owner: f.owner,
  query: JSON.parse(f.query) as JsonObject,
  properties: f.properties === null ? null : (JSON.parse(f.properties) as JsonObject),
  ...(itemCount !== undefined ? { itemCount } : {}),
});

/**
 * `/filter`: saved task queries — the query, create, one, update, delete — and running one:
 * its tasks (`list`, extended by the request's query), their count, its single result.
 */
export function filterRoutes({ router, core }: RouteDeps): void {
  router.get('/filter', async (ctx) => {
    const withCount = queryBool(ctx, 'itemCount') ?? false;
    const rows = await listFilters(engineOf(core, ctx), queryParams(ctx), {
      page: pageParams(ctx),
      countWith: withCount ? taskQueryOf(ctx) : undefined,
    });
    sendJson(ctx, rows.map(filterDto));
  });
  router.get('/filter/count', async (ctx) => {
    sendJson(ctx, { count: await countFilters(engineOf(core, ctx), queryParams(ctx)) });
  });
  router.post('/filter/create', async (ctx) => {
    const fields = filterFields(await readJson(ctx));
    // Fail before saving when the saved query is not a valid task query.
    filterTaskQuery(ctx, JSON.parse(fields.query) as JsonObject);
    sendJson(ctx, filterDto({ filter: await createFilter(engineOf(core, ctx), fields) }));
  });
  router.get('/filter/:id', async (ctx) => {
    const withCount = queryBool(ctx, 'itemCount') ?? false;
    sendJson(
      ctx,
      filterDto(
        await getFilter(engineOf(core, ctx), ctx.params.id!, {
          countWith: withCount ? taskQueryOf(ctx) : undefined,
        }),
      ),
    );
  });
  router.put('/filter/:id', async (ctx) => {
    const fields = filterFields(await readJson(ctx));
    filterTaskQuery(ctx, JSON.parse(fields.query) as JsonObject);
    await updateFilter(engineOf(core, ctx), ctx.params.id!, fields);
    noContent(ctx);
  });
  router.delete('/filter/:id', async (ctx) => {
    await deleteFilter(engineOf(core, ctx), ctx.params.id!);
    noContent(ctx);
  });
  const runList = async (ctx: Context, extension: JsonObject) => {
    sendJson(
      ctx,
      (await filterTasks(engineOf(core, ctx), ctx.params.id!, taskQueryOf(ctx, extension))).map(taskDto),
    );
  };
  router.get('/filter/:id/list', (ctx) => runList(ctx, {}));
  router.post('/filter/:id/list', async (ctx) => runList(ctx, await readJson(ctx)));
  const runCount = async (ctx: Context, extension: JsonObject) => {
    sendJson(ctx, {
      count: await filterTaskCount(engineOf(core, ctx), ctx.params.id!, taskQueryOf(ctx, extension)),
    });
  };
  router.get('/filter/:id/count', (ctx) => runCount(ctx, {}));
  router.post('/filter/:id/count', async (ctx) => runCount(ctx, await readJson(ctx)));
  /** The filter's first task, or 204 when none (Camunda: more than one is an error; we take the first). */
  const single = async (ctx: Context, extension: JsonObject) => {
    const toQuery = taskQueryOf(ctx, extension);
    const rows = await filterTasks(engineOf(core, ctx), ctx.params.id!, (f) => ({
      ...toQuery(f),
      skip: 0,
      take: 2,
    }));
    if (rows.length === 0) return noContent(ctx);
    if (rows.length > 1) throw new InvalidArgumentError('Query return 2 results instead of max 1');
    sendJson(ctx, taskDto(rows[0]!));
  };
  router.get('/filter/:id/singleResult', (ctx) => single(ctx, {}));
  router.post('/filter/:id/singleResult', async (ctx) => single(ctx, await readJson(ctx)));
}
