import type { Context } from 'koa';
import { EngineProcessDefinition, EngineResource } from '@motcua/db';
import { CamundaError, invalidRequest, notFound } from '../runtime/errors.js';
import {
  activityStatistics,
  deleteDefinitions,
  suspendDefinitions,
} from '../services/process-admin.service.js';
import { deployedStartForm, startFormOf } from '../services/form.service.js';
import { startInstance } from '../services/process-instance.service.js';
import { fromDtoMap, VariableValueError } from '../variables/typed-value.js';
import { setTimeToLive } from './cockpit-extras.routes.js';
import { processDefinitionDto, processInstanceDto } from './dto-mappers.js';
import {
  emptyOk,
  noContent,
  optBool,
  optInt,
  optString,
  queryBool,
  readJson,
  sendJson,
  sendRawJson,
} from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';

const PREFIX = '/process-definition/key/:key/tenant-id/:tenantId';

/**
 * The tenant-scoped twins of the by-key routes (`…/key/{key}/tenant-id/{tenant-id}/…`): the
 * latest version of the key deployed with that `tenant-id`, then the same behaviour as by id.
 */
export function tenantDefinitionRoutes({ router, core }: RouteDeps): void {
  const latest = (ctx: Context) =>
    core.query(async (tx) => {
      const def = await tx.findOne(
        EngineProcessDefinition,
        { key: ctx.params.key!, tenantId: ctx.params.tenantId! },
        { order: { version: 'DESC' } },
      );
      if (!def)
        throw notFound(
          `No matching process definition with key: ${ctx.params.key} and tenant-id: ${ctx.params.tenantId}`,
          'InvalidRequestException',
        );
      return def;
    });
  const allVersions = (ctx: Context) =>
    core.query((tx) =>
      tx.find(EngineProcessDefinition, { key: ctx.params.key!, tenantId: ctx.params.tenantId! }),
    );

  router.get(PREFIX, async (ctx) => sendJson(ctx, processDefinitionDto(await latest(ctx))));
  router.get(`${PREFIX}/xml`, async (ctx) => {
    const def = await latest(ctx);
    const r = await core.query((tx) =>
      tx.findOne(EngineResource, { deploymentId: def.deploymentId, name: def.resourceName }),
    );
    sendJson(ctx, { id: def.id, bpmn20Xml: r?.content ?? '' });
  });
  router.get(`${PREFIX}/startForm`, async (ctx) =>
    sendJson(ctx, await startFormOf(core, { id: (await latest(ctx)).id })),
  );
  router.get(`${PREFIX}/deployed-start-form`, async (ctx) =>
    sendRawJson(ctx, await deployedStartForm(core, { id: (await latest(ctx)).id })),
  );
  router.get(`${PREFIX}/form-variables`, async (ctx) => {
    await latest(ctx);
    sendJson(ctx, {});
  });
  router.get(`${PREFIX}/diagram`, async (ctx) => {
    await latest(ctx);
    noContent(ctx);
  });
  router.get(`${PREFIX}/statistics`, async (ctx) => {
    const rows = await activityStatistics(core, (await latest(ctx)).id);
    const withFailedJobs = queryBool(ctx, 'failedJobs') ?? false;
    sendJson(
      ctx,
      rows.map((r) => ({
        id: r.id,
        instances: r.instances,
        failedJobs: withFailedJobs ? r.failedJobs : 0,
        incidents: [],
      })),
    );
  });
  const start = async (ctx: Context) => {
    const def = await latest(ctx);
    const body = await readJson(ctx);
    let variables;
    try {
      variables = fromDtoMap(body.variables);
    } catch (err) {
      if (err instanceof VariableValueError)
        throw invalidRequest(`Cannot instantiate process definition ${def.id}: ${err.message}`);
      throw err;
    }
    try {
      const result = await startInstance(core, { id: def.id }, optString(body, 'businessKey'), variables);
      return { ...processInstanceDto(result.instance, baseUrlOf(ctx), result.ended) };
    } catch (err) {
      if (err instanceof CamundaError && err.type === 'ProcessEngineException')
        throw new CamundaError(
          err.status,
          'RestException',
          `Cannot instantiate process definition ${def.id}: ${err.message}`,
        );
      throw err;
    }
  };
  router.post(`${PREFIX}/start`, async (ctx) => sendJson(ctx, { ...(await start(ctx)), variables: null }));
  router.post(`${PREFIX}/submit-form`, async (ctx) => sendJson(ctx, await start(ctx)));
  router.put(`${PREFIX}/suspended`, async (ctx) => {
    const body = await readJson(ctx);
    const suspended = optBool(body, 'suspended');
    if (suspended === null) throw invalidRequest('suspended must be true or false');
    const defs = await allVersions(ctx);
    if (defs.length === 0) await latest(ctx); // the 404
    for (const d of defs)
      await suspendDefinitions(
        core,
        { id: d.id },
        suspended,
        optBool(body, 'includeProcessInstances') ?? false,
      );
    noContent(ctx);
  });
  router.put(`${PREFIX}/history-time-to-live`, async (ctx) => {
    const ttl = optInt(await readJson(ctx), 'historyTimeToLive');
    if (ttl !== null && ttl < 0) throw invalidRequest('historyTimeToLive must not be negative');
    await setTimeToLive(core, await latest(ctx), ttl);
    noContent(ctx);
  });
  router.delete(PREFIX, async (ctx) => {
    const defs = await allVersions(ctx);
    if (defs.length === 0) await latest(ctx);
    for (const d of defs) await deleteDefinitions(core, { id: d.id }, queryBool(ctx, 'cascade') ?? false);
    emptyOk(ctx); // as Operaton: 200, not the document's 204
  });
}
