import type { Context } from 'koa';
import { invalidRequest } from '../runtime/errors.js';
import {
  jobDefinitionById,
  jobDefinitions,
  setJobDefinitionPriority,
  setJobDefinitionRetries,
  suspendJobDefinitions,
  type JobDefinition,
} from '../services/job-definition.service.js';
import {
  noContent,
  optBool,
  optInt,
  optString,
  paging,
  queryBool,
  queryList,
  queryString,
  readJson,
  sendJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import { useBodyAsQuery } from './query-body.js';
import type { RouteDeps } from './rest-context.js';

const SORT = [
  'jobDefinitionId',
  'activityId',
  'processDefinitionId',
  'processDefinitionKey',
  'jobType',
  'jobConfiguration',
  'tenantId',
] as const;

const suspendedOf = (body: Record<string, unknown>) => {
  const s = optBool(body, 'suspended');
  if (s === null) throw invalidRequest('suspended must be true or false');
  if (body.executionDate !== undefined && body.executionDate !== null)
    throw invalidRequest('Delayed suspension (executionDate) is not supported by this engine');
  return s;
};

/** `/job-definition`: one per timer and async continuation of each deployed definition. */
export function jobDefinitionRoutes({ router, core }: RouteDeps): void {
  const list = (ctx: Context, withPaging: boolean) =>
    core.query(async (tx) => {
      const sortBy = sortByOf(ctx, SORT);
      const ids = queryList(ctx, 'jobDefinitionId');
      const activities = queryList(ctx, 'activityIdIn');
      const active = queryBool(ctx, 'active');
      const suspended = queryBool(ctx, 'suspended');
      const rows = (
        await jobDefinitions(core, tx, {
          processDefinitionId: queryString(ctx, 'processDefinitionId'),
          processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
        })
      ).filter(
        (d) =>
          (!ids || ids.includes(d.id)) &&
          (!activities || activities.includes(d.activityId)) &&
          (queryString(ctx, 'jobType') === undefined || d.jobType === queryString(ctx, 'jobType')) &&
          (queryString(ctx, 'jobConfiguration') === undefined ||
            d.jobConfiguration === queryString(ctx, 'jobConfiguration')) &&
          (!active || !d.suspended) &&
          (!suspended || d.suspended) &&
          (!queryBool(ctx, 'withOverridingJobPriority') || d.overridingJobPriority !== null),
      );
      if (sortBy) {
        const key = (sortBy === 'jobDefinitionId' ? 'id' : sortBy) as keyof JobDefinition;
        const dir = sortOrderOf(ctx) === 'DESC' ? -1 : 1;
        rows.sort((a, b) => String(a[key] ?? '').localeCompare(String(b[key] ?? '')) * dir);
      }
      if (!withPaging) return rows;
      const { skip = 0, take } = paging(ctx);
      return rows.slice(skip, take === undefined ? undefined : skip + take);
    });
  router.get('/job-definition', async (ctx) => sendJson(ctx, await list(ctx, true)));
  router.get('/job-definition/count', async (ctx) =>
    sendJson(ctx, { count: (await list(ctx, false)).length }),
  );
  router.post('/job-definition', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, await list(ctx, true));
  });
  router.post('/job-definition/count', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, { count: (await list(ctx, false)).length });
  });
  router.put('/job-definition/suspended', async (ctx) => {
    const body = await readJson(ctx);
    const suspended = suspendedOf(body);
    const id = optString(body, 'jobDefinitionId');
    const processDefinitionId = optString(body, 'processDefinitionId') ?? undefined;
    const processDefinitionKey = optString(body, 'processDefinitionKey') ?? undefined;
    if (!id && !processDefinitionId && !processDefinitionKey)
      throw invalidRequest('Give jobDefinitionId, processDefinitionId or processDefinitionKey');
    await suspendJobDefinitions(
      core,
      async (tx) =>
        id
          ? [await jobDefinitionById(core, tx, id)]
          : jobDefinitions(core, tx, { processDefinitionId, processDefinitionKey }),
      suspended,
      optBool(body, 'includeJobs') ?? false,
    );
    noContent(ctx);
  });
  router.get('/job-definition/:id', async (ctx) =>
    sendJson(ctx, await core.query((tx) => jobDefinitionById(core, tx, ctx.params.id!))),
  );
  router.put('/job-definition/:id/suspended', async (ctx) => {
    const body = await readJson(ctx);
    await suspendJobDefinitions(
      core,
      async (tx) => [await jobDefinitionById(core, tx, ctx.params.id!)],
      suspendedOf(body),
      optBool(body, 'includeJobs') ?? false,
    );
    noContent(ctx);
  });
  router.put('/job-definition/:id/jobPriority', async (ctx) => {
    const body = await readJson(ctx);
    await setJobDefinitionPriority(
      core,
      ctx.params.id!,
      optInt(body, 'priority'),
      optBool(body, 'includeJobs') ?? false,
    );
    noContent(ctx);
  });
  router.put('/job-definition/:id/retries', async (ctx) => {
    const retries = optInt(await readJson(ctx), 'retries');
    if (retries === null || retries < 0)
      throw invalidRequest('The number of retries cannot be negative or null.');
    await setJobDefinitionRetries(core, ctx.params.id!, retries);
    noContent(ctx);
  });
}
