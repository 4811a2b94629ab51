import {
  EngineGroup,
  EngineMembership,
  EngineTenant,
  EngineTenantMembership,
  EngineUser,
  type EngineTx,
  type Where,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, RESOURCES } from '../identity/authorization.service.js';
import { logOperation } from '../operation-log/operation-log.js';
import { BadUserRequestError, NotFoundError, NullValueError, ProcessEngineError } from '../runtime/errors.js';
import type { Page, QueryParams } from './query-params.js';

/**
 * Tenants of the identity service: list, count, create, get, update, delete, user and group
 * members — with Operaton 1.0.3's statuses and words, and an operation-log entry (category Admin)
 * for every change, as Operaton writes them.
 */

const memberId = (tenantId: string, kind: 'user' | 'group', id: string) => `${tenantId}/${kind}/${id}`;

async function tenantOr404(tx: EngineTx, id: string): Promise<EngineTenant> {
  const t = await tx.get(EngineTenant, id);
  if (!t) throw new NotFoundError(`Tenant with id ${id} does not exist`);
  return t;
}

/**
 * `GET /tenant`'s filters, shared by the list and the count (`COUNT(*)` in the database). A member
 * filter reads that user's or group's tenant memberships (a handful) and restricts the ids; the
 * tenants themselves are filtered, sorted and paged in the database. Null: nothing can match.
 */
async function tenantWhere(tx: EngineTx, p: QueryParams): Promise<Where<EngineTenant> | null> {
  const id = p.string('id');
  const name = p.string('name');
  const nameLike = p.string('nameLike');
  const userMember = p.string('userMember');
  const groupMember = p.string('groupMember');
  let ids = id === undefined ? undefined : [id];
  if (userMember !== undefined || groupMember !== undefined) {
    const groups = groupMember !== undefined ? [groupMember] : [];
    // includingGroupsOfUser: the tenants of the user's groups count too.
    if (userMember !== undefined && p.bool('includingGroupsOfUser'))
      groups.push(...(await tx.find(EngineMembership, { userId: userMember })).map((m) => m.groupId));
    const members = [
      ...(userMember !== undefined ? await tx.find(EngineTenantMembership, { userId: userMember }) : []),
      ...(groups.length ? await tx.find(EngineTenantMembership, { groupId: groups }) : []),
    ];
    const memberOf = [...new Set(members.map((m) => m.tenantId))];
    ids = ids ? ids.filter((t) => memberOf.includes(t)) : memberOf;
    if (ids.length === 0) return null;
  }
  return { id: ids, name: nameLike !== undefined ? { op: 'like', value: nameLike } : name };
}

export function listTenants(core: EngineCore, p: QueryParams, page: Page): Promise<EngineTenant[]> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.TENANT, permission: 'READ' });
    const where = await tenantWhere(tx, p);
    if (!where) return [];
    const by = p.sortBy(['id', 'name'] as const);
    const dir = by ? p.sortOrder() : 'ASC';
    return tx.find(EngineTenant, where, {
      order: by === 'name' ? { name: dir, id: dir } : { id: dir },
      ...page,
    });
  });
}

export function countTenants(core: EngineCore, p: QueryParams): Promise<number> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.TENANT, permission: 'READ' });
    const where = await tenantWhere(tx, p);
    return where ? tx.count(EngineTenant, where) : 0;
  });
}

const logTenant = (tx: EngineTx, now: Date, operationType: string, id: string) =>
  logOperation(tx, now, {
    operationType,
    entityType: 'Tenant',
    category: 'Admin',
    changes: [{ property: 'tenantId', orgValue: null, newValue: id }],
  });

export async function createTenant(
  core: EngineCore,
  tenant: { id: string; name: string | null },
): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.TENANT, permission: 'CREATE' });
    if (await tx.get(EngineTenant, tenant.id)) throw new BadUserRequestError('The tenant already exists');
    await tx.insert(EngineTenant, { id: tenant.id, rev: 1, name: tenant.name });
    await logTenant(tx, now, 'Create', tenant.id);
  });
}

export function getTenant(core: EngineCore, id: string): Promise<EngineTenant> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.TENANT, permission: 'READ' });
    return tenantOr404(tx, id);
  });
}

export async function renameTenant(core: EngineCore, id: string, name: string | null): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.TENANT, permission: 'UPDATE', resourceId: id });
    const t = await tenantOr404(tx, id);
    t.name = name;
    await tx.update(EngineTenant, t);
    await logTenant(tx, now, 'Update', t.id);
  });
}

/** An unknown tenant is a no-op, as on Operaton. */
export async function deleteTenant(core: EngineCore, id: string): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.TENANT, permission: 'DELETE', resourceId: id });
    const t = await tx.get(EngineTenant, id);
    if (!t) return;
    await tx.removeWhere(EngineTenantMembership, { tenantId: t.id });
    await tx.remove(EngineTenant, t);
    await logTenant(tx, now, 'Delete', t.id);
  });
}

export interface TenantMember {
  tenantId: string;
  kind: 'user' | 'group';
  id: string;
}

const logMembership = (tx: EngineTx, now: Date, operationType: string, m: TenantMember) =>
  logOperation(tx, now, {
    operationType,
    entityType: 'TenantMembership',
    category: 'Admin',
    changes: [
      { property: 'tenantId', orgValue: null, newValue: m.tenantId },
      { property: m.kind === 'user' ? 'userId' : 'groupId', orgValue: null, newValue: m.id },
    ],
  });

/** Operaton's checks and words (NullValueException, 500) for an unknown tenant, user or group. */
export async function addTenantMember(core: EngineCore, m: TenantMember): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, {
      resource: RESOURCES.TENANT_MEMBERSHIP,
      permission: 'CREATE',
      resourceId: m.tenantId,
    });
    const row = memberId(m.tenantId, m.kind, m.id);
    const missing = (what: string, id: string) =>
      new NullValueError(`No ${what} found with id '${id}'.: ${what} is null`);
    if (!(await tx.get(EngineTenant, m.tenantId))) throw missing('tenant', m.tenantId);
    if (m.kind === 'user' && !(await tx.get(EngineUser, m.id))) throw missing('user', m.id);
    if (m.kind === 'group' && !(await tx.get(EngineGroup, m.id))) throw missing('group', m.id);
    if (await tx.get(EngineTenantMembership, row))
      throw new ProcessEngineError(`The ${m.kind} '${m.id}' is already a member of tenant '${m.tenantId}'`);
    await tx.insert(EngineTenantMembership, {
      id: row,
      tenantId: m.tenantId,
      userId: m.kind === 'user' ? m.id : null,
      groupId: m.kind === 'group' ? m.id : null,
    });
    await logMembership(tx, now, 'Create', m);
  });
}

/** As Operaton: removing a membership that does not exist is no error, and nothing is logged. */
export async function removeTenantMember(core: EngineCore, m: TenantMember): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, {
      resource: RESOURCES.TENANT_MEMBERSHIP,
      permission: 'DELETE',
      resourceId: m.tenantId,
    });
    const row = memberId(m.tenantId, m.kind, m.id);
    if (!(await tx.get(EngineTenantMembership, row))) return;
    await tx.removeWhere(EngineTenantMembership, { id: row });
    await logMembership(tx, now, 'Delete', m);
  });
}
