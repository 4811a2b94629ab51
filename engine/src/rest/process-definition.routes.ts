import type { Context } from 'koa';
import {
  EngineProcessDefinition,
  EngineResource,
  EngineVariable,
  EngineHistoricVariableInstance,
  type EngineTx,
} from '@motcua/db';
import type { ProcessInstanceWithVariablesDto, VariableMapDto } from '@motcua/engine-client';
import { CamundaError, invalidRequest } from '../runtime/errors.js';
import { definitionById, latestDefinition, startInstance } from '../services/process-instance.service.js';
import { deployedStartForm, startFormOf } from '../services/form.service.js';
import { fromDtoMap, VariableValueError } from '../variables/typed-value.js';
import { processDefinitionDto, processInstanceDto, variableMap } from './dto-mappers.js';
import {
  optBool,
  optString,
  paging,
  queryBool,
  queryInt,
  queryList,
  queryString,
  readJson,
  sendJson,
  sendRawJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';
import { isAuthorized, RESOURCES } from '../identity/authorization.service.js';
import type { Principal } from '../identity/identity.service.js';

const SORT_KEYS = ['id', 'key', 'name', 'version', 'deploymentId', 'versionTag', 'tenantId'] as const;

async function listDefinitions(ctx: Context, tx: EngineTx): Promise<EngineProcessDefinition[]> {
  const sortBy = sortByOf(ctx, SORT_KEYS);
  const nameLike = queryString(ctx, 'nameLike');
  const keyLike = queryString(ctx, 'keyLike');
  const ids = queryList(ctx, 'processDefinitionIdIn');
  const keys = queryList(ctx, 'keysIn');
  let rows = await tx.find(
    EngineProcessDefinition,
    {
      id: ids ?? queryString(ctx, 'processDefinitionId'),
      key: keys ?? (keyLike !== undefined ? { op: 'like', value: keyLike } : queryString(ctx, 'key')),
      name: nameLike !== undefined ? { op: 'like', value: nameLike } : queryString(ctx, 'name'),
      deploymentId: queryString(ctx, 'deploymentId'),
      version: queryInt(ctx, 'version'),
      versionTag: queryString(ctx, 'versionTag'),
      resourceName: queryString(ctx, 'resourceName'),
    },
    { order: sortBy ? { [sortBy]: sortOrderOf(ctx), id: 'ASC' } : { key: 'ASC', version: 'ASC' } },
  );
  if (queryBool(ctx, 'latestVersion')) {
    const latest = new Map<string, number>();
    for (const d of rows) latest.set(d.key, Math.max(latest.get(d.key) ?? 0, d.version));
    rows = rows.filter((d) => latest.get(d.key) === d.version);
  }
  // Under authorization checks without READ on all definitions: only the readable keys (security.ts).
  const who = ctx.state.definitionVisibility as Principal | undefined;
  if (who) {
    const readable = new Set<string>();
    for (const key of new Set(rows.map((d) => d.key)))
      if (await isAuthorized(tx, who, RESOURCES.PROCESS_DEFINITION, 'READ', key)) readable.add(key);
    rows = rows.filter((d) => readable.has(d.key));
  }
  const { skip, take } = paging(ctx);
  return rows.slice(skip ?? 0, take === undefined ? undefined : (skip ?? 0) + take);
}

async function xmlOf(tx: EngineTx, def: EngineProcessDefinition) {
  const r = await tx.findOne(EngineResource, { deploymentId: def.deploymentId, name: def.resourceName });
  return { id: def.id, bpmn20Xml: r?.content ?? '' };
}

export function processDefinitionRoutes({ router, core }: RouteDeps): void {
  router.get('/process-definition', async (ctx) => {
    sendJson(ctx, (await core.query((tx) => listDefinitions(ctx, tx))).map(processDefinitionDto));
  });
  router.get('/process-definition/count', async (ctx) => {
    sendJson(ctx, { count: (await core.query((tx) => listDefinitions(ctx, tx))).length });
  });
  router.get('/process-definition/key/:key', async (ctx) => {
    sendJson(ctx, processDefinitionDto(await core.query((tx) => latestDefinition(tx, ctx.params.key!))));
  });
  router.get('/process-definition/key/:key/xml', async (ctx) => {
    sendJson(ctx, await core.query(async (tx) => xmlOf(tx, await latestDefinition(tx, ctx.params.key!))));
  });
  router.get('/process-definition/key/:key/startForm', async (ctx) => {
    sendJson(ctx, await startFormOf(core, { key: ctx.params.key! }));
  });
  router.get('/process-definition/key/:key/deployed-start-form', async (ctx) => {
    sendRawJson(ctx, await deployedStartForm(core, { key: ctx.params.key! }));
  });
  router.get('/process-definition/:id/startForm', async (ctx) => {
    sendJson(ctx, await startFormOf(core, { id: ctx.params.id! }));
  });
  router.get('/process-definition/:id/deployed-start-form', async (ctx) => {
    sendRawJson(ctx, await deployedStartForm(core, { id: ctx.params.id! }));
  });
  router.get('/process-definition/:id', async (ctx) => {
    sendJson(ctx, processDefinitionDto(await core.query((tx) => definitionById(tx, ctx.params.id!))));
  });
  router.get('/process-definition/:id/xml', async (ctx) => {
    sendJson(ctx, await core.query(async (tx) => xmlOf(tx, await definitionById(tx, ctx.params.id!))));
  });

  const start = (which: (ctx: Context) => { key: string } | { id: string }) => async (ctx: Context) => {
    const body = await readJson(ctx);
    const target = which(ctx);
    const label = 'key' in target ? target.key : target.id;
    if (Array.isArray(body.startInstructions) && body.startInstructions.length > 0) {
      throw invalidRequest('startInstructions are not supported by this engine yet');
    }
    let variables;
    try {
      variables = fromDtoMap(body.variables);
    } catch (err) {
      if (err instanceof VariableValueError)
        throw invalidRequest(`Cannot instantiate process definition ${label}: ${err.message}`);
      throw err;
    }
    const businessKey = optString(body, 'businessKey');
    const withVariables = optBool(body, 'withVariablesInReturn') ?? false;
    let result;
    try {
      result = await startInstance(core, target, businessKey, variables);
    } catch (err) {
      // Camunda wraps engine failures of a start as a RestException naming the definition.
      if (err instanceof CamundaError && err.type === 'ProcessEngineException') {
        throw new CamundaError(
          err.status,
          'RestException',
          `Cannot instantiate process definition ${label}: ${err.message}`,
          null,
        );
      }
      throw err;
    }
    let vars: VariableMapDto | null = null;
    if (withVariables) {
      vars = await core.query(async (tx) =>
        result.ended
          ? variableMap(
              await tx.find(EngineHistoricVariableInstance, {
                processInstanceId: result.instance.id,
                state: 'CREATED',
              }),
            )
          : variableMap(await tx.find(EngineVariable, { executionId: result.instance.id, taskId: null })),
      );
    }
    const dto: ProcessInstanceWithVariablesDto = {
      ...processInstanceDto(result.instance, baseUrlOf(ctx), result.ended),
      variables: vars,
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
}
