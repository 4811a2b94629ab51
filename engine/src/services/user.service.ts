import { EngineMembership, EngineUser, type EngineTx, type Where } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, RESOURCES } from '../identity/authorization.service.js';
import { BadUserRequestError, NotFoundError } from '../runtime/errors.js';
import type { Page, QueryParams } from './query-params.js';

/** Engine users (`/user`): the query, one profile, create, update, credentials, delete. */

const like = (v: string | undefined) => (v === undefined ? undefined : ({ op: 'like', value: v } as const));
const SORT = { userId: 'id', firstName: 'firstName', lastName: 'lastName', email: 'email' } as const;

/**
 * The user query's filters, shared by the list and the count (`COUNT(*)` in the database); a
 * group's members are a semi-join on the memberships, not a list of ids read first.
 */
function userWhere(p: QueryParams): Where<EngineUser> {
  const ids = p.list('idIn') ?? (p.string('id') !== undefined ? [p.string('id')!] : undefined);
  const group = p.string('memberOfGroup');
  const members =
    group === undefined
      ? undefined
      : ({ op: 'inSelect', table: 'eng_membership', column: 'userId', where: { groupId: group } } as const);
  return {
    id: ids && members ? { op: 'all', of: [ids, members] } : (ids ?? members),
    firstName: like(p.string('firstNameLike')) ?? p.string('firstName'),
    lastName: like(p.string('lastNameLike')) ?? p.string('lastName'),
    email: like(p.string('emailLike')) ?? p.string('email'),
  };
}

export function listUsers(core: EngineCore, p: QueryParams, page: Page): Promise<EngineUser[]> {
  const sortBy = p.sortBy(Object.keys(SORT) as (keyof typeof SORT)[]);
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.USER, permission: 'READ' });
    return tx.find(EngineUser, userWhere(p), {
      order: sortBy ? { [SORT[sortBy]]: p.sortOrder(), id: 'ASC' } : { id: 'ASC' },
      ...page,
    });
  });
}

export function countUsers(core: EngineCore, p: QueryParams): Promise<number> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.USER, permission: 'READ' });
    return tx.count(EngineUser, userWhere(p));
  });
}

async function userOr404(tx: EngineTx, id: string): Promise<EngineUser> {
  const u = await tx.get(EngineUser, id);
  if (!u) throw new NotFoundError(`User with id ${id} does not exist`);
  return u;
}

export function getUser(core: EngineCore, id: string): Promise<EngineUser> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.USER, permission: 'READ' });
    return userOr404(tx, id);
  });
}

export interface UserProfile {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

/** A new user; 400 as Operaton answers (BadUserRequestException) when the id is taken. */
export async function createUser(
  core: EngineCore,
  user: { id: string; passwordHash: string; profile: () => UserProfile },
): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.USER, permission: 'CREATE' });
    if (await tx.get(EngineUser, user.id))
      throw new BadUserRequestError(`The user already exists: ${user.id}`);
    await tx.insert(EngineUser, { id: user.id, rev: 1, ...user.profile(), passwordHash: user.passwordHash });
  });
}

/** `profile` is read inside the command, after the user is found (Camunda's order of errors). */
export async function updateUserProfile(
  core: EngineCore,
  id: string,
  profile: () => UserProfile,
): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.USER, permission: 'UPDATE', resourceId: id });
    const u = await userOr404(tx, id);
    Object.assign(u, profile());
    await tx.update(EngineUser, u);
  });
}

export async function setUserPassword(core: EngineCore, id: string, passwordHash: string): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.USER, permission: 'UPDATE', resourceId: id });
    const u = await userOr404(tx, id);
    u.passwordHash = passwordHash;
    await tx.update(EngineUser, u);
  });
}

/** Deletes a user and its memberships. */
export async function deleteUser(core: EngineCore, id: string): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.USER, permission: 'DELETE', resourceId: id });
    const u = await userOr404(tx, id);
    await tx.removeWhere(EngineMembership, { userId: u.id });
    await tx.remove(EngineUser, u);
  });
}
