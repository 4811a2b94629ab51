import type { Context } from 'koa';
import { InvalidArgumentError, NotFoundError } from '../runtime/errors.js';
import { activityInstanceTree, suspendInstances } from '../services/process-admin.service.js';
import { deleteProcessInstance, modifyVariables } from '../services/process-instance.service.js';
import {
  countProcessInstances,
  getProcessInstance,
  listProcessInstances,
  processInstanceVariables,
  readProcessInstanceVariable,
} from '../services/process-instance-query.service.js';
import { modifyInstance } from '../services/modification.service.js';
import { processInstanceDto } from './dto-mappers.js';
import { noContent, optString, queryBool, queryString, readJson, sendJson } from './http.js';
import { getAndPost } from './list-query.js';
import { parseModification } from './modification.routes.js';
import { suspendedFlag } from './suspension-body.js';
import { instanceQuery } from './process-instance-query.js';
import { baseUrlOf, engineOf, type RouteDeps } from './rest-context.js';
import { variablesResource } from './variables-resource.js';

/**
 * `/process-instance`: the query (GET and POST), one instance, its variables, deletion,
 * suspension, the activity-instance tree and modification. Comments are in
 * process-instance-comment.routes.ts; starting an instance is a process definition's `…/start`.
 */
export function processInstanceRoutes(deps: RouteDeps): void {
  const { router, core } = deps;
  getAndPost(router, '/process-instance', async (ctx: Context) => {
    const rows = await listProcessInstances(engineOf(core, ctx), instanceQuery(ctx));
    sendJson(
      ctx,
      rows.map((r) => processInstanceDto(r, baseUrlOf(ctx))),
    );
  });
  getAndPost(router, '/process-instance/count', async (ctx: Context) => {
    sendJson(ctx, { count: await countProcessInstances(engineOf(core, ctx), instanceQuery(ctx)) });
  });
  router.put('/process-instance/suspended', async (ctx) => {
    const body = await readJson(ctx);
    const processDefinitionId = optString(body, 'processDefinitionId') ?? undefined;
    const processDefinitionKey = optString(body, 'processDefinitionKey') ?? undefined;
    if (processDefinitionId === undefined && processDefinitionKey === undefined)
      throw new InvalidArgumentError('Either processDefinitionId or processDefinitionKey must be given');
    await suspendInstances(
      engineOf(core, ctx),
      { processDefinitionId, processDefinitionKey },
      suspendedFlag(body),
    );
    noContent(ctx);
  });
  router.get('/process-instance/:id', async (ctx) => {
    sendJson(
      ctx,
      processInstanceDto(await getProcessInstance(engineOf(core, ctx), ctx.params.id!), baseUrlOf(ctx)),
    );
  });
  router.delete('/process-instance/:id', async (ctx) => {
    // failIfNotExists=false: an instance already gone is not an error (Camunda's 204).
    const failIfNotExists = queryBool(ctx, 'failIfNotExists') ?? true;
    try {
      await deleteProcessInstance(
        engineOf(core, ctx),
        ctx.params.id!,
        queryString(ctx, 'deleteReason') ?? null,
      );
    } catch (err) {
      if (failIfNotExists || !(err instanceof NotFoundError)) throw err;
    }
    noContent(ctx);
  });
  variablesResource(deps, {
    path: '/process-instance/:id/variables',
    noun: 'process instance',
    list: (engine, id) => processInstanceVariables(engine, id),
    readOne: readProcessInstanceVariable,
    write: (engine, id, modifications, deletions) => modifyVariables(engine, id, modifications, deletions),
    putError: (_id, name, detail) => `Cannot put process instance variable ${name}: ${detail}`,
    modifyError: (_id, detail) => `Cannot modify variables for process instance: ${detail}`,
  });
  router.put('/process-instance/:id/suspended', async (ctx) => {
    const suspended = suspendedFlag(await readJson(ctx));
    await suspendInstances(engineOf(core, ctx), { processInstanceId: ctx.params.id! }, suspended);
    noContent(ctx);
  });
  router.get('/process-instance/:id/activity-instances', async (ctx) => {
    sendJson(ctx, await activityInstanceTree(engineOf(core, ctx), ctx.params.id!));
  });
  router.post('/process-instance/:id/modification', async (ctx) => {
    await modifyInstance(
      engineOf(core, ctx),
      ctx.params.id!,
      parseModification(await readJson(ctx), { batch: false }),
    );
    noContent(ctx);
  });
}
