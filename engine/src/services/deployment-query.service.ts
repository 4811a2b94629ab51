import {
  EngineDecisionDefinition,
  EngineDecisionRequirementsDefinition,
  EngineDeployment,
  EngineResource,
  type Where,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, RESOURCES } from '../identity/authorization.service.js';
import { InvalidArgumentError, NotFoundError } from '../runtime/errors.js';
import { drdsOf } from '../dmn/decision-lookup.js';
import { deploy, type DeploymentResult } from './deployment.service.js';
import type { Page, QueryParams } from './query-params.js';

/** Reading deployments and their resources; redeploying one. */

function deploymentWhere(p: QueryParams): Where<EngineDeployment> {
  const nameLike = p.string('nameLike');
  return {
    id: p.string('id'),
    name: nameLike !== undefined ? { op: 'like', value: nameLike } : p.string('name'),
    source: p.string('source'),
  };
}

/** The list and the count (`COUNT(*)` in the database) share the filters. */
export function listDeployments(core: EngineCore, p: QueryParams, page: Page): Promise<EngineDeployment[]> {
  const sortBy = p.sortBy(['id', 'name', 'deploymentTime', 'tenantId'] as const);
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.DEPLOYMENT, permission: 'READ' });
    return tx.find(EngineDeployment, deploymentWhere(p), {
      order: sortBy ? { [sortBy]: p.sortOrder() } : { deploymentTime: 'ASC', id: 'ASC' },
      ...page,
    });
  });
}

export function countDeployments(core: EngineCore, p: QueryParams): Promise<number> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.DEPLOYMENT, permission: 'READ' });
    return tx.count(EngineDeployment, deploymentWhere(p));
  });
}

/** Every deployment counts as registered: one embedded engine serves them all. */
export function registeredDeploymentIds(core: EngineCore): Promise<string[]> {
  return core
    .query(async (tx, caller) => {
      await requirePermission(tx, caller, { resource: RESOURCES.DEPLOYMENT, permission: 'READ' });
      return tx.find(EngineDeployment, {}, { order: { deploymentTime: 'ASC', id: 'ASC' } });
    })
    .then((rows) => rows.map((d) => d.id));
}

export async function getDeployment(core: EngineCore, id: string): Promise<EngineDeployment> {
  const d = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.DEPLOYMENT, permission: 'READ' });
    return tx.get(EngineDeployment, id);
  });
  if (!d) throw new NotFoundError(`Deployment with id '${id}' does not exist`);
  return d;
}

export async function deploymentResources(core: EngineCore, id: string): Promise<EngineResource[]> {
  const rows = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.DEPLOYMENT, permission: 'READ' });
    return tx.find(EngineResource, { deploymentId: id }, { order: { name: 'ASC' } });
  });
  if (rows.length === 0)
    throw new NotFoundError(`Deployment resources for deployment id '${id}' do not exist.`);
  return rows;
}

export async function deploymentResource(
  core: EngineCore,
  deploymentId: string,
  resourceId: string,
): Promise<EngineResource> {
  const r = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.DEPLOYMENT, permission: 'READ' });
    return tx.findOne(EngineResource, { id: resourceId, deploymentId });
  });
  if (!r)
    throw new NotFoundError(
      `Deployment resource with resource id '${resourceId}' for deployment id '${deploymentId}' does not exist.`,
    );
  return r;
}

/** The decision definitions of a deployment, each with its DRD (if any), by key. */
export async function deployedDecisions(core: EngineCore, deploymentId: string) {
  const rows = await core.query((tx) =>
    tx.find(EngineDecisionDefinition, { deploymentId }, { order: { key: 'ASC' } }),
  );
  const drds = await core.query((tx) => drdsOf(tx, rows));
  return rows.map((d) => ({ definition: d, drd: drds.get(d.id) ?? null }));
}

/** The DRDs (files of several decisions) of a deployment, by key. */
export function deployedDrds(
  core: EngineCore,
  deploymentId: string,
): Promise<EngineDecisionRequirementsDefinition[]> {
  return core.query((tx) =>
    tx.find(EngineDecisionRequirementsDefinition, { deploymentId }, { order: { key: 'ASC' } }),
  );
}

/** Redeploy: a new deployment of the same resources (all, or those named), versioned as usual. */
export async function redeploy(
  core: EngineCore,
  id: string,
  input: { resourceIds: string[] | null; resourceNames: string[] | null; source: string | null },
): Promise<DeploymentResult> {
  const { resourceIds: ids, resourceNames: names } = input;
  const { old, resources } = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.DEPLOYMENT, permission: 'CREATE' });
    const old = await tx.get(EngineDeployment, id);
    if (!old) throw new NotFoundError(`Deployment with id '${id}' does not exist`);
    const all = await tx.find(EngineResource, { deploymentId: old.id }, { order: { name: 'ASC' } });
    const chosen =
      ids || names ? all.filter((r) => (ids ?? []).includes(r.id) || (names ?? []).includes(r.name)) : all;
    return { old, resources: chosen };
  });
  if (resources.length === 0) throw new InvalidArgumentError('No resources to redeploy');
  return deploy(core, {
    name: old.name,
    source: input.source ?? old.source,
    tenantId: old.tenantId,
    enableDuplicateFiltering: false,
    deployChangedOnly: false,
    resources: resources.map((r) => ({ name: r.name, content: r.content })),
  });
}
