import type { Context } from 'koa';
import type { EngineIncident } from '@motcua/db/engine';
import type { ProcessInstanceWithVariablesDto } from '@motcua/engine-client';
import { InvalidArgumentError, ProcessEngineError } from '../runtime/errors.js';
import { RestError } from './rest-error.js';
import { deployedStartForm, startFormOf } from '../services/form.service.js';
import {
  activityStatistics,
  definitionStatistics,
  deleteDefinitions,
  suspendDefinitions,
} from '../services/process-admin.service.js';
import {
  definitionXml,
  getDefinition,
  listDefinitions,
  setTimeToLive,
  startedInstanceVariables,
  staticCalledDefinitions,
  type DefinitionRef,
} from '../services/process-definition.service.js';
import { startInstance } from '../services/process-instance.service.js';
import { fromDtoMap, VariableValueError } from '../variables/typed-value.js';
import { processDefinitionDto, processInstanceDto, variableMap } from './dto-mappers.js';
import {
  emptyOk,
  noContent,
  optBool,
  optInt,
  optString,
  queryBool,
  queryString,
  readJson,
  sendJson,
  sendRawJson,
} from './http.js';
import { pageParams, queryParams } from './list-query.js';
import { baseUrlOf, engineOf, type RouteDeps } from './rest-context.js';
import { suspendedFlag } from './suspension-body.js';

/**
 * Which incidents the statistics count: every type (`incidents=true`) or one
 * (`incidentsForType`); asking both is Camunda's 400. Read before the statistics are computed.
 */
function incidentsAsked(ctx: Context): { forType?: string } | undefined {
  const wanted = queryBool(ctx, 'incidents');
  const forType = queryString(ctx, 'incidentsForType');
  if (wanted != null && forType !== undefined)
    throw new InvalidArgumentError(
      'Only one of the query parameter includeIncidents or includeIncidentsForType can be set.',
    );
  if (forType !== undefined) return { forType };
  return wanted ? {} : undefined;
}

/** `[{incidentType, incidentCount}]`, as the statistics DTOs count incidents. */
function incidentCounts(asked: { forType?: string } | undefined, incidents: EngineIncident[]) {
  if (!asked) return [];
  const counts = new Map<string, number>();
  for (const i of incidents)
    if (asked.forType === undefined || i.incidentType === asked.forType)
      counts.set(i.incidentType, (counts.get(i.incidentType) ?? 0) + 1);
  return [...counts].map(([incidentType, incidentCount]) => ({ incidentType, incidentCount }));
}

/** `historyTimeToLive` of a body: null or not negative. */
async function timeToLiveOf(ctx: Context): Promise<number | null> {
  const ttl = optInt(await readJson(ctx), 'historyTimeToLive');
  if (ttl !== null && ttl < 0) throw new InvalidArgumentError('historyTimeToLive must not be negative');
  return ttl;
}

const byKey = (ctx: Context): DefinitionRef => ({ key: ctx.params.key! });
const byId = (ctx: Context): DefinitionRef => ({ id: ctx.params.id! });

/**
 * Starts an instance of the definition (`…/start`, `…/submit-form`): businessKey and variables;
 * engine failures are wrapped as Camunda's RestException naming the definition.
 */
export async function startFromBody(
  deps: RouteDeps,
  ctx: Context,
  target: { key: string } | { id: string },
  body: Record<string, unknown>,
) {
  const label = 'key' in target ? target.key : target.id;
  let variables;
  try {
    variables = fromDtoMap(body.variables);
  } catch (err) {
    if (err instanceof VariableValueError)
      throw new InvalidArgumentError(`Cannot instantiate process definition ${label}: ${err.message}`);
    throw err;
  }
  try {
    return await startInstance(engineOf(deps.core, ctx), target, optString(body, 'businessKey'), variables);
  } catch (err) {
    if (err instanceof ProcessEngineError)
      throw new RestError(
        500,
        'RestException',
        `Cannot instantiate process definition ${label}: ${err.message}`,
      );
    throw err;
  }
}

/**
 * `/process-definition`: the query, one definition (by id, or the latest of a key without a
 * tenant) with its XML, forms, diagram and statistics; starting an instance (`start`,
 * `submit-form`); suspension, time-to-live, deletion; the statically called definitions. The
 * tenant twins (`…/key/{key}/tenant-id/{tenant-id}/…`) are in process-definition-tenant.routes.ts.
 * Registered in Camunda's order of precedence: `statistics` and `count` are not ids.
 */
export function processDefinitionRoutes(deps: RouteDeps): void {
  const { router, core } = deps;
  router.get('/process-definition/statistics', async (ctx) => {
    const withFailedJobs = queryBool(ctx, 'failedJobs') ?? false;
    const asked = incidentsAsked(ctx);
    const rows = await definitionStatistics(engineOf(core, ctx));
    sendJson(
      ctx,
      rows.map((r) => ({
        id: r.definition.id,
        instances: r.instances,
        failedJobs: withFailedJobs ? r.failedJobs : 0,
        incidents: incidentCounts(asked, r.incidents),
        '@class': 'org.camunda.bpm.engine.rest.dto.repository.ProcessDefinitionStatisticsResultDto',
        definition: processDefinitionDto(r.definition),
      })),
    );
  });
  router.get('/process-definition/:id/statistics', async (ctx) => {
    const withFailedJobs = queryBool(ctx, 'failedJobs') ?? false;
    const asked = incidentsAsked(ctx);
    const rows = await activityStatistics(engineOf(core, ctx), ctx.params.id!);
    sendJson(
      ctx,
      rows.map((r) => ({
        id: r.id,
        instances: r.instances,
        failedJobs: withFailedJobs ? r.failedJobs : 0,
        incidents: incidentCounts(asked, r.incidents),
      })),
    );
  });
  // A Camunda Form declares no generated form fields, so Camunda answers no start form variables.
  router.get('/process-definition/key/:key/form-variables', async (ctx) => {
    await getDefinition(engineOf(core, ctx), byKey(ctx));
    sendJson(ctx, {});
  });
  router.get('/process-definition/:id/form-variables', async (ctx) => {
    await getDefinition(engineOf(core, ctx), byId(ctx));
    sendJson(ctx, {});
  });

  /** `submit-form`: a start from the start form (businessKey + variables), answering the instance. */
  const submit = (which: (ctx: Context) => { key: string } | { id: string }) => async (ctx: Context) => {
    const result = await startFromBody(deps, ctx, which(ctx), await readJson(ctx));
    sendJson(ctx, processInstanceDto(result.instance, baseUrlOf(ctx), result.ended));
  };
  router.post(
    '/process-definition/key/:key/submit-form',
    submit((ctx) => ({ key: ctx.params.key! })),
  );
  router.post(
    '/process-definition/:id/submit-form',
    submit((ctx) => ({ id: ctx.params.id! })),
  );

  const suspend = async (ctx: Context, selector: { id: string } | { key: string }) => {
    const body = await readJson(ctx);
    await suspendDefinitions(engineOf(core, ctx), selector, {
      suspended: suspendedFlag(body),
      includeProcessInstances: optBool(body, 'includeProcessInstances') ?? false,
    });
  };
  router.put('/process-definition/suspended', async (ctx) => {
    const body = await readJson(ctx);
    const key = optString(body, 'processDefinitionKey');
    if (!key) throw new InvalidArgumentError('processDefinitionKey must be given');
    await suspendDefinitions(
      engineOf(core, ctx),
      { key },
      {
        suspended: suspendedFlag(body),
        includeProcessInstances: optBool(body, 'includeProcessInstances') ?? false,
      },
    );
    noContent(ctx);
  });
  router.put('/process-definition/key/:key/suspended', async (ctx) => {
    await suspend(ctx, { key: ctx.params.key! });
    noContent(ctx);
  });
  router.put('/process-definition/:id/suspended', async (ctx) => {
    await suspend(ctx, { id: ctx.params.id! });
    noContent(ctx);
  });

  router.delete('/process-definition/key/:key', async (ctx) => {
    await deleteDefinitions(
      engineOf(core, ctx),
      { key: ctx.params.key! },
      { cascade: queryBool(ctx, 'cascade') ?? false },
    );
    emptyOk(ctx); // as Operaton: 200, not the document's 204
  });
  router.delete('/process-definition/:id', async (ctx) => {
    await deleteDefinitions(
      engineOf(core, ctx),
      { id: ctx.params.id! },
      { cascade: queryBool(ctx, 'cascade') ?? false },
    );
    emptyOk(ctx); // as Operaton: 200, not the document's 204
  });

  // ---- the query and one definition
  router.get('/process-definition', async (ctx) => {
    const rows = await listDefinitions(engineOf(core, ctx), queryParams(ctx), { page: pageParams(ctx) });
    sendJson(ctx, rows.map(processDefinitionDto));
  });
  router.get('/process-definition/count', async (ctx) => {
    const rows = await listDefinitions(engineOf(core, ctx), queryParams(ctx), { page: pageParams(ctx) });
    sendJson(ctx, { count: rows.length });
  });
  router.get('/process-definition/key/:key', async (ctx) => {
    sendJson(ctx, processDefinitionDto(await getDefinition(engineOf(core, ctx), byKey(ctx))));
  });
  router.get('/process-definition/key/:key/xml', async (ctx) => {
    sendJson(ctx, await definitionXml(engineOf(core, ctx), byKey(ctx)));
  });
  router.get('/process-definition/key/:key/startForm', async (ctx) => {
    sendJson(ctx, await startFormOf(engineOf(core, ctx), { key: ctx.params.key! }));
  });
  router.get('/process-definition/key/:key/deployed-start-form', async (ctx) => {
    sendRawJson(ctx, await deployedStartForm(engineOf(core, ctx), { key: ctx.params.key! }));
  });
  router.get('/process-definition/:id/startForm', async (ctx) => {
    sendJson(ctx, await startFormOf(engineOf(core, ctx), { id: ctx.params.id! }));
  });
  router.get('/process-definition/:id/deployed-start-form', async (ctx) => {
    sendRawJson(ctx, await deployedStartForm(engineOf(core, ctx), { id: ctx.params.id! }));
  });
  router.get('/process-definition/:id', async (ctx) => {
    sendJson(ctx, processDefinitionDto(await getDefinition(engineOf(core, ctx), byId(ctx))));
  });
  router.get('/process-definition/:id/xml', async (ctx) => {
    sendJson(ctx, await definitionXml(engineOf(core, ctx), byId(ctx)));
  });

  const start = (which: (ctx: Context) => { key: string } | { id: string }) => async (ctx: Context) => {
    const body = await readJson(ctx);
    if (Array.isArray(body.startInstructions) && body.startInstructions.length > 0) {
      throw new InvalidArgumentError('startInstructions are not supported by this engine yet');
    }
    const withVariables = optBool(body, 'withVariablesInReturn') ?? false;
    const result = await startFromBody(deps, ctx, which(ctx), body);
    // The started instance's variables are part of the start's answer: read unchecked.
    const dto: ProcessInstanceWithVariablesDto = {
      ...processInstanceDto(result.instance, baseUrlOf(ctx), result.ended),
      variables: withVariables ? variableMap(await startedInstanceVariables(core, result)) : null,
    };
    sendJson(ctx, dto);
  };
  router.post(
    '/process-definition/key/:key/start',
    start((ctx) => ({ key: ctx.params.key! })),
  );
  router.post(
    '/process-definition/:id/start',
    start((ctx) => ({ id: ctx.params.id! })),
  );

  // ---- diagram, time-to-live, statistics by key, statically called definitions
  // No diagram images are deployed with BPMN here: Camunda answers 204 then.
  router.get('/process-definition/key/:key/diagram', async (ctx) => {
    await getDefinition(engineOf(core, ctx), byKey(ctx));
    noContent(ctx);
  });
  router.get('/process-definition/:id/diagram', async (ctx) => {
    await getDefinition(engineOf(core, ctx), byId(ctx));
    noContent(ctx);
  });
  router.put('/process-definition/key/:key/history-time-to-live', async (ctx) => {
    await setTimeToLive(engineOf(core, ctx), byKey(ctx), await timeToLiveOf(ctx));
    noContent(ctx);
  });
  router.put('/process-definition/:id/history-time-to-live', async (ctx) => {
    await setTimeToLive(engineOf(core, ctx), byId(ctx), await timeToLiveOf(ctx));
    noContent(ctx);
  });
  router.get('/process-definition/key/:key/statistics', async (ctx) => {
    const def = await getDefinition(engineOf(core, ctx), byKey(ctx));
    const withFailedJobs = queryBool(ctx, 'failedJobs') ?? false;
    const asked = incidentsAsked(ctx);
    const rows = await activityStatistics(engineOf(core, ctx), def.id);
    sendJson(
      ctx,
      rows.map((r) => ({
        id: r.id,
        instances: r.instances,
        failedJobs: withFailedJobs ? r.failedJobs : 0,
        incidents: incidentCounts(asked, r.incidents),
      })),
    );
  });
  router.get('/process-definition/:id/static-called-process-definitions', async (ctx) => {
    const calls = await staticCalledDefinitions(engineOf(core, ctx), ctx.params.id!);
    sendJson(
      ctx,
      calls.map((c) => ({
        ...processDefinitionDto(c.definition),
        calledFromActivityIds: c.calledFromActivityIds,
        callingProcessDefinitionId: ctx.params.id!,
      })),
    );
  });
}
