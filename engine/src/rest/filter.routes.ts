import type { Context } from 'koa';
import { EngineFilter, type EngineTx } from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { newId } from '../runtime/ids.js';
import { taskDto } from './dto-mappers.js';
import {
  checkLength,
  noContent,
  optString,
  paging,
  queryBool,
  queryString,
  readJson,
  reqString,
  sendJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import type { RouteDeps } from './rest-context.js';
import { taskQueryFromBody } from './task-query.js';

type JsonObject = Record<string, unknown>;
const MAX_FILTER_JSON = 30_000;
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A CreateFilterDto: only task filters exist in Camunda 7. */
function filterFields(body: JsonObject) {
  const resourceType = reqString(body, 'resourceType');
  if (resourceType !== 'Task') throw invalidRequest(`Unsupported filter resource type '${resourceType}'`);
  const name = checkLength(reqString(body, 'name'), 'name', 255);
  const query = body.query ?? {};
  const properties = body.properties ?? null;
  if (!isObject(query)) throw invalidRequest('query must be an object');
  if (properties !== null && !isObject(properties)) throw invalidRequest('properties must be an object');
  // Stored as text, which holds 64 KB on MySQL.
  if (JSON.stringify(query).length + JSON.stringify(properties).length > MAX_FILTER_JSON)
    throw invalidRequest(`A filter's query and properties take at most ${MAX_FILTER_JSON} characters`);
  return {
    resourceType,
    name,
    owner: checkLength(optString(body, 'owner'), 'owner', 255),
    query: JSON.stringify(query),
    properties: properties === null ? null : JSON.stringify(properties),
  };
}

const SORT = { filterId: 'id', resourceType: 'resourceType', name: 'name', owner: 'owner' } as const;

export function filterRoutes({ router, core }: RouteDeps): void {
  /** The saved task query, extended by the request's own (Camunda: the extending query wins per field). */
  const taskQueryOf = (ctx: Context, f: EngineFilter, extension: JsonObject) =>
    taskQueryFromBody(ctx, { ...(JSON.parse(f.query) as JsonObject), ...extension });
  const countOf = (ctx: Context, tx: EngineTx, f: EngineFilter, extension: JsonObject = {}) => {
    const { skip: _s, take: _t, ...q } = taskQueryOf(ctx, f, extension);
    return tx.countTasks(q);
  };
  const dto = async (ctx: Context, tx: EngineTx, f: EngineFilter, withCount: boolean) => ({
    id: f.id,
    resourceType: f.resourceType,
    name: f.name,
    owner: f.owner,
    query: JSON.parse(f.query) as JsonObject,
    properties: f.properties === null ? null : (JSON.parse(f.properties) as JsonObject),
    ...(withCount ? { itemCount: await countOf(ctx, tx, f) } : {}),
  });
  const list = (ctx: Context, tx: EngineTx, withPaging: boolean) => {
    const sortBy = sortByOf(ctx, Object.keys(SORT) as (keyof typeof SORT)[]);
    const nameLike = queryString(ctx, 'nameLike');
    return tx.find(
      EngineFilter,
      {
        id: queryString(ctx, 'filterId'),
        resourceType: queryString(ctx, 'resourceType'),
        name: nameLike !== undefined ? { op: 'like', value: nameLike } : queryString(ctx, 'name'),
        owner: queryString(ctx, 'owner'),
      },
      {
        order: sortBy ? { [SORT[sortBy]]: sortOrderOf(ctx), id: 'ASC' } : { id: 'ASC' },
        ...(withPaging ? paging(ctx) : {}),
      },
    );
  };
  const byId = async (tx: EngineTx, id: string) => {
    const f = await tx.get(EngineFilter, id);
    if (!f) throw notFound(`Filter with id '${id}' does not exist.`, 'InvalidRequestException');
    return f;
  };

  router.get('/filter', async (ctx) => {
    const withCount = queryBool(ctx, 'itemCount') ?? false;
    sendJson(
      ctx,
      await core.query(async (tx) =>
        Promise.all((await list(ctx, tx, true)).map((f) => dto(ctx, tx, f, withCount))),
      ),
    );
  });
  router.get('/filter/count', async (ctx) => {
    sendJson(ctx, { count: (await core.query((tx) => list(ctx, tx, false))).length });
  });
  router.post('/filter/create', async (ctx) => {
    const row: EngineFilter = { id: newId(), rev: 1, ...filterFields(await readJson(ctx)) };
    // Fail before saving when the saved query is not a valid task query.
    taskQueryFromBody(ctx, JSON.parse(row.query) as JsonObject);
    await core.command(({ tx }) => tx.insert(EngineFilter, row));
    sendJson(ctx, await core.query((tx) => dto(ctx, tx, row, false)));
  });
  router.get('/filter/:id', async (ctx) => {
    const withCount = queryBool(ctx, 'itemCount') ?? false;
    sendJson(ctx, await core.query(async (tx) => dto(ctx, tx, await byId(tx, ctx.params.id!), withCount)));
  });
  router.put('/filter/:id', async (ctx) => {
    const fields = filterFields(await readJson(ctx));
    taskQueryFromBody(ctx, JSON.parse(fields.query) as JsonObject);
    await core.command(async ({ tx }) => {
      const f = await byId(tx, ctx.params.id!);
      Object.assign(f, fields);
      await tx.update(EngineFilter, f);
    });
    noContent(ctx);
  });
  router.delete('/filter/:id', async (ctx) => {
    await core.command(async ({ tx }) => tx.remove(EngineFilter, await byId(tx, ctx.params.id!)));
    noContent(ctx);
  });
  const runList = async (ctx: Context, extension: JsonObject) => {
    const rows = await core.query(async (tx) => {
      const f = await byId(tx, ctx.params.id!);
      return tx.queryTasks(taskQueryOf(ctx, f, extension));
    });
    sendJson(ctx, rows.map(taskDto));
  };
  router.get('/filter/:id/list', (ctx) => runList(ctx, {}));
  router.post('/filter/:id/list', async (ctx) => runList(ctx, await readJson(ctx)));
  const runCount = async (ctx: Context, extension: JsonObject) => {
    const count = await core.query(async (tx) => countOf(ctx, tx, await byId(tx, ctx.params.id!), extension));
    sendJson(ctx, { count });
  };
  router.get('/filter/:id/count', (ctx) => runCount(ctx, {}));
  router.post('/filter/:id/count', async (ctx) => runCount(ctx, await readJson(ctx)));
}
