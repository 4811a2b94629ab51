import {
  EngineDecisionRequirementsDefinition,
  EngineResource,
  type EngineTx,
  type Where,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, RESOURCES } from '../identity/authorization.service.js';
import { NotFoundError, NullValueError } from '../runtime/errors.js';
import type { QueryParams } from './query-params.js';

/** Decision requirements definitions (DRDs): the query, one by id or by key, their DMN XML. */

type Drd = EngineDecisionRequirementsDefinition;

const SORT = {
  id: 'id',
  key: 'key',
  name: 'name',
  version: 'version',
  deploymentId: 'deploymentId',
  category: 'category',
  tenantId: 'tenantId',
} as const;

/** The DRD query (`GET /decision-requirements-definition`, `…/count`), unpaged. */
export async function listDrds(core: EngineCore, p: QueryParams): Promise<Drd[]> {
  const like = (name: string) => {
    const v = p.string(name);
    return v === undefined ? undefined : { op: 'like' as const, value: v };
  };
  const ids = p.list('decisionRequirementsDefinitionIdIn');
  const where: Where<Drd> = {
    id: ids ?? p.string('decisionRequirementsDefinitionId'),
    key: like('keyLike') ?? p.string('key'),
    name: like('nameLike') ?? p.string('name'),
    category: like('categoryLike') ?? p.string('category'),
    deploymentId: p.string('deploymentId'),
    resourceName: like('resourceNameLike') ?? p.string('resourceName'),
    version: p.int('version'),
    tenantId: p.bool('withoutTenantId') ? null : p.list('tenantIdIn'),
  };
  const sortBy = p.sortBy(Object.keys(SORT) as (keyof typeof SORT)[]);
  const order = sortBy ? { [SORT[sortBy]]: p.sortOrder(), id: 'ASC' as const } : { id: 'ASC' as const };
  let rows = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.DECISION_DEFINITION, permission: 'READ' });
    return tx.find(EngineDecisionRequirementsDefinition, where, { order });
  });
  if (p.bool('latestVersion')) {
    const latest = new Map<string, number>();
    for (const r of rows)
      latest.set(
        `${r.tenantId ?? ''}\u0000${r.key}`,
        Math.max(latest.get(`${r.tenantId ?? ''}\u0000${r.key}`) ?? 0, r.version),
      );
    rows = rows.filter((r) => latest.get(`${r.tenantId ?? ''}\u0000${r.key}`) === r.version);
  }
  return rows;
}

/** Camunda's NullValueException for an unknown id (its REST resource answers 400: rest/error-responses.ts). */
export async function drdById(tx: EngineTx, id: string): Promise<Drd> {
  const drd = await tx.get(EngineDecisionRequirementsDefinition, id);
  if (!drd)
    throw new NullValueError(
      `no deployed decision requirements definition found with id '${id}': decisionRequirementsDefinition is null`,
    );
  return drd;
}

/** The latest version of a key, without a tenant (null) or of one tenant. */
export async function latestDrd(tx: EngineTx, key: string, tenantId: string | null): Promise<Drd> {
  const drd = await tx.findOne(
    EngineDecisionRequirementsDefinition,
    { key, tenantId },
    { order: { version: 'DESC' } },
  );
  if (!drd)
    throw new NotFoundError(
      `No matching decision requirements definition with key: ${key} and ${tenantId === null ? 'no tenant-id' : `tenant-id: ${tenantId}`}`,
    );
  return drd;
}

/** Which DRD a route names: by id, or the latest of a key (without a tenant, or of one). */
export type DrdRef = { id: string } | { key: string; tenantId: string | null };

const resolve = (tx: EngineTx, ref: DrdRef) =>
  'id' in ref ? drdById(tx, ref.id) : latestDrd(tx, ref.key, ref.tenantId);

export function getDrd(core: EngineCore, ref: DrdRef): Promise<Drd> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.DECISION_DEFINITION, permission: 'READ' });
    return resolve(tx, ref);
  });
}

export function drdXml(core: EngineCore, ref: DrdRef): Promise<{ id: string; dmnXml: string | null }> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.DECISION_DEFINITION, permission: 'READ' });
    const drd = await resolve(tx, ref);
    const resource = await tx.findOne(EngineResource, {
      deploymentId: drd.deploymentId,
      name: drd.resourceName,
    });
    return { id: drd.id, dmnXml: resource?.content ?? null };
  });
}
