import type { Context } from 'koa';
import { InvalidArgumentError } from '../runtime/errors.js';
import { deployedStartForm, startFormOf } from '../services/form.service.js';
import {
  activityStatistics,
  deleteDefinitions,
  suspendDefinitions,
} from '../services/process-admin.service.js';
import {
  definitionXml,
  findDefinition,
  getDefinition,
  setTimeToLive,
  tenantVersions,
} from '../services/process-definition.service.js';
import { processDefinitionDto, processInstanceDto } from './dto-mappers.js';
import { emptyOk, noContent, optBool, optInt, queryBool, readJson, sendJson, sendRawJson } from './http.js';
import { startFromBody } from './process-definition.routes.js';
import { baseUrlOf, engineOf, type RouteDeps } from './rest-context.js';

const PREFIX = '/process-definition/key/:key/tenant-id/:tenantId';

/**
 * The tenant-scoped twins of the by-key routes (`/process-definition/key/{key}/tenant-id/{tenant-id}/…`):
 * the latest version of the key deployed with that `tenant-id`, then the same behaviour as by id.
 */
export function processDefinitionTenantRoutes(deps: RouteDeps): void {
  const { router, core } = deps;
  const ref = (ctx: Context) => ({ key: ctx.params.key!, tenantId: ctx.params.tenantId! });
  /** The latest version, for a caller who may READ it. */
  const latest = (ctx: Context) => getDefinition(engineOf(core, ctx), ref(ctx));
  /** The latest version, or its 404, for operations that check their own permission. */
  const resolve = (ctx: Context) => findDefinition(core, ref(ctx));
  const allVersions = (ctx: Context) => tenantVersions(core, ctx.params.key!, ctx.params.tenantId!);

  router.get(PREFIX, async (ctx) => sendJson(ctx, processDefinitionDto(await latest(ctx))));
  router.get(`${PREFIX}/xml`, async (ctx) =>
    sendJson(ctx, await definitionXml(engineOf(core, ctx), ref(ctx))),
  );
  router.get(`${PREFIX}/startForm`, async (ctx) =>
    sendJson(ctx, await startFormOf(engineOf(core, ctx), { id: (await latest(ctx)).id })),
  );
  router.get(`${PREFIX}/deployed-start-form`, async (ctx) =>
    sendRawJson(ctx, await deployedStartForm(engineOf(core, ctx), { id: (await latest(ctx)).id })),
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
    const rows = await activityStatistics(engineOf(core, ctx), (await latest(ctx)).id);
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
    const def = await resolve(ctx);
    const result = await startFromBody(deps, ctx, { id: def.id }, await readJson(ctx));
    return processInstanceDto(result.instance, baseUrlOf(ctx), result.ended);
  };
  router.post(`${PREFIX}/start`, async (ctx) => sendJson(ctx, { ...(await start(ctx)), variables: null }));
  router.post(`${PREFIX}/submit-form`, async (ctx) => sendJson(ctx, await start(ctx)));
  router.put(`${PREFIX}/suspended`, async (ctx) => {
    const body = await readJson(ctx);
    const suspended = optBool(body, 'suspended');
    if (suspended === null) throw new InvalidArgumentError('suspended must be true or false');
    const defs = await allVersions(ctx);
    if (defs.length === 0) await resolve(ctx); // the 404
    for (const d of defs)
      await suspendDefinitions(
        engineOf(core, ctx),
        { id: d.id },
        { suspended, includeProcessInstances: optBool(body, 'includeProcessInstances') ?? false },
      );
    noContent(ctx);
  });
  router.put(`${PREFIX}/history-time-to-live`, async (ctx) => {
    const ttl = optInt(await readJson(ctx), 'historyTimeToLive');
    if (ttl !== null && ttl < 0) throw new InvalidArgumentError('historyTimeToLive must not be negative');
    await setTimeToLive(engineOf(core, ctx), ref(ctx), ttl);
    noContent(ctx);
  });
  router.delete(PREFIX, async (ctx) => {
    const defs = await allVersions(ctx);
    if (defs.length === 0) await resolve(ctx);
    for (const d of defs)
      await deleteDefinitions(
        engineOf(core, ctx),
        { id: d.id },
        { cascade: queryBool(ctx, 'cascade') ?? false },
      );
    emptyOk(ctx); // as Operaton: 200, not the document's 204
  });
}
