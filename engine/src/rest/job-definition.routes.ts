import { InvalidArgumentError } from '../runtime/errors.js';
import {
  getJobDefinition,
  listJobDefinitions,
  setJobDefinitionPriority,
  setJobDefinitionRetries,
  suspendJobDefinitionsOf,
} from '../services/job-definition.service.js';
import { noContent, optBool, optInt, optString, readJson, sendJson } from './http.js';
import { getAndPost, pageParams, queryParams } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';

const suspendedOf = (body: Record<string, unknown>) => {
  const s = optBool(body, 'suspended');
  if (s === null) throw new InvalidArgumentError('suspended must be true or false');
  if (body.executionDate !== undefined && body.executionDate !== null)
    throw new InvalidArgumentError('Delayed suspension (executionDate) is not supported by this engine');
  return s;
};

/** `/job-definition`: one per timer and async continuation of each deployed definition. */
export function jobDefinitionRoutes({ router, core }: RouteDeps): void {
  getAndPost(router, '/job-definition', async (ctx) => {
    sendJson(ctx, await listJobDefinitions(engineOf(core, ctx), queryParams(ctx), pageParams(ctx)));
  });
  getAndPost(router, '/job-definition/count', async (ctx) => {
    sendJson(ctx, { count: (await listJobDefinitions(engineOf(core, ctx), queryParams(ctx), null)).length });
  });
  router.put('/job-definition/suspended', async (ctx) => {
    const body = await readJson(ctx);
    const suspended = suspendedOf(body);
    const id = optString(body, 'jobDefinitionId');
    const processDefinitionId = optString(body, 'processDefinitionId') ?? undefined;
    const processDefinitionKey = optString(body, 'processDefinitionKey') ?? undefined;
    if (!id && !processDefinitionId && !processDefinitionKey)
      throw new InvalidArgumentError('Give jobDefinitionId, processDefinitionId or processDefinitionKey');
    await suspendJobDefinitionsOf(
      engineOf(core, ctx),
      id ? { id } : { processDefinitionId, processDefinitionKey },
      {
        suspended,
        includeJobs: optBool(body, 'includeJobs') ?? false,
      },
    );
    noContent(ctx);
  });
  router.get('/job-definition/:id', async (ctx) =>
    sendJson(ctx, await getJobDefinition(engineOf(core, ctx), ctx.params.id!)),
  );
  router.put('/job-definition/:id/suspended', async (ctx) => {
    const body = await readJson(ctx);
    await suspendJobDefinitionsOf(
      engineOf(core, ctx),
      { id: ctx.params.id! },
      {
        suspended: suspendedOf(body),
        includeJobs: optBool(body, 'includeJobs') ?? false,
      },
    );
    noContent(ctx);
  });
  router.put('/job-definition/:id/jobPriority', async (ctx) => {
    const body = await readJson(ctx);
    await setJobDefinitionPriority(
      engineOf(core, ctx),
      ctx.params.id!,
      optInt(body, 'priority'),
      optBool(body, 'includeJobs') ?? false,
    );
    noContent(ctx);
  });
  router.put('/job-definition/:id/retries', async (ctx) => {
    const retries = optInt(await readJson(ctx), 'retries');
    if (retries === null || retries < 0)
      throw new InvalidArgumentError('The number of retries cannot be negative or null.');
    await setJobDefinitionRetries(engineOf(core, ctx), ctx.params.id!, retries);
    noContent(ctx);
  });
}
