import { EngineComment, EngineHistoricProcessInstance, EngineTask, type EngineTx } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { onProcessInstance, requirePermission, type Caller } from '../identity/authorization.service.js';
import { requireTaskPermission } from './task-authorization.js';
import { InvalidArgumentError, NotFoundError } from '../runtime/errors.js';
import { actingUserId, logOperation } from '../operation-log/operation-log.js';

/** Comments of a task or of a process instance, read, edited and deleted (each change logged). */

const MAX_COMMENT = 4000;

/** Whose comments: a task's or a process instance's. */
export type CommentOwner = { task: string } | { processInstance: string };

const scopeOf = (owner: CommentOwner) =>
  'task' in owner ? { taskId: owner.task } : { processInstanceId: owner.processInstance };
const describe = (owner: CommentOwner) =>
  'task' in owner ? `task ${owner.task}` : `process instance ${owner.processInstance}`;

/** Editing an owner's comments is updating the owner: UPDATE on the task or the process instance. */
async function requireEdit(tx: EngineTx, caller: Caller, owner: CommentOwner): Promise<void> {
  if ('task' in owner) await requireTaskPermission(tx, caller, owner.task, 'UPDATE');
  else await requirePermission(tx, caller, onProcessInstance(owner.processInstance, 'UPDATE'));
}

const log = (tx: EngineTx, now: Date, c: EngineComment, operationType: string, newValue: string | null) =>
  logOperation(tx, now, {
    operationType,
    entityType: 'Comment',
    category: 'TaskWorker',
    changes: [{ property: 'comment', orgValue: c.message, newValue }],
    processInstanceId: c.processInstanceId,
    taskId: c.taskId,
  });

/** The comments of a process instance, oldest first; 404 for an instance never known. */
export function processInstanceComments(
  core: EngineCore,
  processInstanceId: string,
): Promise<EngineComment[]> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, onProcessInstance(processInstanceId, 'READ'));
    const known =
      (await tx.get(EngineHistoricProcessInstance, processInstanceId)) !== null ||
      (await tx.count(EngineComment, { processInstanceId })) > 0;
    if (!known) throw new NotFoundError(`No process instance found for id ${processInstanceId}`);
    return tx.find(EngineComment, { processInstanceId }, { order: { time: 'ASC', id: 'ASC' } });
  });
}

/** `PUT …/comment`: the comment `id` of the owner gets a new message. */
export async function updateComment(
  core: EngineCore,
  owner: CommentOwner,
  change: { id: string; message: string },
): Promise<void> {
  const { id, message } = change;
  if (message.length > MAX_COMMENT)
    throw new InvalidArgumentError(`A comment has at most ${MAX_COMMENT} characters`);
  await core.command(async ({ tx, now, caller }) => {
    await requireEdit(tx, caller, owner);
    const c = await tx.findOne(EngineComment, { id, ...scopeOf(owner) });
    if (!c) throw new NotFoundError(`No comment found with id ${id} for ${describe(owner)}`);
    await log(tx, now, c, 'Update', message);
    // Comments carry no revision: the row is rewritten under the command's transaction.
    await tx.removeWhere(EngineComment, { id });
    await tx.insert(EngineComment, { ...c, message, userId: actingUserId(tx) ?? c.userId, time: now });
  });
}

/** `DELETE …/comment`: every comment of the owner. */
export async function deleteComments(core: EngineCore, owner: CommentOwner): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requireEdit(tx, caller, owner);
    // An unknown task is a 404 (as Operaton); a task without comments has nothing to delete.
    if ('task' in owner && !(await tx.get(EngineTask, owner.task)))
      throw new NotFoundError(`No task found for task id ${owner.task}`);
    const all = await tx.find(EngineComment, scopeOf(owner));
    for (const c of all) await log(tx, now, c, 'Delete', null);
    await tx.removeWhere(EngineComment, scopeOf(owner));
  });
}

/** `DELETE …/comment/{commentId}`. */
export async function deleteComment(core: EngineCore, owner: CommentOwner, commentId: string): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requireEdit(tx, caller, owner);
    const c = await tx.findOne(EngineComment, { id: commentId, ...scopeOf(owner) });
    // Operaton answers 204 for a task comment that is gone already (deleting is idempotent).
    if (!c && 'task' in owner) return;
    if (!c) throw new NotFoundError(`No comment found with id ${commentId} for ${describe(owner)}`);
    await log(tx, now, c, 'Delete', null);
    await tx.removeWhere(EngineComment, { id: c.id });
  });
}
