import type { Context } from 'koa';
import type { EngineDecisionDefinition } from '@motcua/db/engine';
import { InvalidArgumentError } from '../runtime/errors.js';
import { typedResultRow } from '../dmn/decisions.js';
import {
  decisionXml,
  evaluateDecision,
  getDecision,
  listDecisionDefinitions,
  withDrds,
  type DecisionRef,
  type DecisionWithDrd,
} from '../services/decision-definition.service.js';
import { fromDtoMap, toDto, toJs, VariableValueError } from '../variables/typed-value.js';
import { paging, readJson, sendJson } from './http.js';
import { queryParams } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';

/** Camunda's DecisionDefinitionDto; `drd`: the DRD deployed from the same file, if any. */
export function decisionDefinitionDto(
  d: EngineDecisionDefinition,
  drd: { id: string; key: string } | null = null,
) {
  return {
    id: d.id,
    key: d.key,
    category: 'http://camunda.org/schema/1.0/dmn',
    name: d.name,
    version: d.version,
    resource: d.resourceName,
    deploymentId: d.deploymentId,
    tenantId: d.tenantId,
    decisionRequirementsDefinitionId: drd?.id ?? null,
    decisionRequirementsDefinitionKey: drd?.key ?? null,
    historyTimeToLive: d.historyTimeToLive,
    versionTag: d.versionTag,
  };
}

const dtoOf = ({ definition, drd }: DecisionWithDrd) => decisionDefinitionDto(definition, drd);

/**
 * `/decision-definition`: the query, one definition (by id, by key, by key and tenant) with its
 * XML and diagram (204: no diagram images are deployed, as for process definitions), and
 * `…/evaluate` with typed variables, answering one map of typed output values per matched rule
 * (Camunda's result list). The 404s are Operaton 1.0.3's words and types.
 */
export function decisionDefinitionRoutes({ router, core }: RouteDeps): void {
  router.get('/decision-definition', async (ctx) => {
    const { skip = 0, take } = paging(ctx);
    const rows = (await listDecisionDefinitions(engineOf(core, ctx), queryParams(ctx))).slice(
      skip,
      take === undefined ? undefined : skip + take,
    );
    sendJson(ctx, (await withDrds(engineOf(core, ctx), rows)).map(dtoOf));
  });
  router.get('/decision-definition/count', async (ctx) =>
    sendJson(ctx, { count: (await listDecisionDefinitions(engineOf(core, ctx), queryParams(ctx))).length }),
  );
  const one = async (ctx: Context, ref: DecisionRef) => {
    const [d] = await withDrds(engineOf(core, ctx), [await getDecision(engineOf(core, ctx), ref)]);
    sendJson(ctx, dtoOf(d!));
  };
  router.get('/decision-definition/key/:key', (ctx) => one(ctx, { key: ctx.params.key! }));
  router.get('/decision-definition/:id', (ctx) => one(ctx, { id: ctx.params.id! }));

  const evaluate = async (ctx: Context, ref: DecisionRef) => {
    const body = await readJson(ctx);
    let variables: Record<string, unknown>;
    try {
      variables = Object.fromEntries([...fromDtoMap(body.variables)].map(([k, v]) => [k, toJs(v)]));
    } catch (err) {
      if (err instanceof VariableValueError) throw new InvalidArgumentError(err.message);
      throw err;
    }
    const result = await evaluateDecision(engineOf(core, ctx), ref, variables);
    sendJson(
      ctx,
      result.map((r) => Object.fromEntries(Object.entries(typedResultRow(r)).map(([k, v]) => [k, toDto(v)]))),
    );
  };
  router.post('/decision-definition/key/:key/evaluate', (ctx) => evaluate(ctx, { key: ctx.params.key! }));
  // The latest version deployed for that tenant.
  router.post('/decision-definition/key/:key/tenant-id/:tenantId/evaluate', (ctx) =>
    evaluate(ctx, { key: ctx.params.key!, tenantId: ctx.params.tenantId! }),
  );
  router.post('/decision-definition/:id/evaluate', (ctx) => evaluate(ctx, { id: ctx.params.id! }));

  router.get('/decision-definition/key/:key/xml', async (ctx) => {
    sendJson(ctx, await decisionXml(engineOf(core, ctx), { latestKey: ctx.params.key! }));
  });
  router.get('/decision-definition/:id/xml', async (ctx) => {
    sendJson(ctx, await decisionXml(engineOf(core, ctx), { deployedId: ctx.params.id! }));
  });
  const tenant = (ctx: Context): DecisionRef => ({ key: ctx.params.key!, tenantId: ctx.params.tenantId! });
  router.get('/decision-definition/key/:key/tenant-id/:tenantId', (ctx) => one(ctx, tenant(ctx)));
  router.get('/decision-definition/key/:key/tenant-id/:tenantId/xml', async (ctx) => {
    sendJson(ctx, await decisionXml(engineOf(core, ctx), tenant(ctx)));
  });
  const noDiagram = async (ctx: Context, ref: DecisionRef) => {
    await getDecision(engineOf(core, ctx), ref);
    ctx.status = 204;
  };
  router.get('/decision-definition/key/:key/tenant-id/:tenantId/diagram', (ctx) =>
    noDiagram(ctx, tenant(ctx)),
  );
  router.get('/decision-definition/key/:key/diagram', (ctx) =>
    noDiagram(ctx, { latestKey: ctx.params.key! }),
  );
  router.get('/decision-definition/:id/diagram', (ctx) => noDiagram(ctx, { deployedId: ctx.params.id! }));
}
