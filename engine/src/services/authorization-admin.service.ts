import { EngineAuthorization, type EngineTx, type Where } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { InvalidArgumentError, NotFoundError } from '../runtime/errors.js';
import { newId } from '../runtime/ids.js';
import { isAuthorized, requirePermission, RESOURCES } from '../identity/authorization.service.js';
import { groupsOf, type Principal } from '../identity/identity.service.js';
import type { Page, QueryParams } from './query-params.js';

/** Administering authorizations (`/authorization`): query, create, one, update, delete, check. */

export type AuthorizationFields = Omit<EngineAuthorization, 'id' | 'rev'>;

const SORT = { resourceType: 'resourceType', resourceId: 'resourceId' } as const;

/** The query's filters: the list and the count (`COUNT(*)` in the database) share them. */
const whereOf = (p: QueryParams): Where<EngineAuthorization> => ({
  id: p.string('id'),
  type: p.int('type'),
  userId: p.list('userIdIn'),
  groupId: p.list('groupIdIn'),
  resourceType: p.int('resourceType'),
  resourceId: p.string('resourceId'),
});

export function listAuthorizations(
  core: EngineCore,
  p: QueryParams,
  page: Page,
): Promise<EngineAuthorization[]> {
  const sortBy = p.sortBy(Object.keys(SORT) as (keyof typeof SORT)[]);
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.AUTHORIZATION, permission: 'READ' });
    return tx.find(EngineAuthorization, whereOf(p), {
      order: sortBy ? { [SORT[sortBy]]: p.sortOrder(), id: 'ASC' } : { id: 'ASC' },
      ...page,
    });
  });
}

export function countAuthorizations(core: EngineCore, p: QueryParams): Promise<number> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.AUTHORIZATION, permission: 'READ' });
    return tx.count(EngineAuthorization, whereOf(p));
  });
}

async function byId(tx: EngineTx, id: string): Promise<EngineAuthorization> {
  const a = await tx.get(EngineAuthorization, id);
  if (!a) throw new NotFoundError(`Authorization with id ${id} does not exist.`);
  return a;
}

export function getAuthorization(core: EngineCore, id: string): Promise<EngineAuthorization> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.AUTHORIZATION, permission: 'READ' });
    return byId(tx, id);
  });
}

export async function createAuthorization(
  core: EngineCore,
  f: AuthorizationFields,
): Promise<EngineAuthorization> {
  const row: EngineAuthorization = { id: newId(), rev: 1, ...f };
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.AUTHORIZATION, permission: 'CREATE' });
    return tx.insert(EngineAuthorization, row);
  });
  return row;
}

export async function updateAuthorization(
  core: EngineCore,
  id: string,
  f: AuthorizationFields,
): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, {
      resource: RESOURCES.AUTHORIZATION,
      permission: 'UPDATE',
      resourceId: id,
    });
    const a = await byId(tx, id);
    if (a.type !== f.type) throw new InvalidArgumentError('The type of an authorization cannot change');
    Object.assign(a, f);
    await tx.update(EngineAuthorization, a);
  });
}

export async function deleteAuthorization(core: EngineCore, id: string): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, {
      resource: RESOURCES.AUTHORIZATION,
      permission: 'DELETE',
      resourceId: id,
    });
    return tx.remove(EngineAuthorization, await byId(tx, id));
  });
}

/** Whether the user (with its groups) holds the permission on the resource. */
export function checkAuthorization(
  core: EngineCore,
  check: { userId: string; resourceType: number; permissionName: string; resourceId: string | undefined },
): Promise<boolean> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.AUTHORIZATION, permission: 'READ' });
    return isAuthorized(
      tx,
      { userId: check.userId, groupIds: await groupsOf(tx, check.userId) },
      check.resourceType,
      check.permissionName,
      check.resourceId,
    );
  });
}

/** Whether a principal holds a permission (`OPTIONS` answers only the links the caller may follow). */
export function isAllowed(
  core: EngineCore,
  who: Principal,
  check: { resource: number; permission: string; resourceId: string },
): Promise<boolean> {
  return core.query((tx) => isAuthorized(tx, who, check.resource, check.permission, check.resourceId));
}
