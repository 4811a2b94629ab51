import { EngineIdentityLink, EngineTask, type EngineTx, type TaskQuery } from '@motcua/db/engine';
import {
  authorizationDecision,
  authorizationDenied,
  isAuthorized,
  RESOURCES,
  type Caller,
} from '../identity/authorization.service.js';
import type { Principal } from '../identity/identity.service.js';

/** What Camunda's default task permissions allow the people involved in a task. */
const DEFAULT_TASK_PERMISSIONS = ['READ', 'UPDATE', 'TASK_WORK'];

/**
 * Camunda's default task permissions: the assignee, the owner, candidate users and members of
 * candidate groups may read and work on a task without an authorization row.
 */
async function involvedIn(tx: EngineTx, who: Principal, task: EngineTask): Promise<boolean> {
  if (task.assignee === who.userId || task.owner === who.userId) return true;
  const links = await tx.find(EngineIdentityLink, { taskId: task.id, type: 'candidate' });
  return links.some(
    (l) => l.userId === who.userId || (l.groupId !== null && who.groupIds.includes(l.groupId)),
  );
}

/**
 * Camunda's check of a permission on one task (READ, UPDATE, TASK_WORK, DELETE): an authorization
 * for the task or all tasks decides; when none speaks, the default task permissions do. An unknown
 * task passes, so the operation answers its own 404.
 */
export async function requireTaskPermission(
  tx: EngineTx,
  caller: Caller,
  taskId: string,
  permission: string,
): Promise<void> {
  if (caller === null) return;
  const decision = await authorizationDecision(tx, caller, RESOURCES.TASK, permission, taskId);
  if (decision === true) return;
  if (decision === null && DEFAULT_TASK_PERMISSIONS.includes(permission)) {
    const task = await tx.get(EngineTask, taskId);
    if (!task || (await involvedIn(tx, caller, task))) return;
  }
  throw authorizationDenied(caller, { resource: RESOURCES.TASK, permission, resourceId: taskId });
}

/**
 * A task query restricted to what the caller may read, in SQL: without READ on all tasks, only
 * the tasks they are involved in (the default task permissions), as Camunda filters its queries.
 */
export async function readableTasks<Q extends TaskQuery>(tx: EngineTx, caller: Caller, q: Q): Promise<Q> {
  if (caller === null || (await isAuthorized(tx, caller, RESOURCES.TASK, 'READ'))) return q;
  return { ...q, involvedUser: caller };
}
