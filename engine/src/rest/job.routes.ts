import type { Context } from 'koa';
import { EngineIncident, EngineJob, jobDefinitionIdOf, type Where } from '@motcua/db';
import type { JobExecutor } from '../jobs/job-executor.js';
import { badUserRequest, invalidRequest, notFound } from '../runtime/errors.js';
import { formatCamundaDate } from '../variables/typed-value.js';
import { noContent, queryBool, queryString, readJson, sendJson } from './http.js';
import { useBodyAsQuery } from './query-body.js';
import { countOf, pageOf, type ListQuery } from './list-query.js';
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
function jobWhere(ctx: Context, now: Date): Where<EngineJob> {
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
  if (withRetriesLeft || executable)
    where.retries =
      where.retries === 0
        ? {
            op: 'all',
            of: [
              { op: 'gt', value: 0 },
              { op: 'lte', value: 0 },
            ],
          }
        : { op: 'gt', value: 0 };
  // Executable: retries left and due (a job without a due date is due at once).
  if (executable) where.dueDate = { op: 'nullOrLte', value: now };
  return where;
}

export function jobRoutes({ router, core, jobs }: RouteDeps & { jobs: JobExecutor }): void {
  const jobQuery = (ctx: Context): ListQuery<EngineJob> => ({
    entity: EngineJob,
    where: jobWhere(ctx, core.clock.now()),
    order: { dueDate: 'ASC', id: 'ASC' },
  });
  router.get('/job', async (ctx) => {
    sendJson(ctx, (await pageOf(core, ctx, jobQuery(ctx))).map(jobDto));
  });
  router.get('/job/count', async (ctx) => sendJson(ctx, { count: await countOf(core, jobQuery(ctx)) }));
  // The same query as a JSON body (Camunda's JobQueryDto); paging stays in the URL.
  router.post('/job', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, (await pageOf(core, ctx, jobQuery(ctx))).map(jobDto));
  });
  router.post('/job/count', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, { count: await countOf(core, jobQuery(ctx)) });
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
