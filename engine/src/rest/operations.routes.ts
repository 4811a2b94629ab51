import type { Context } from 'koa';
import { EngineExternalTask, EngineVariable, EngineExecution, type Where } from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import * as externalTasks from '../services/external-task.service.js';
import { processInstanceDto } from './dto-mappers.js';
import {
  noContent,
  optInt,
  optStringArray,
  queryBool,
  queryList,
  queryString,
  readJson,
  sendJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import { instanceQuery } from './process-instance.routes.js';
import { useBodyAsQuery } from './query-body.js';
import { countOf, pageOf, type ListQuery } from './list-query.js';
import { variableInstanceDto } from './variable-instance-query.routes.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';

const EXT_SORT = {
  id: 'id',
  lockExpirationTime: 'lockExpirationTime',
  processInstanceId: 'processInstanceId',
  processDefinitionKey: 'processDefinitionKey',
  taskPriority: 'priority',
  createTime: 'createTime',
} as const;

/** `now`: the engine clock's; a lock that expired counts as unlocked (Camunda compares with the clock). */
function externalTaskWhere(ctx: Context, now: Date): Where<EngineExternalTask> {
  const locked = queryBool(ctx, 'locked');
  const notLocked = queryBool(ctx, 'notLocked');
  const withRetriesLeft = queryBool(ctx, 'withRetriesLeft');
  const noRetriesLeft = queryBool(ctx, 'noRetriesLeft');
  return {
    id: queryList(ctx, 'externalTaskIdIn') ?? queryString(ctx, 'externalTaskId'),
    topicName: queryString(ctx, 'topicName'),
    workerId: queryString(ctx, 'workerId'),
    processInstanceId: queryList(ctx, 'processInstanceIdIn') ?? queryString(ctx, 'processInstanceId'),
    processDefinitionId: queryString(ctx, 'processDefinitionId'),
    processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
    activityId: queryList(ctx, 'activityIdIn') ?? queryString(ctx, 'activityId'),
    executionId: queryString(ctx, 'executionId'),
    tenantId: queryList(ctx, 'tenantIdIn'),
    // Locked means a worker holds it now: its lock expires after the clock's now.
    lockExpirationTime:
      locked && notLocked
        ? {
            op: 'all',
            of: [
              { op: 'gt', value: now },
              { op: 'lte', value: now },
            ],
          }
        : locked
          ? { op: 'gt', value: now }
          : notLocked
            ? { op: 'nullOrLte', value: now }
            : undefined,
    retries: noRetriesLeft ? 0 : withRetriesLeft ? { op: 'ne', value: 0 } : undefined,
    suspended: queryBool(ctx, 'suspended') ? true : queryBool(ctx, 'active') ? false : undefined,
  };
}

/** Operator endpoints: external-task administration, incidents, variable instances, POST queries. */
export function operationsRoutes({ router, core }: RouteDeps): void {
  const externalTaskQuery = (ctx: Context): ListQuery<EngineExternalTask> => {
    const sortBy = sortByOf(ctx, Object.keys(EXT_SORT) as (keyof typeof EXT_SORT)[]);
    return {
      entity: EngineExternalTask,
      where: externalTaskWhere(ctx, core.clock.now()),
      order: sortBy ? { [EXT_SORT[sortBy]]: sortOrderOf(ctx), id: 'ASC' } : { createTime: 'ASC', id: 'ASC' },
    };
  };
  router.get('/external-task/count', async (ctx) => {
    sendJson(ctx, { count: await countOf(core, externalTaskQuery(ctx)) });
  });
  router.post('/external-task', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, (await pageOf(core, ctx, externalTaskQuery(ctx))).map(externalTasks.toExternalTaskDto));
  });
  router.post('/external-task/count', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, { count: await countOf(core, externalTaskQuery(ctx)) });
  });
  router.get('/external-task/topic-names', async (ctx) => {
    const withLocked = queryBool(ctx, 'withLockedTasks') ?? false;
    const withUnlocked = queryBool(ctx, 'withUnlockedTasks') ?? false;
    const withRetriesLeft = queryBool(ctx, 'withRetriesLeft') ?? false;
    const now = core.clock.now();
    const rows = await core.query((tx) => tx.find(EngineExternalTask, {}));
    const names = rows
      .filter((t) => {
        const held = t.lockExpirationTime !== null && t.lockExpirationTime > now;
        if (withLocked && !held) return false;
        if (withUnlocked && held) return false;
        return !withRetriesLeft || t.retries === null || t.retries > 0;
      })
      .map((t) => t.topicName);
    sendJson(ctx, [...new Set(names)].sort());
  });
  router.put('/external-task/retries', async (ctx) => {
    const body = await readJson(ctx);
    const retries = optInt(body, 'retries');
    if (retries === null || retries < 0)
      throw invalidRequest('The number of retries cannot be negative or null.');
    const ids = new Set(optStringArray(body, 'externalTaskIds') ?? []);
    const instances = optStringArray(body, 'processInstanceIds') ?? [];
    if (instances.length) {
      const rows = await core.query((tx) => tx.find(EngineExternalTask, { processInstanceId: instances }));
      for (const r of rows) ids.add(r.id);
    }
    if (ids.size === 0) throw invalidRequest('externalTaskIds is empty');
    await externalTasks.setRetriesOfMany(core, [...ids], retries);
    noContent(ctx);
  });
  router.put('/external-task/:id/priority', async (ctx) => {
    const priority = optInt(await readJson(ctx), 'priority');
    if (priority === null) throw invalidRequest('priority must not be null');
    await externalTasks.setPriority(core, ctx.params.id!, priority);
    noContent(ctx);
  });

  // ---- variable instances (runtime; the list and count are in variable-instance-query.routes.ts)
  router.get('/variable-instance/:id', async (ctx) => {
    const v = await core.query((tx) => tx.get(EngineVariable, ctx.params.id!));
    if (!v)
      throw notFound(
        `Variable instance with Id '${ctx.params.id}' does not exist.`,
        'InvalidRequestException',
      );
    sendJson(ctx, variableInstanceDto(v));
  });

  // ---- POST process-instance queries
  router.post('/process-instance', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    const rows = await core.query((tx) => tx.queryProcessInstances(instanceQuery(ctx)));
    sendJson(
      ctx,
      rows.map((r: EngineExecution) => processInstanceDto(r, baseUrlOf(ctx))),
    );
  });
  router.post('/process-instance/count', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    const { skip: _s, take: _t, ...q } = instanceQuery(ctx);
    sendJson(ctx, { count: await core.query((tx) => tx.countProcessInstances(q)) });
  });
}
