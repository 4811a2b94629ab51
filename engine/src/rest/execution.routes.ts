import type { Context } from 'koa';
import type { EngineExecution } from '@motcua/db/engine';
import { InvalidArgumentError } from '../runtime/errors.js';
import {
  countExecutions,
  createIncident,
  executionLocalVariables,
  getExecution,
  listExecutions,
  messageSubscription,
  readExecutionLocalVariable,
  removeExecutionLocalVariable,
  setExecutionLocalVariables,
  signalExecution,
  triggerMessageSubscription,
} from '../services/execution.service.js';
import { fromDtoMap, VariableValueError } from '../variables/typed-value.js';
import { incidentDto } from './dto-mappers.js';
import { eventSubscriptionDto } from './event-subscription.routes.js';
import { checkLength, noContent, optString, readJson, sendJson } from './http.js';
import { getAndPost, pageParams, queryParams } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';
import { variablesResource } from './variables-resource.js';

const executionDto = (e: EngineExecution) => ({
  id: e.id,
  processInstanceId: e.processInstanceId,
  ended: false,
  tenantId: e.tenantId,
});

const variableError = (detail: string) => `Cannot modify execution variables: ${detail}`;

/** The `variables` of a trigger or signal body. */
async function variablesOf(ctx: Context) {
  const body = await readJson(ctx);
  try {
    return fromDtoMap(body.variables);
  } catch (err) {
    if (err instanceof VariableValueError) throw new InvalidArgumentError(variableError(err.message));
    throw err;
  }
}

/**
 * `/execution`: the query (GET and POST), one execution, its local variables, a custom incident,
 * its message subscriptions (read and triggered) and `signal`.
 */
export function executionRoutes(deps: RouteDeps): void {
  const { router, core } = deps;
  getAndPost(router, '/execution', async (ctx) => {
    sendJson(
      ctx,
      (await listExecutions(engineOf(core, ctx), queryParams(ctx), pageParams(ctx))).map(executionDto),
    );
  });
  getAndPost(router, '/execution/count', async (ctx) => {
    sendJson(ctx, { count: await countExecutions(engineOf(core, ctx), queryParams(ctx)) });
  });
  router.get('/execution/:id', async (ctx) => {
    sendJson(ctx, executionDto(await getExecution(engineOf(core, ctx), ctx.params.id!)));
  });
  variablesResource(deps, {
    path: '/execution/:id/localVariables',
    noun: 'execution',
    list: (engine, id) => executionLocalVariables(engine, id),
    readOne: readExecutionLocalVariable,
    write: (engine, id, modifications) => setExecutionLocalVariables(engine, id, modifications),
    deletionsUnsupported: 'Deleting local variables is not supported by this engine yet',
    remove: (engine, id, name) => removeExecutionLocalVariable(engine, id, name),
    putError: (_id, _name, detail) => variableError(detail),
    modifyError: (_id, detail) => variableError(detail),
  });
  router.post('/execution/:id/create-incident', async (ctx) => {
    const body = await readJson(ctx);
    const incidentType = checkLength(optString(body, 'incidentType'), 'incidentType', 64);
    if (!incidentType) throw new InvalidArgumentError('incidentType must not be null');
    const incident = await createIncident(engineOf(core, ctx), ctx.params.id!, {
      incidentType,
      message: checkLength(optString(body, 'message'), 'message', 4000),
      configuration: checkLength(optString(body, 'configuration'), 'configuration', 64),
    });
    sendJson(ctx, incidentDto(incident));
  });
  router.get('/execution/:id/messageSubscriptions/:messageName', async (ctx) => {
    sendJson(
      ctx,
      eventSubscriptionDto(
        await messageSubscription(engineOf(core, ctx), ctx.params.id!, ctx.params.messageName!),
      ),
    );
  });
  router.post('/execution/:id/messageSubscriptions/:messageName/trigger', async (ctx) => {
    const variables = await variablesOf(ctx);
    await triggerMessageSubscription(engineOf(core, ctx), ctx.params.id!, ctx.params.messageName!, variables);
    noContent(ctx);
  });
  router.post('/execution/:id/signal', async (ctx) => {
    await signalExecution(engineOf(core, ctx), ctx.params.id!, await variablesOf(ctx));
    noContent(ctx);
  });
}
