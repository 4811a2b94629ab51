import type { Context } from 'koa';
import { InvalidArgumentError } from '../runtime/errors.js';
import * as externalTasks from '../services/external-task.service.js';
import * as fetching from '../services/external-task-fetch.service.js';
import { externalTaskIdsOf, externalTaskQuery, topicNames } from '../services/external-task-query.service.js';
import { listCount, listPage } from '../services/query-params.js';
import { fromDtoMap, VariableValueError, type StoredValue } from '../variables/typed-value.js';
import {
  noContent,
  optBool,
  optInt,
  optString,
  optStringArray,
  queryBool,
  readJson,
  reqString,
  sendJson,
} from './http.js';
import { pageParams, queryParams, withBodyAsQuery } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';

function variables(body: Record<string, unknown>): Map<string, StoredValue> {
  try {
    const vars = fromDtoMap(body.variables);
    // Local variables land on the process instance scope too (no local scopes yet).
    for (const [k, v] of fromDtoMap(body.localVariables)) vars.set(k, v);
    return vars;
  } catch (err) {
    if (err instanceof VariableValueError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}

function parseTopic(raw: unknown): fetching.FetchTopic {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new InvalidArgumentError('Each topic must be an object');
  const t = raw as Record<string, unknown>;
  const topicName = reqString(t, 'topicName');
  const processVariables = t.processVariables;
  if (
    processVariables !== undefined &&
    processVariables !== null &&
    (typeof processVariables !== 'object' || Array.isArray(processVariables))
  ) {
    throw new InvalidArgumentError(`processVariables of topic '${topicName}' must be an object`);
  }
  const lockDuration = t.lockDuration;
  if (typeof lockDuration !== 'number' || !Number.isInteger(lockDuration) || lockDuration <= 0) {
    throw new InvalidArgumentError(
      `lockDuration of topic '${topicName}' must be a positive number of milliseconds`,
    );
  }
  return {
    topicName,
    lockDuration,
    variables: optStringArray(t, 'variables'),
    businessKey: optString(t, 'businessKey') ?? undefined,
    processDefinitionId: optString(t, 'processDefinitionId') ?? undefined,
    processDefinitionIdIn: optStringArray(t, 'processDefinitionIdIn') ?? undefined,
    processDefinitionKey: optString(t, 'processDefinitionKey') ?? undefined,
    processDefinitionKeyIn: optStringArray(t, 'processDefinitionKeyIn') ?? undefined,
    processDefinitionVersionTag: optString(t, 'processDefinitionVersionTag') ?? undefined,
    tenantIdIn: optStringArray(t, 'tenantIdIn') ?? undefined,
    withoutTenantId: optBool(t, 'withoutTenantId') ?? undefined,
    includeExtensionProperties: optBool(t, 'includeExtensionProperties') ?? undefined,
    processVariables: (processVariables as Record<string, unknown> | null | undefined) ?? undefined,
  };
}

function parseFetch(body: Record<string, unknown>): fetching.FetchRequest {
  const workerId = reqString(body, 'workerId');
  const timeout = optInt(body, 'asyncResponseTimeout');
  if (timeout !== null && (timeout < 0 || timeout > fetching.MAX_ASYNC_RESPONSE_TIMEOUT)) {
    throw new InvalidArgumentError(
      `The asynchronous response timeout cannot be set to a value greater than ${fetching.MAX_ASYNC_RESPONSE_TIMEOUT} milliseconds`,
    );
  }
  const maxTasks = optInt(body, 'maxTasks') ?? 0;
  if (maxTasks < 0) throw new InvalidArgumentError('maxTasks must not be negative');
  const topics = body.topics ?? [];
  if (!Array.isArray(topics)) throw new InvalidArgumentError('topics must be an array');
  let createTimeOrder: 'ASC' | 'DESC' | undefined;
  if (Array.isArray(body.sorting)) {
    for (const s of body.sorting as { sortBy?: unknown; sortOrder?: unknown }[]) {
      if (s?.sortBy !== 'createTime')
        throw new InvalidArgumentError(`Cannot sort external tasks by '${String(s?.sortBy)}'`);
      createTimeOrder = s.sortOrder === 'desc' ? 'DESC' : 'ASC';
    }
  }
  return {
    workerId,
    maxTasks,
    usePriority: optBool(body, 'usePriority') ?? false,
    createTimeOrder,
    asyncResponseTimeout: timeout,
    topics: topics.map(parseTopic),
  };
}

const nonNegative = (body: Record<string, unknown>, key: string, fallback?: number): number => {
  const v = optInt(body, key) ?? fallback;
  if (v === undefined) throw new InvalidArgumentError(`${key} must not be null`);
  if (v < 0) throw new InvalidArgumentError(`${key} must be greater than or equal to 0`);
  return v;
};

const positive = (body: Record<string, unknown>, key: string): number => {
  const v = optInt(body, key);
  if (v === null || v <= 0) throw new InvalidArgumentError(`${key} must be greater than 0`);
  return v;
};

/**
 * `/external-task`: fetch-and-lock (long polling), the queries (GET and POST), topic names, one
 * task and its error details, the worker's answers (complete, failure, BPMN error), locks,
 * retries (one task or many) and priority.
 */
export function externalTaskRoutes({ router, core }: RouteDeps): void {
  router.post('/external-task/fetchAndLock', async (ctx: Context) => {
    const req = parseFetch(await readJson(ctx));
    // The request stream is destroyed once its body is read; the socket tells whether the client left.
    const tasks = await fetching.fetchAndLock(engineOf(core, ctx), req, () => ctx.req.socket.destroyed);
    sendJson(ctx, tasks);
  });
  const list = async (ctx: Context) => {
    const rows = await listPage(
      engineOf(core, ctx),
      externalTaskQuery(core, queryParams(ctx)),
      pageParams(ctx),
    );
    sendJson(ctx, rows.map(externalTasks.toExternalTaskDto));
  };
  const count = async (ctx: Context) => {
    sendJson(ctx, { count: await listCount(engineOf(core, ctx), externalTaskQuery(core, queryParams(ctx))) });
  };
  router.get('/external-task', list);
  router.get('/external-task/count', count);
  router.post('/external-task', withBodyAsQuery(list));
  router.post('/external-task/count', withBodyAsQuery(count));
  router.get('/external-task/topic-names', async (ctx) => {
    sendJson(
      ctx,
      await topicNames(engineOf(core, ctx), {
        withLockedTasks: queryBool(ctx, 'withLockedTasks') ?? false,
        withUnlockedTasks: queryBool(ctx, 'withUnlockedTasks') ?? false,
        withRetriesLeft: queryBool(ctx, 'withRetriesLeft') ?? false,
      }),
    );
  });
  router.put('/external-task/retries', async (ctx) => {
    const body = await readJson(ctx);
    const retries = optInt(body, 'retries');
    if (retries === null || retries < 0)
      throw new InvalidArgumentError('The number of retries cannot be negative or null.');
    const ids = new Set(optStringArray(body, 'externalTaskIds') ?? []);
    const instances = optStringArray(body, 'processInstanceIds') ?? [];
    if (instances.length)
      for (const id of await externalTaskIdsOf(engineOf(core, ctx), instances)) ids.add(id);
    if (ids.size === 0) throw new InvalidArgumentError('externalTaskIds is empty');
    await externalTasks.setRetriesOfMany(engineOf(core, ctx), [...ids], retries);
    noContent(ctx);
  });
  router.get('/external-task/:id', async (ctx) => {
    sendJson(
      ctx,
      externalTasks.toExternalTaskDto(
        await externalTasks.getExternalTask(engineOf(core, ctx), ctx.params.id!),
      ),
    );
  });
  router.get('/external-task/:id/errorDetails', async (ctx) => {
    const task = await externalTasks.getExternalTask(engineOf(core, ctx), ctx.params.id!);
    if (task.errorDetails === null) return noContent(ctx);
    ctx.status = 200;
    ctx.set('Content-Type', 'text/plain');
    ctx.body = task.errorDetails;
  });
  router.post('/external-task/:id/complete', async (ctx) => {
    const body = await readJson(ctx);
    await externalTasks.complete(
      engineOf(core, ctx),
      ctx.params.id!,
      reqString(body, 'workerId'),
      variables(body),
    );
    noContent(ctx);
  });
  router.post('/external-task/:id/failure', async (ctx) => {
    const body = await readJson(ctx);
    const workerId = reqString(body, 'workerId');
    await externalTasks.reportFailure(
      engineOf(core, ctx),
      ctx.params.id!,
      {
        workerId,
        errorMessage: optString(body, 'errorMessage'),
        errorDetails: optString(body, 'errorDetails'),
        retries: nonNegative(body, 'retries'),
        retryTimeout: nonNegative(body, 'retryTimeout', 0),
      },
      variables(body),
    );
    noContent(ctx);
  });
  router.post('/external-task/:id/bpmnError', async (ctx) => {
    const body = await readJson(ctx);
    const workerId = reqString(body, 'workerId');
    const errorCode = reqString(body, 'errorCode');
    await externalTasks.reportBpmnError(
      engineOf(core, ctx),
      ctx.params.id!,
      workerId,
      errorCode,
      optString(body, 'errorMessage'),
      variables(body),
    );
    noContent(ctx);
  });
  router.post('/external-task/:id/extendLock', async (ctx) => {
    const body = await readJson(ctx);
    await externalTasks.extendLock(
      engineOf(core, ctx),
      ctx.params.id!,
      reqString(body, 'workerId'),
      positive(body, 'newDuration'),
    );
    noContent(ctx);
  });
  router.post('/external-task/:id/lock', async (ctx) => {
    const body = await readJson(ctx);
    await externalTasks.lock(
      engineOf(core, ctx),
      ctx.params.id!,
      reqString(body, 'workerId'),
      positive(body, 'lockDuration'),
    );
    noContent(ctx);
  });
  router.post('/external-task/:id/unlock', async (ctx) => {
    await externalTasks.unlock(engineOf(core, ctx), ctx.params.id!);
    noContent(ctx);
  });
  router.put('/external-task/:id/retries', async (ctx) => {
    const body = await readJson(ctx);
    const retries = optInt(body, 'retries');
    if (retries === null || retries < 0)
      throw new InvalidArgumentError('The number of retries cannot be negative or null.');
    await externalTasks.setRetries(engineOf(core, ctx), ctx.params.id!, retries);
    noContent(ctx);
  });
  router.put('/external-task/:id/priority', async (ctx) => {
    const priority = optInt(await readJson(ctx), 'priority');
    if (priority === null) throw new InvalidArgumentError('priority must not be null');
    await externalTasks.setPriority(engineOf(core, ctx), ctx.params.id!, priority);
    noContent(ctx);
  });
}
