import type { Context } from 'koa';
import type { EngineDecisionRequirementsDefinition } from '@motcua/db/engine';
import { drdXml, getDrd, listDrds, type DrdRef } from '../services/decision-requirements.service.js';
import { paging, sendJson } from './http.js';
import { queryParams } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';

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

/**
 * `/decision-requirements-definition`: the query, one by id and by key (with or without tenant),
 * the DMN XML and the diagram (204: no diagram images are deployed), in Operaton 1.0.3's statuses
 * and words.
 */
export function drdRoutes({ router, core }: RouteDeps): void {
  router.get('/decision-requirements-definition', async (ctx) => {
    const { skip = 0, take } = paging(ctx);
    const rows = await listDrds(engineOf(core, ctx), queryParams(ctx));
    sendJson(ctx, rows.slice(skip, take === undefined ? undefined : skip + take).map(drdDto));
  });
  router.get('/decision-requirements-definition/count', async (ctx) => {
    sendJson(ctx, { count: (await listDrds(engineOf(core, ctx), queryParams(ctx))).length });
  });
  const byKey = (ctx: Context): DrdRef => ({ key: ctx.params.key!, tenantId: null });
  const byTenant = (ctx: Context): DrdRef => ({ key: ctx.params.key!, tenantId: ctx.params.tenantId! });
  const byId = (ctx: Context): DrdRef => ({ id: ctx.params.id! });
  router.get('/decision-requirements-definition/key/:key', async (ctx) => {
    sendJson(ctx, drdDto(await getDrd(engineOf(core, ctx), byKey(ctx))));
  });
  router.get('/decision-requirements-definition/key/:key/xml', async (ctx) => {
    sendJson(ctx, await drdXml(engineOf(core, ctx), byKey(ctx)));
  });
  router.get('/decision-requirements-definition/key/:key/tenant-id/:tenantId', async (ctx) => {
    sendJson(ctx, drdDto(await getDrd(engineOf(core, ctx), byTenant(ctx))));
  });
  router.get('/decision-requirements-definition/key/:key/tenant-id/:tenantId/xml', async (ctx) => {
    sendJson(ctx, await drdXml(engineOf(core, ctx), byTenant(ctx)));
  });
  router.get('/decision-requirements-definition/:id', async (ctx) => {
    sendJson(ctx, drdDto(await getDrd(engineOf(core, ctx), byId(ctx))));
  });
  router.get('/decision-requirements-definition/:id/xml', async (ctx) => {
    sendJson(ctx, await drdXml(engineOf(core, ctx), byId(ctx)));
  });
  const noDiagram = async (ctx: Context, ref: DrdRef) => {
    await getDrd(engineOf(core, ctx), ref);
    ctx.status = 204;
  };
  router.get('/decision-requirements-definition/key/:key/tenant-id/:tenantId/diagram', (ctx) =>
    noDiagram(ctx, byTenant(ctx)),
  );
  router.get('/decision-requirements-definition/key/:key/diagram', (ctx) => noDiagram(ctx, byKey(ctx)));
  router.get('/decision-requirements-definition/:id/diagram', (ctx) => noDiagram(ctx, byId(ctx)));
}
