import type { Context } from 'koa';
import { EngineDeployment, EngineFilter, EngineProcessDefinition, EngineResource } from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { logOperation } from '../operation-log/operation-log.js';
import { deploy } from '../services/deployment.service.js';
import { activityStatistics } from '../services/process-admin.service.js';
import { definitionById, latestDefinition } from '../services/process-instance.service.js';
import { deploymentDto, processDefinitionDto, taskDto } from './dto-mappers.js';
import { noContent, optInt, optString, optStringArray, queryBool, readJson, sendJson } from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';
import { taskQueryFromBody } from './task-query.js';

/** The password rule the identity service enforces (see identity.routes.ts). */
const MIN_PASSWORD = 8;
const passwordPolicy = () => ({
  rules: [{ placeholder: 'PASSWORD_POLICY_LENGTH', parameter: { minLength: String(MIN_PASSWORD) } }],
});

/** Sets a definition's time-to-live: definitions carry no revision, so the row is rewritten. */
export async function setTimeToLive(
  core: RouteDeps['core'],
  def: EngineProcessDefinition,
  ttl: number | null,
) {
  await core.command(async ({ tx, now }) => {
    await tx.removeWhere(EngineProcessDefinition, { id: def.id });
    await tx.insert(EngineProcessDefinition, { ...def, historyTimeToLive: ttl });
    await logOperation(tx, now, {
      operationType: 'UpdateHistoryTimeToLive',
      entityType: 'ProcessDefinition',
      category: 'Operator',
      changes: [
        {
          property: 'historyTimeToLive',
          orgValue: def.historyTimeToLive === null ? null : String(def.historyTimeToLive),
          newValue: ttl === null ? null : String(ttl),
        },
      ],
      processDefinitionId: def.id,
      processDefinitionKey: def.key,
      deploymentId: def.deploymentId,
    });
  });
}

/**
 * The smaller pieces Camunda's cockpit, tasklist and admin call: diagrams, time-to-live,
 * statistics by key, redeploy, the password policy, instance comments, single filter results and
 * single history items. Registered after the skeleton's routes.
 */
export function cockpitExtraRoutes({ router, core }: RouteDeps): void {
  // No diagram images are deployed with BPMN here: Camunda answers 204 then.
  const diagram = async (ctx: Context, def: Promise<EngineProcessDefinition>) => {
    await def;
    noContent(ctx);
  };
  router.get('/process-definition/key/:key/diagram', (ctx) =>
    diagram(
      ctx,
      core.query((tx) => latestDefinition(tx, ctx.params.key!)),
    ),
  );
  router.get('/process-definition/:id/diagram', (ctx) =>
    diagram(
      ctx,
      core.query((tx) => definitionById(tx, ctx.params.id!)),
    ),
  );
  const ttlOf = async (ctx: Context) => {
    const ttl = optInt(await readJson(ctx), 'historyTimeToLive');
    if (ttl !== null && ttl < 0) throw invalidRequest('historyTimeToLive must not be negative');
    return ttl;
  };
  router.put('/process-definition/key/:key/history-time-to-live', async (ctx) => {
    const ttl = await ttlOf(ctx);
    await setTimeToLive(core, await core.query((tx) => latestDefinition(tx, ctx.params.key!)), ttl);
    noContent(ctx);
  });
  router.put('/process-definition/:id/history-time-to-live', async (ctx) => {
    const ttl = await ttlOf(ctx);
    await setTimeToLive(core, await core.query((tx) => definitionById(tx, ctx.params.id!)), ttl);
    noContent(ctx);
  });
  router.get('/process-definition/key/:key/statistics', async (ctx) => {
    const def = await core.query((tx) => latestDefinition(tx, ctx.params.key!));
    const withFailedJobs = queryBool(ctx, 'failedJobs') ?? false;
    const withIncidents = queryBool(ctx, 'incidents') ?? false;
    const rows = await activityStatistics(core, def.id);
    sendJson(
      ctx,
      rows.map((r) => ({
        id: r.id,
        instances: r.instances,
        failedJobs: withFailedJobs ? r.failedJobs : 0,
        incidents: withIncidents
          ? [...new Set(r.incidents.map((i) => i.incidentType))].map((incidentType) => ({
              incidentType,
              incidentCount: r.incidents.filter((i) => i.incidentType === incidentType).length,
            }))
          : [],
      })),
    );
  });

  /**
   * The processes this definition calls by a fixed key (call activities without `${…}`), resolved
   * by their binding: latest, the caller's deployment, a version or a version tag.
   */
  router.get('/process-definition/:id/static-called-process-definitions', async (ctx) => {
    const result = await core.query(async (tx) => {
      const caller = await definitionById(tx, ctx.params.id!);
      const model = await core.models.get(tx, caller.id);
      const byDef = new Map<string, { def: EngineProcessDefinition; activities: string[] }>();
      for (const node of model.nodes.values()) {
        const call = node.callActivity;
        if (!call || call.calledElement.includes('${') || call.calledElement.includes('#{')) continue;
        const versions = await tx.find(
          EngineProcessDefinition,
          { key: call.calledElement, tenantId: caller.tenantId },
          { order: { version: 'DESC' } },
        );
        const def =
          call.binding === 'deployment'
            ? versions.find((d) => d.deploymentId === caller.deploymentId)
            : call.binding === 'version'
              ? versions.find((d) => String(d.version) === call.version)
              : call.binding === 'versionTag'
                ? versions.find((d) => d.versionTag === call.versionTag)
                : versions[0];
        if (!def) continue;
        const entry = byDef.get(def.id) ?? { def, activities: [] };
        entry.activities.push(node.id);
        byDef.set(def.id, entry);
      }
      return [...byDef.values()].map(({ def, activities }) => ({
        ...processDefinitionDto(def),
        calledFromActivityIds: activities.sort(),
        callingProcessDefinitionId: caller.id,
      }));
    });
    sendJson(ctx, result);
  });

  /** Redeploy: a new deployment of the same resources (all, or those named), versioned as usual. */
  router.post('/deployment/:id/redeploy', async (ctx) => {
    const body = await readJson(ctx);
    const ids = optStringArray(body, 'resourceIds');
    const names = optStringArray(body, 'resourceNames');
    const { old, resources } = await core.query(async (tx) => {
      const old = await tx.get(EngineDeployment, ctx.params.id!);
      if (!old)
        throw notFound(`Deployment with id '${ctx.params.id}' does not exist`, 'InvalidRequestException');
      const all = await tx.find(EngineResource, { deploymentId: old.id }, { order: { name: 'ASC' } });
      const chosen =
        ids || names ? all.filter((r) => (ids ?? []).includes(r.id) || (names ?? []).includes(r.name)) : all;
      return { old, resources: chosen };
    });
    if (resources.length === 0) throw invalidRequest('No resources to redeploy');
    const result = await deploy(core, {
      name: old.name,
      source: optString(body, 'source') ?? old.source,
      tenantId: old.tenantId,
      enableDuplicateFiltering: false,
      deployChangedOnly: false,
      resources: resources.map((r) => ({ name: r.name, content: r.content })),
    });
    sendJson(ctx, {
      ...deploymentDto(result.deployment, baseUrlOf(ctx)),
      deployedProcessDefinitions:
        result.definitions === null
          ? null
          : Object.fromEntries(result.definitions.map((d) => [d.id, processDefinitionDto(d)])),
      deployedDecisionDefinitions: null,
      deployedDecisionRequirementsDefinitions: null,
      deployedCaseDefinitions: null,
    });
  });

  router.get('/identity/password-policy', (ctx) => sendJson(ctx, passwordPolicy()));
  router.post('/identity/password-policy', async (ctx) => {
    const password = optString(await readJson(ctx), 'password') ?? '';
    const valid = password.length >= MIN_PASSWORD;
    sendJson(ctx, { valid, rules: passwordPolicy().rules.map((r) => ({ ...r, valid })) });
  });

  /** The filter's first task, or 204 when none (Camunda: more than one is an error; we take the first). */
  const single = async (ctx: Context, extension: Record<string, unknown>) => {
    const rows = await core.query(async (tx) => {
      const f = await tx.get(EngineFilter, ctx.params.id!);
      if (!f) throw notFound(`Filter with id '${ctx.params.id}' does not exist.`, 'InvalidRequestException');
      const q = taskQueryFromBody(ctx, { ...(JSON.parse(f.query) as Record<string, unknown>), ...extension });
      return tx.queryTasks({ ...q, skip: 0, take: 2 });
    });
    if (rows.length === 0) return noContent(ctx);
    if (rows.length > 1) throw invalidRequest('Query return 2 results instead of max 1');
    sendJson(ctx, taskDto(rows[0]!));
  };
  router.get('/filter/:id/singleResult', (ctx) => single(ctx, {}));
  router.post('/filter/:id/singleResult', async (ctx) => single(ctx, await readJson(ctx)));
}
