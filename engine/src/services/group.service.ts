import { EngineGroup, EngineMembership, EngineUser, type EngineTx, type Where } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, RESOURCES } from '../identity/authorization.service.js';
import { NotFoundError, ProcessEngineError } from '../runtime/errors.js';
import {
  authenticate,
  groupDtos,
  groupsOf,
  membershipId,
  type Principal,
} from '../identity/identity.service.js';
import type { Page } from './query-params.js';

/** Engine groups (`/group`) and memberships, and what `/identity` answers about a user. */

export interface GroupFilter {
  id?: string;
  idIn?: string[];
  name?: string;
  nameLike?: string;
  type?: string;
  member?: string;
}
export const GROUP_SORT = ['id', 'name', 'type'] as const;
export type GroupOrder = { by?: (typeof GROUP_SORT)[number]; dir: 'ASC' | 'DESC' };

const like = (v: string | undefined) => (v === undefined ? undefined : ({ op: 'like', value: v } as const));

/** The group query's filters, shared by the list and the count; a user's groups are a semi-join. */
function groupWhere(f: GroupFilter): Where<EngineGroup> {
  const ids = f.idIn ?? (f.id !== undefined ? [f.id] : undefined);
  const mine =
    f.member === undefined
      ? undefined
      : ({
          op: 'inSelect',
          table: 'eng_membership',
          column: 'groupId',
          where: { userId: f.member },
        } as const);
  return {
    id: ids && mine ? { op: 'all', of: [ids, mine] } : (ids ?? mine),
    name: like(f.nameLike) ?? f.name,
    type: f.type,
  };
}

export function listGroups(
  core: EngineCore,
  f: GroupFilter,
  order: GroupOrder,
  page: Page,
): Promise<EngineGroup[]> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.GROUP, permission: 'READ' });
    return tx.find(EngineGroup, groupWhere(f), {
      order: order.by ? { [order.by]: order.dir, id: 'ASC' } : { id: 'ASC' },
      ...page,
    });
  });
}

export function countGroups(core: EngineCore, f: GroupFilter): Promise<number> {
  const where = groupWhere(f);
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.GROUP, permission: 'READ' });
    return tx.count(EngineGroup, where);
  });
}

async function groupOr404(tx: EngineTx, id: string): Promise<EngineGroup> {
  const g = await tx.get(EngineGroup, id);
  if (!g) throw new NotFoundError(`Group with id ${id} does not exist`);
  return g;
}

export function getGroup(core: EngineCore, id: string): Promise<EngineGroup> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.GROUP, permission: 'READ' });
    return groupOr404(tx, id);
  });
}

/** A new group; `fields` are read after the id is found free (Camunda's order of errors). */
export async function createGroup(
  core: EngineCore,
  id: string,
  fields: () => { name: string | null; type: string | null },
): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.GROUP, permission: 'CREATE' });
    if (await tx.get(EngineGroup, id)) throw new ProcessEngineError(`The group already exists: ${id}`);
    await tx.insert(EngineGroup, { id, rev: 1, ...fields() });
  });
}

/** `fields` are read inside the command, after the group is found (Camunda's order of errors). */
export async function updateGroup(
  core: EngineCore,
  id: string,
  fields: () => { name: string | null; type: string | null },
): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.GROUP, permission: 'UPDATE', resourceId: id });
    const g = await groupOr404(tx, id);
    Object.assign(g, fields());
    await tx.update(EngineGroup, g);
  });
}

export async function deleteGroup(core: EngineCore, id: string): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.GROUP, permission: 'DELETE', resourceId: id });
    const g = await groupOr404(tx, id);
    await tx.removeWhere(EngineMembership, { groupId: g.id });
    await tx.remove(EngineGroup, g);
  });
}

/** Camunda's membership table has foreign keys: an unknown user or group fails the insert (500). */
export async function addMember(core: EngineCore, groupId: string, userId: string): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.GROUP_MEMBERSHIP, permission: 'CREATE' });
    if (!(await tx.get(EngineGroup, groupId)) || !(await tx.get(EngineUser, userId)))
      throw new ProcessEngineError(
        `Cannot create membership: user '${userId}' or group '${groupId}' does not exist`,
      );
    if (!(await tx.get(EngineMembership, membershipId(groupId, userId))))
      await tx.insert(EngineMembership, { id: membershipId(groupId, userId), userId, groupId });
  });
}

export async function removeMember(core: EngineCore, groupId: string, userId: string): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.GROUP_MEMBERSHIP, permission: 'CREATE' });
    return tx.removeWhere(EngineMembership, { id: membershipId(groupId, userId) });
  });
}

/** Whether the password is the user's (`/identity/verify`). */
export function verifyUser(core: EngineCore, username: string, password: string): Promise<Principal | null> {
  return core.query((tx) => authenticate(tx, username, password));
}

/** A user's groups and the users of those groups (`/identity/groups`). */
export function identityGroups(core: EngineCore, userId: string) {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.GROUP, permission: 'READ' });
    const ids = await groupsOf(tx, userId);
    const groups = await groupDtos(tx, ids);
    const users = ids.length
      ? [...new Set((await tx.find(EngineMembership, { groupId: ids })).map((m) => m.userId))]
      : [];
    const profiles = users.length ? await tx.find(EngineUser, { id: users }, { order: { id: 'ASC' } }) : [];
    return { groups, groupUsers: profiles };
  });
}
