import type { Context } from 'koa';
import { EngineHistoricJobLog, type Where } from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { formatCamundaDate } from '../variables/typed-value.js';
import {
  queryBool,
  queryInt,
  queryList,
  queryString,
  readJson,
  sendJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import { useBodyAsQuery } from './query-body.js';
import { countOf, pageOf, type ListQuery } from './list-query.js';
import type { RouteDeps } from './rest-context.js';

const SORT = {
  timestamp: 'timestamp',
  jobId: 'jobId',
  jobDefinitionId: 'jobDefinitionId',
  jobDueDate: 'jobDueDate',
  jobRetries: 'jobRetries',
  jobPriority: 'jobPriority',
  activityId: 'activityId',
  executionId: 'executionId',
  processInstanceId: 'processInstanceId',
  processDefinitionId: 'processDefinitionId',
  processDefinitionKey: 'processDefinitionKey',
  hostname: 'hostname',
  tenantId: 'tenantId',
  // Ids are insertion-ordered: the order in which the events happened.
  occurrence: 'id',
} as const;

const STATES = {
  creationLog: 'created',
  failureLog: 'failed',
  successLog: 'successful',
  deletionLog: 'deleted',
};

function queryOf(ctx: Context): Where<EngineHistoricJobLog> {
  if (queryString(ctx, 'deploymentId') !== undefined || queryString(ctx, 'batchId') !== undefined)
    throw invalidRequest('The job log filters deploymentId and batchId are not supported by this engine');
  // Each flag sets the one state the query asks for: with several, the last of creation,
  // failure, success, deletion wins (Camunda applies them in that order; seen on Operaton).
  const state = Object.entries(STATES)
    .filter(([flag]) => queryBool(ctx, flag) === true)
    .map(([, st]) => st)
    .at(-1);
  const low = queryInt(ctx, 'jobPriorityHigherThanOrEquals');
  const high = queryInt(ctx, 'jobPriorityLowerThanOrEquals');
  const failedIn = queryList(ctx, 'failedActivityIdIn');
  const priority = [
    ...(low === undefined ? [] : [{ op: 'gte', value: low } as const]),
    ...(high === undefined ? [] : [{ op: 'lte', value: high } as const]),
  ];
  const activityIdIn = queryList(ctx, 'activityIdIn');
  // failedActivityIdIn: failures of these activities (so also state = failed).
  const activities = [...(activityIdIn ? [activityIdIn] : []), ...(failedIn ? [failedIn] : [])];
  return {
    id: queryString(ctx, 'logId'),
    jobId: queryString(ctx, 'jobId'),
    jobExceptionMessage: queryString(ctx, 'jobExceptionMessage'),
    jobDefinitionId: queryString(ctx, 'jobDefinitionId'),
    jobDefinitionType: queryString(ctx, 'jobDefinitionType'),
    jobDefinitionConfiguration: queryString(ctx, 'jobDefinitionConfiguration'),
    activityId: activities.length > 1 ? { op: 'all', of: activities } : activities[0],
    executionId: queryList(ctx, 'executionIdIn'),
    processInstanceId: queryString(ctx, 'processInstanceId'),
    processDefinitionId: queryString(ctx, 'processDefinitionId'),
    processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
    tenantId: queryBool(ctx, 'withoutTenantId') ? null : queryList(ctx, 'tenantIdIn'),
    hostname: queryString(ctx, 'hostname'),
    state: failedIn !== undefined ? (state === undefined || state === 'failed' ? 'failed' : []) : state,
    jobPriority: priority.length ? { op: 'all', of: priority } : undefined,
  };
}

function jobLogQuery(ctx: Context): ListQuery<EngineHistoricJobLog> {
  const sortBy = sortByOf(ctx, Object.keys(SORT) as (keyof typeof SORT)[]);
  return {
    entity: EngineHistoricJobLog,
    where: queryOf(ctx),
    order: sortBy ? { [SORT[sortBy]]: sortOrderOf(ctx), id: 'ASC' as const } : { id: 'ASC' as const },
  };
}

/** Camunda's HistoricJobLogDto. */
function jobLogDto(r: EngineHistoricJobLog) {
  return {
    id: r.id,
    timestamp: formatCamundaDate(r.timestamp),
    removalTime: null,
    jobId: r.jobId,
    jobDueDate: formatCamundaDate(r.jobDueDate),
    jobRetries: r.jobRetries,
    jobPriority: r.jobPriority,
    jobExceptionMessage: r.jobExceptionMessage,
    failedActivityId: r.state === 'failed' ? r.activityId : null,
    jobDefinitionId: r.jobDefinitionId,
    jobDefinitionType: r.jobDefinitionType,
    jobDefinitionConfiguration: r.jobDefinitionConfiguration,
    activityId: r.activityId,
    executionId: r.executionId,
    processInstanceId: r.processInstanceId,
    processDefinitionId: r.processDefinitionId,
    processDefinitionKey: r.processDefinitionKey,
    deploymentId: null,
    rootProcessInstanceId: r.processInstanceId,
    tenantId: r.tenantId,
    hostname: r.hostname,
    batchId: null,
    creationLog: r.state === 'created',
    failureLog: r.state === 'failed',
    successLog: r.state === 'successful',
    deletionLog: r.state === 'deleted',
  };
}

/**
 * The job log (`GET`/`POST /history/job-log`, `…/count`, `…/{id}`, `…/{id}/stacktrace`): what
 * happened to each timer and async-continuation job — created, failed, successful, deleted.
 */
export function jobLogRoutes({ router, core }: RouteDeps): void {
  const list = async (ctx: Context) =>
    sendJson(ctx, (await pageOf(core, ctx, jobLogQuery(ctx))).map(jobLogDto));
  const count = async (ctx: Context) => sendJson(ctx, { count: await countOf(core, jobLogQuery(ctx)) });
  const withBody = (handler: (ctx: Context) => Promise<void>) => async (ctx: Context) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    await handler(ctx);
  };
  router.get('/history/job-log', list);
  router.post('/history/job-log', withBody(list));
  router.get('/history/job-log/count', count);
  router.post('/history/job-log/count', withBody(count));
  const logOr404 = async (id: string) => {
    const row = await core.query((tx) => tx.get(EngineHistoricJobLog, id));
    if (!row) throw notFound(`Historic job log with id ${id} does not exist`, 'InvalidRequestException');
    return row;
  };
  router.get('/history/job-log/:id', async (ctx) => {
    sendJson(ctx, jobLogDto(await logOr404(ctx.params.id!)));
  });
  router.get('/history/job-log/:id/stacktrace', async (ctx) => {
    const row = await core.query((tx) => tx.get(EngineHistoricJobLog, ctx.params.id!));
    if (!row)
      throw notFound(
        `No historic job log found with id ${ctx.params.id}: historicJobLog is null`,
        'InvalidRequestException',
      );
    // Only a failure has a stack trace; the others answer 204, as Operaton.
    if (row.jobExceptionStacktrace === null) {
      ctx.status = 204;
      return;
    }
    ctx.type = 'text/plain';
    ctx.body = row.jobExceptionStacktrace;
  });
}
