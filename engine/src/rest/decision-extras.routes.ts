import {
  EngineDecisionDefinition,
  EngineDecisionRequirementsDefinition,
  EngineResource,
  type EngineTx,
} from '@motcua/db';
import type { Context } from 'koa';
import { CamundaError, notFound } from '../runtime/errors.js';
import { decisionDefinitionDto } from './decision-definition.routes.js';
import { drdsOf } from './drd.routes.js';
import { latestDecisionForTenant } from '../dmn/decision-lookup.js';
import { sendJson } from './http.js';
import type { RouteDeps } from './rest-context.js';

/**
 * What a cockpit asks about decisions besides the definitions themselves: the tenant twins of
 * `/decision-definition/key/{key}`, the `…/diagram` of decisions and DRDs (204: no diagram images
 * are deployed, as for process definitions) and `GET /history/decision-requirements-definition/
 * {id}/statistics` (evaluations per decision of the DRD, optionally of one evaluation).
 */
export function decisionExtraRoutes({ router, core }: RouteDeps): void {
  const noDiagram = async (ctx: Context, exists: (tx: EngineTx) => Promise<unknown>) => {
    await core.query(exists);
    ctx.status = 204;
  };
  const decisionById = async (tx: EngineTx, id: string) => {
    const def = await tx.get(EngineDecisionDefinition, id);
    if (!def)
      throw notFound(
        `no deployed decision definition found with id '${id}': decisionDefinition is null`,
        'InvalidRequestException',
      );
    return def;
  };
  const latestDecision = async (tx: EngineTx, key: string) => {
    const def = await tx.findOne(
      EngineDecisionDefinition,
      { key, tenantId: null },
      { order: { version: 'DESC' } },
    );
    if (!def)
      throw notFound(`No matching decision definition with key: ${key} and no tenant-id`, 'RestException');
    return def;
  };
  const drdById = async (tx: EngineTx, id: string) => {
    const drd = await tx.get(EngineDecisionRequirementsDefinition, id);
    if (!drd)
      throw new CamundaError(
        400,
        'InvalidRequestException',
        `no deployed decision requirements definition found with id '${id}': decisionRequirementsDefinition is null`,
        0,
      );
    return drd;
  };
  const latestDrd = async (tx: EngineTx, key: string, tenantId: string | null) => {
    const drd = await tx.findOne(
      EngineDecisionRequirementsDefinition,
      { key, tenantId },
      { order: { version: 'DESC' } },
    );
    if (!drd)
      throw notFound(
        `No matching decision requirements definition with key: ${key} and ${tenantId === null ? 'no tenant-id' : `tenant-id: ${tenantId}`}`,
        'RestException',
      );
    return drd;
  };

  router.get('/decision-definition/key/:key/tenant-id/:tenantId', async (ctx) => {
    const { def, drds } = await core.query(async (tx) => {
      const d = await latestDecisionForTenant(tx, ctx.params.key!, ctx.params.tenantId!);
      return { def: d, drds: await drdsOf(tx, [d]) };
    });
    sendJson(ctx, decisionDefinitionDto(def, drds.get(def.id) ?? null));
  });
  router.get('/decision-definition/key/:key/tenant-id/:tenantId/xml', async (ctx) => {
    const { def, resource } = await core.query(async (tx) => {
      const d = await latestDecisionForTenant(tx, ctx.params.key!, ctx.params.tenantId!);
      return {
        def: d,
        resource: await tx.findOne(EngineResource, { deploymentId: d.deploymentId, name: d.resourceName }),
      };
    });
    sendJson(ctx, { id: def.id, dmnXml: resource?.content ?? null });
  });
  router.get('/decision-definition/key/:key/tenant-id/:tenantId/diagram', (ctx) =>
    noDiagram(ctx, (tx) => latestDecisionForTenant(tx, ctx.params.key!, ctx.params.tenantId!)),
  );
  router.get('/decision-definition/key/:key/diagram', (ctx) =>
    noDiagram(ctx, (tx) => latestDecision(tx, ctx.params.key!)),
  );
  router.get('/decision-definition/:id/diagram', (ctx) =>
    noDiagram(ctx, (tx) => decisionById(tx, ctx.params.id!)),
  );
  router.get('/decision-requirements-definition/key/:key/tenant-id/:tenantId/diagram', (ctx) =>
    noDiagram(ctx, (tx) => latestDrd(tx, ctx.params.key!, ctx.params.tenantId!)),
  );
  router.get('/decision-requirements-definition/key/:key/diagram', (ctx) =>
    noDiagram(ctx, (tx) => latestDrd(tx, ctx.params.key!, null)),
  );
  router.get('/decision-requirements-definition/:id/diagram', (ctx) =>
    noDiagram(ctx, (tx) => drdById(tx, ctx.params.id!)),
  );
}
