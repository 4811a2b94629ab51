import type { Context } from 'koa';
import { EngineDecisionRequirementsDefinition, EngineResource, type Where } from '@motcua/db';
import type { EngineCore } from '../engine-core.js';
import { CamundaError, notFound } from '../runtime/errors.js';
import {
  paging,
  queryBool,
  queryInt,
  queryList,
  queryString,
  sendJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import type { RouteDeps } from './rest-context.js';
import { drdsOf } from '../dmn/decision-lookup.js';

export { drdsOf };

type Drd = EngineDecisionRequirementsDefinition;

/** Camunda's DecisionRequirementsDefinitionDto. */
export function drdDto(d: Drd) {
  return {
    id: d.id,
    key: d.key,
    category: d.category,
    name: d.name,
    version: d.version,
    resource: d.resourceName,
    deploymentId: d.deploymentId,
    tenantId: d.tenantId,
  };
}

const SORT = {
  id: 'id',
  key: 'key',
  name: 'name',
  version: 'version',
  deploymentId: 'deploymentId',
  category: 'category',
  tenantId: 'tenantId',
} as const;

async function listDrds(core: EngineCore, ctx: Context): Promise<Drd[]> {
  const like = (name: string) => {
    const v = queryString(ctx, name);
    return v === undefined ? undefined : { op: 'like' as const, value: v };
  };
  const ids = queryList(ctx, 'decisionRequirementsDefinitionIdIn');
  const where: Where<Drd> = {
    id: ids ?? queryString(ctx, 'decisionRequirementsDefinitionId'),
    key: like('keyLike') ?? queryString(ctx, 'key'),
    name: like('nameLike') ?? queryString(ctx, 'name'),
    category: like('categoryLike') ?? queryString(ctx, 'category'),
    deploymentId: queryString(ctx, 'deploymentId'),
    resourceName: like('resourceNameLike') ?? queryString(ctx, 'resourceName'),
    version: queryInt(ctx, 'version'),
    tenantId: queryBool(ctx, 'withoutTenantId') ? null : queryList(ctx, 'tenantIdIn'),
  };
  const sortBy = sortByOf(ctx, Object.keys(SORT) as (keyof typeof SORT)[]);
  const order = sortBy ? { [SORT[sortBy]]: sortOrderOf(ctx), id: 'ASC' as const } : { id: 'ASC' as const };
  let rows = await core.query((tx) => tx.find(EngineDecisionRequirementsDefinition, where, { order }));
  if (queryBool(ctx, 'latestVersion')) {
    const latest = new Map<string, number>();
    for (const r of rows)
      latest.set(
        `${r.tenantId ?? ''}\u0000${r.key}`,
        Math.max(latest.get(`${r.tenantId ?? ''}\u0000${r.key}`) ?? 0, r.version),
      );
    rows = rows.filter((r) => latest.get(`${r.tenantId ?? ''}\u0000${r.key}`) === r.version);
  }
  return rows;
}

/**
 * Decision requirements definitions (`GET /decision-requirements-definition`, `…/count`, by id
 * and by key, with or without tenant, and their DMN XML), in Operaton 1.0.3's statuses and words.
 */
export function drdRoutes({ router, core }: RouteDeps): void {
  router.get('/decision-requirements-definition', async (ctx) => {
    const { skip = 0, take } = paging(ctx);
    const rows = await listDrds(core, ctx);
    sendJson(ctx, rows.slice(skip, take === undefined ? undefined : skip + take).map(drdDto));
  });
  router.get('/decision-requirements-definition/count', async (ctx) => {
    sendJson(ctx, { count: (await listDrds(core, ctx)).length });
  });

  const byId = async (id: string) => {
    const drd = await core.query((tx) => tx.get(EngineDecisionRequirementsDefinition, id));
    // Operaton answers an unknown id with 400 (its REST layer's InvalidRequestException, code 0).
    if (!drd)
      throw new CamundaError(
        400,
        'InvalidRequestException',
        `no deployed decision requirements definition found with id '${id}': decisionRequirementsDefinition is null`,
        0,
      );
    return drd;
  };
  const byKey = async (key: string, tenantId: string | null) => {
    const drd = await core.query((tx) =>
      tx.findOne(EngineDecisionRequirementsDefinition, { key, tenantId }, { order: { version: 'DESC' } }),
    );
    if (!drd)
      throw notFound(
        `No matching decision requirements definition with key: ${key} and ${tenantId === null ? 'no tenant-id' : `tenant-id: ${tenantId}`}`,
        'RestException',
      );
    return drd;
  };
  const xmlOf = async (drd: Drd) => {
    const resource = await core.query((tx) =>
      tx.findOne(EngineResource, { deploymentId: drd.deploymentId, name: drd.resourceName }),
    );
    return { id: drd.id, dmnXml: resource?.content ?? null };
  };

  router.get('/decision-requirements-definition/key/:key', async (ctx) => {
    sendJson(ctx, drdDto(await byKey(ctx.params.key!, null)));
  });
  router.get('/decision-requirements-definition/key/:key/xml', async (ctx) => {
    sendJson(ctx, await xmlOf(await byKey(ctx.params.key!, null)));
  });
  router.get('/decision-requirements-definition/key/:key/tenant-id/:tenantId', async (ctx) => {
    sendJson(ctx, drdDto(await byKey(ctx.params.key!, ctx.params.tenantId!)));
  });
  router.get('/decision-requirements-definition/key/:key/tenant-id/:tenantId/xml', async (ctx) => {
    sendJson(ctx, await xmlOf(await byKey(ctx.params.key!, ctx.params.tenantId!)));
  });
  router.get('/decision-requirements-definition/:id', async (ctx) => {
    sendJson(ctx, drdDto(await byId(ctx.params.id!)));
  });
  router.get('/decision-requirements-definition/:id/xml', async (ctx) => {
    sendJson(ctx, await xmlOf(await byId(ctx.params.id!)));
  });
}
