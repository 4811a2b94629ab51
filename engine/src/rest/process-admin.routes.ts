import type { Context } from 'koa';
import type { EngineIncident } from '@motcua/db';
import { CamundaError, invalidRequest } from '../runtime/errors.js';
import {
  activityInstanceTree,
  activityStatistics,
  definitionStatistics,
  deleteDefinitions,
  deleteDeployment,
  suspendDefinitions,
  suspendInstances,
} from '../services/process-admin.service.js';
import { definitionById, latestDefinition, startInstance } from '../services/process-instance.service.js';
import { fromDtoMap, VariableValueError } from '../variables/typed-value.js';
import { processDefinitionDto, processInstanceDto } from './dto-mappers.js';
import {
  emptyOk,
  noContent,
  optBool,
  optString,
  queryBool,
  queryString,
  readJson,
  sendJson,
} from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';

/** `[{incidentType, incidentCount}]`, as the statistics DTOs count incidents. */
function incidentCounts(ctx: Context, incidents: EngineIncident[]) {
  const wanted = queryBool(ctx, 'incidents') ?? false;
  const forType = queryString(ctx, 'incidentsForType');
  if (!wanted && forType === undefined) return [];
  const counts = new Map<string, number>();
  for (const i of incidents)
    if (forType === undefined || i.incidentType === forType)
      counts.set(i.incidentType, (counts.get(i.incidentType) ?? 0) + 1);
  return [...counts].map(([incidentType, incidentCount]) => ({ incidentType, incidentCount }));
}

function suspendedFlag(body: Record<string, unknown>): boolean {
  const s = optBool(body, 'suspended');
  if (s === null) throw invalidRequest('suspended must be true or false');
  if (body.executionDate !== undefined && body.executionDate !== null)
    throw invalidRequest('Delayed suspension (executionDate) is not supported by this engine');
  return s;
}

/**
 * Cockpit's operations on definitions, instances and deployments. Registered before the
 * skeleton's routes so `/process-definition/statistics` is not taken for a definition id.
 */
export function processAdminRoutes({ router, core }: RouteDeps): void {
  router.get('/process-definition/statistics', async (ctx) => {
    const withFailedJobs = queryBool(ctx, 'failedJobs') ?? false;
    const rows = await definitionStatistics(core);
    sendJson(
      ctx,
      rows.map((r) => ({
        id: r.definition.id,
        instances: r.instances,
        failedJobs: withFailedJobs ? r.failedJobs : 0,
        incidents: incidentCounts(ctx, r.incidents),
        '@class': 'org.camunda.bpm.engine.rest.dto.repository.ProcessDefinitionStatisticsResultDto',
        definition: processDefinitionDto(r.definition),
      })),
    );
  });
  router.get('/process-definition/:id/statistics', async (ctx) => {
    const withFailedJobs = queryBool(ctx, 'failedJobs') ?? false;
    const rows = await activityStatistics(core, ctx.params.id!);
    sendJson(
      ctx,
      rows.map((r) => ({
        id: r.id,
        instances: r.instances,
        failedJobs: withFailedJobs ? r.failedJobs : 0,
        incidents: incidentCounts(ctx, r.incidents),
      })),
    );
  });

  // A Camunda Form declares no generated form fields, so Camunda answers no start form variables.
  router.get('/process-definition/key/:key/form-variables', async (ctx) => {
    await core.query((tx) => latestDefinition(tx, ctx.params.key!));
    sendJson(ctx, {});
  });
  router.get('/process-definition/:id/form-variables', async (ctx) => {
    await core.query((tx) => definitionById(tx, ctx.params.id!));
    sendJson(ctx, {});
  });

  /** `submit-form`: a start from the start form (businessKey + variables), answering the instance. */
  const submit = (which: (ctx: Context) => { key: string } | { id: string }) => async (ctx: Context) => {
    const body = await readJson(ctx);
    const target = which(ctx);
    const label = 'key' in target ? target.key : target.id;
    let variables;
    try {
      variables = fromDtoMap(body.variables);
    } catch (err) {
      if (err instanceof VariableValueError)
        throw invalidRequest(`Cannot instantiate process definition ${label}: ${err.message}`);
      throw err;
    }
    try {
      const result = await startInstance(core, target, optString(body, 'businessKey'), variables);
      sendJson(ctx, processInstanceDto(result.instance, baseUrlOf(ctx), result.ended));
    } catch (err) {
      if (err instanceof CamundaError && err.type === 'ProcessEngineException')
        throw new CamundaError(
          err.status,
          'RestException',
          `Cannot instantiate process definition ${label}: ${err.message}`,
        );
      throw err;
    }
  };
  router.post(
    '/process-definition/key/:key/submit-form',
    submit((ctx) => ({ key: ctx.params.key! })),
  );
  router.post(
    '/process-definition/:id/submit-form',
    submit((ctx) => ({ id: ctx.params.id! })),
  );

  router.put('/process-definition/suspended', async (ctx) => {
    const body = await readJson(ctx);
    const key = optString(body, 'processDefinitionKey');
    if (!key) throw invalidRequest('processDefinitionKey must be given');
    await suspendDefinitions(
      core,
      { key },
      suspendedFlag(body),
      optBool(body, 'includeProcessInstances') ?? false,
    );
    noContent(ctx);
  });
  router.put('/process-definition/key/:key/suspended', async (ctx) => {
    const body = await readJson(ctx);
    await suspendDefinitions(
      core,
      { key: ctx.params.key! },
      suspendedFlag(body),
      optBool(body, 'includeProcessInstances') ?? false,
    );
    noContent(ctx);
  });
  router.put('/process-definition/:id/suspended', async (ctx) => {
    const body = await readJson(ctx);
    await suspendDefinitions(
      core,
      { id: ctx.params.id! },
      suspendedFlag(body),
      optBool(body, 'includeProcessInstances') ?? false,
    );
    noContent(ctx);
  });

  router.put('/process-instance/suspended', async (ctx) => {
    const body = await readJson(ctx);
    const processDefinitionId = optString(body, 'processDefinitionId') ?? undefined;
    const processDefinitionKey = optString(body, 'processDefinitionKey') ?? undefined;
    if (processDefinitionId === undefined && processDefinitionKey === undefined)
      throw invalidRequest('Either processDefinitionId or processDefinitionKey must be given');
    await suspendInstances(core, { processDefinitionId, processDefinitionKey }, suspendedFlag(body));
    noContent(ctx);
  });
  router.put('/process-instance/:id/suspended', async (ctx) => {
    const suspended = suspendedFlag(await readJson(ctx));
    await suspendInstances(core, { processInstanceId: ctx.params.id! }, suspended);
    noContent(ctx);
  });
  router.get('/process-instance/:id/activity-instances', async (ctx) => {
    sendJson(ctx, await activityInstanceTree(core, ctx.params.id!));
  });

  router.delete('/process-definition/key/:key', async (ctx) => {
    await deleteDefinitions(core, { key: ctx.params.key! }, queryBool(ctx, 'cascade') ?? false);
    emptyOk(ctx); // as Operaton: 200, not the document's 204
  });
  router.delete('/process-definition/:id', async (ctx) => {
    await deleteDefinitions(core, { id: ctx.params.id! }, queryBool(ctx, 'cascade') ?? false);
    emptyOk(ctx); // as Operaton: 200, not the document's 204
  });
  router.delete('/deployment/:id', async (ctx) => {
    await deleteDeployment(core, ctx.params.id!, queryBool(ctx, 'cascade') ?? false);
    noContent(ctx);
  });
}
