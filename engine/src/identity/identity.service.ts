import { EngineGroup, EngineMembership, EngineUser, type EngineTx } from '@motcua/db/engine';
import { verifyPassword } from './passwords.js';

/** Who is calling: the authenticated user and the groups they belong to. */
export interface Principal {
  userId: string;
  groupIds: string[];
}

/** Camunda's administrators group: its members pass every authorization check. */
export const ADMIN_GROUP = 'camunda-admin';

export const membershipId = (groupId: string, userId: string) => `${groupId}/${userId}`;

export async function groupsOf(tx: EngineTx, userId: string): Promise<string[]> {
  const rows = await tx.find(EngineMembership, { userId }, { order: { groupId: 'ASC' } });
  return rows.map((m) => m.groupId);
}

/** Checks a user's password; null when the user is unknown or the password wrong. */
export async function authenticate(
  tx: EngineTx,
  userId: string,
  password: string,
): Promise<Principal | null> {
  const user = await tx.get(EngineUser, userId);
  if (!user || !(await verifyPassword(password, user.passwordHash))) return null;
  return { userId, groupIds: await groupsOf(tx, userId) };
}

export async function groupDtos(tx: EngineTx, ids: string[]) {
  if (ids.length === 0) return [];
  const groups = await tx.find(EngineGroup, { id: ids }, { order: { id: 'ASC' } });
  return groups.map((g) => ({ id: g.id, name: g.name }));
}
