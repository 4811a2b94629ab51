import type { Context } from 'koa';
import { EngineIncident, EngineJob, jobDefinitionIdOf, type Where } from '@motcua/db';
import type { JobExecutor } from '../jobs/job-executor.js';
import { badUserRequest, invalidRequest, notFound } from '../runtime/errors.js';
import { formatCamundaDate } from '../variables/typed-value.js';
import { noContent, paging, queryBool, queryString, readJson, sendJson } from './http.js';
import { useBodyAsQuery } from './query-body.js';
import type { RouteDeps } from './rest-context.js';

/** Camunda's JobDto. */
function jobDto(j: EngineJob) {
  return {
    id: j.id,
    jobDefinitionId: jobDefinitionIdOf(j.processDefinitionId, j.activityId, j.handlerType),
    processInstanceId: j.processInstanceId,
    processDefinitionId: j.processDefinitionId,
    processDefinitionKey: j.processDefinitionKey,
    executionId: j.executionId,
    exceptionMessage: j.exceptionMessage,
    failedActivityId: j.exceptionMessage === null ? null : j.activityId,
    retries: j.retries,
    dueDate: formatCamundaDate(j.dueDate),
    suspended: j.suspended,
    priority: j.priority,
    tenantId: j.tenantId,
    createTime: formatCamundaDate(j.createTime),
    batchId: null,
  };
}

/** GET /job filters (the ones a process needs to find its timers and failed jobs). */
/** `now`: the engine clock's, so `executable` agrees with the job executor (and a test clock). */
function jobWhere(ctx: Context, now: Date): { where: Where<EngineJob>; post: (j: EngineJob) => boolean } {
  const where: Where<EngineJob> = {};
  const s = (k: string) => queryString(ctx, k);
  if (s('jobId')) where.id = s('jobId');
  if (s('processInstanceId')) where.processInstanceId = s('processInstanceId');
  if (s('executionId')) where.executionId = s('executionId');
  if (s('processDefinitionId')) where.processDefinitionId = s('processDefinitionId');
  if (s('processDefinitionKey')) where.processDefinitionKey = s('processDefinitionKey');
  if (s('activityId')) where.activityId = s('activityId');
  if (queryBool(ctx, 'timers')) where.type = 'timer';
  if (queryBool(ctx, 'messages')) where.type = 'message';
  if (queryBool(ctx, 'withException')) where.exceptionMessage = { op: 'notNull' };
  if (queryBool(ctx, 'noRetriesLeft')) where.retries = 0;
  const executable = queryBool(ctx, 'executable');
  const withRetriesLeft = queryBool(ctx, 'withRetriesLeft');
  return {
    where,
    post: (j) =>
      (!withRetriesLeft || j.retries > 0) &&
      (!executable || (j.retries > 0 && (j.dueDate === null || j.dueDate <= now))),
  };
}

export function jobRoutes({ router, core, jobs }: RouteDeps & { jobs: JobExecutor }): void {
  const list = async (ctx: Context) => {
    const { where, post } = jobWhere(ctx, core.clock.now());
    const rows = await core.query((tx) =>
      tx.find(EngineJob, where, { order: { dueDate: 'ASC', id: 'ASC' } }),
    );
    return rows.filter(post);
  };
  router.get('/job', async (ctx) => {
    const { skip = 0, take } = paging(ctx);
    const rows = await list(ctx);
    sendJson(ctx, rows.slice(skip, take === undefined ? undefined : skip + take).map(jobDto));
  });
  router.get('/job/count', async (ctx) => sendJson(ctx, { count: (await list(ctx)).length }));
  // The same query as a JSON body (Camunda's JobQueryDto); paging stays in the URL.
  router.post('/job', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    const { skip = 0, take } = paging(ctx);
    const rows = await list(ctx);
    sendJson(ctx, rows.slice(skip, take === undefined ? undefined : skip + take).map(jobDto));
  });
  router.post('/job/count', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, { count: (await list(ctx)).length });
  });
  router.get('/job/:id', async (ctx) => {
    const job = await core.query((tx) => tx.get(EngineJob, ctx.params.id!));
    if (!job) throw notFound(`Job with id ${ctx.params.id} does not exist`, 'InvalidRequestException');
    sendJson(ctx, jobDto(job));
  });
  router.get('/job/:id/stacktrace', async (ctx) => {
    const job = await core.query((tx) => tx.get(EngineJob, ctx.params.id!));
    if (!job) throw notFound(`Job with id ${ctx.params.id} does not exist`, 'InvalidRequestException');
    ctx.type = 'text/plain';
    ctx.body = job.exceptionStacktrace ?? '';
  });
  router.post('/job/:id/execute', async (ctx) => {
    await jobs.execute(ctx.params.id!);
    noContent(ctx);
  });
  router.put('/job/:id/retries', async (ctx) => {
    const body = await readJson(ctx);
    const retries = body.retries;
    if (typeof retries !== 'number' || !Number.isInteger(retries))
      throw invalidRequest('retries must be an integer');
    if (retries < 0) throw badUserRequest('The number of job retries must be a non-negative Integer');
    await core.command(async (c) => {
      const job = await c.tx.get(EngineJob, ctx.params.id!);
      if (!job) throw notFound(`No job found with id '${ctx.params.id}'`, 'InvalidRequestException');
      job.retries = retries;
      await c.tx.update(EngineJob, job);
      // Retries above 0 resolve the failedJob incident, as in Camunda.
      if (retries > 0)
        await c.tx.removeWhere(EngineIncident, { configuration: job.id, incidentType: 'failedJob' });
      c.createdJobs = true;
    });
    noContent(ctx);
  });
}
