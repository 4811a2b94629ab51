import { jobDefinitionIdOf, type EngineJob } from '@motcua/db/engine';
import type { JobExecutor } from '../jobs/job-executor.js';
import { InvalidArgumentError } from '../runtime/errors.js';
import {
  deleteJob,
  executeJob,
  getJob,
  jobQuery,
  setJobDueDate,
  setJobPriority,
  setJobRetries,
  setJobSuspended,
  suspendJobs,
} from '../services/job.service.js';
import { listCount, listPage } from '../services/query-params.js';
import { formatCamundaDate, parseCamundaDate } from '../variables/typed-value.js';
import { noContent, optBool, optInt, optString, readJson, sendJson } from './http.js';
import { getAndPost, pageParams, queryParams } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';

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

/** `suspended` of a body: true or false, nothing else. */
function suspendedOf(body: Record<string, unknown>): boolean {
  const suspended = optBool(body, 'suspended');
  if (suspended === null) throw new InvalidArgumentError('suspended must be true or false');
  return suspended;
}

/**
 * `/job`: the query (GET and POST), one job and its stack trace, executing it now, and the
 * operator's changes — retries, due date, suspension (one job or all of an instance or
 * definition), priority, deletion.
 */
export function jobRoutes({ router, core, jobs }: RouteDeps & { jobs: JobExecutor }): void {
  getAndPost(router, '/job', async (ctx) => {
    sendJson(
      ctx,
      (await listPage(engineOf(core, ctx), jobQuery(core, queryParams(ctx)), pageParams(ctx))).map(jobDto),
    );
  });
  getAndPost(router, '/job/count', async (ctx) => {
    sendJson(ctx, { count: await listCount(engineOf(core, ctx), jobQuery(core, queryParams(ctx))) });
  });
  router.put('/job/suspended', async (ctx) => {
    const body = await readJson(ctx);
    const suspended = suspendedOf(body);
    await suspendJobs(
      engineOf(core, ctx),
      {
        processInstanceId: optString(body, 'processInstanceId') ?? undefined,
        processDefinitionId: optString(body, 'processDefinitionId') ?? undefined,
        processDefinitionKey: optString(body, 'processDefinitionKey') ?? undefined,
      },
      { suspended },
    );
    noContent(ctx);
  });
  router.get('/job/:id', async (ctx) => {
    sendJson(ctx, jobDto(await getJob(engineOf(core, ctx), ctx.params.id!)));
  });
  router.get('/job/:id/stacktrace', async (ctx) => {
    const job = await getJob(engineOf(core, ctx), ctx.params.id!);
    ctx.type = 'text/plain';
    ctx.body = job.exceptionStacktrace ?? '';
  });
  router.post('/job/:id/execute', async (ctx) => {
    await executeJob(engineOf(core, ctx), jobs, ctx.params.id!);
    noContent(ctx);
  });
  router.put('/job/:id/retries', async (ctx) => {
    const retries = (await readJson(ctx)).retries;
    if (typeof retries !== 'number' || !Number.isInteger(retries))
      throw new InvalidArgumentError('retries must be an integer');
    await setJobRetries(engineOf(core, ctx), ctx.params.id!, retries);
    noContent(ctx);
  });
  router.put('/job/:id/duedate', async (ctx) => {
    const raw = optString(await readJson(ctx), 'duedate');
    const due = raw === null ? null : parseCamundaDate(raw);
    if (raw !== null && !due) throw new InvalidArgumentError(`duedate '${raw}' is not a date`);
    await setJobDueDate(engineOf(core, ctx), ctx.params.id!, due);
    noContent(ctx);
  });
  router.put('/job/:id/suspended', async (ctx) => {
    await setJobSuspended(engineOf(core, ctx), ctx.params.id!, {
      suspended: suspendedOf(await readJson(ctx)),
    });
    noContent(ctx);
  });
  router.put('/job/:id/priority', async (ctx) => {
    const priority = optInt(await readJson(ctx), 'priority');
    if (priority === null) throw new InvalidArgumentError('priority must not be null');
    await setJobPriority(engineOf(core, ctx), ctx.params.id!, priority);
    noContent(ctx);
  });
  router.delete('/job/:id', async (ctx) => {
    await deleteJob(engineOf(core, ctx), ctx.params.id!);
    noContent(ctx);
  });
}
