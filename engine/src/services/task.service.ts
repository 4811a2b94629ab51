import {
  EngineHistoricActivityInstance,
  EngineHistoricIdentityLink,
  EngineHistoricTaskInstance,
  EngineIdentityLink,
  EngineTask,
  type EngineTx,
  type TableRead,
  type TaskQuery,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import {
  EngineNotFoundError,
  NotFoundError,
  SuspendedEntityError,
  TaskAlreadyClaimedError,
} from '../runtime/errors.js';
import { completeUserTask } from '../runtime/process-runtime.js';
import { actingUserId, logTaskOperation } from '../operation-log/operation-log.js';
import { newId } from '../runtime/ids.js';
import { readableTasks, requireTaskPermission } from './task-authorization.js';
import type { StoredValue } from '../variables/typed-value.js';

async function requireTask(tx: EngineTx, id: string): Promise<EngineTask> {
  const task = await tx.get(EngineTask, id);
  if (!task) throw new EngineNotFoundError(`Cannot find task with id ${id}: task is null`);
  return task;
}

/**
 * Camunda's SuspendedEntityInteractionException: a suspended instance's task cannot be worked on.
 * (Operaton answers 400 on claim, 500 on complete: see rest/error-responses.ts.)
 */
function refuseSuspended(task: EngineTask, action: 'claim' | 'complete'): void {
  if (task.suspended)
    throw new SuspendedEntityError(`Cannot ${action} task '${task.id}' because it is suspended.`);
}

/** Assignee changes are mirrored into the task's history rows in the same transaction. */
async function setAssignee(
  tx: EngineTx,
  task: EngineTask,
  assignee: string | null,
  now: Date,
): Promise<void> {
  const previous = task.assignee;
  task.assignee = assignee;
  task.lastUpdated = now;
  await tx.update(EngineTask, task);
  // The identity-link log keeps assignments: the old assignee's link deleted, the new one added.
  const log = (userId: string, operationType: 'add' | 'delete') =>
    tx.insert(EngineHistoricIdentityLink, {
      id: newId(),
      time: now,
      type: 'assignee',
      userId,
      groupId: null,
      taskId: task.id,
      operationType,
      assignerId: actingUserId(tx),
    });
  if (previous !== assignee) {
    if (previous !== null) await log(previous, 'delete');
    if (assignee !== null) await log(assignee, 'add');
  }
  const hist = await tx.get(EngineHistoricTaskInstance, task.id);
  if (hist) {
    hist.assignee = assignee;
    await tx.update(EngineHistoricTaskInstance, hist);
  }
  const act = await tx.get(EngineHistoricActivityInstance, task.activityInstanceId);
  if (act) {
    act.assignee = assignee;
    await tx.update(EngineHistoricActivityInstance, act);
  }
}

/** Claim: only an unassigned task or one already the claimer's (Camunda's TaskAlreadyClaimedException). */
export async function claimTask(core: EngineCore, taskId: string, userId: string): Promise<void> {
  await core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, 'TASK_WORK');
    const task = await requireTask(ctx.tx, taskId);
    refuseSuspended(task, 'claim');
    if (task.assignee !== null && task.assignee !== userId) {
      throw new TaskAlreadyClaimedError(`Task '${taskId}' is already claimed by someone else.`);
    }
    if (task.assignee !== userId) {
      await logTaskOperation(ctx.tx, ctx.now, task, 'Claim', [
        { property: 'assignee', orgValue: task.assignee, newValue: userId },
      ]);
      await setAssignee(ctx.tx, task, userId, ctx.now);
    }
  });
}

/** Sets (UPDATE) or, with null, unclaims (TASK_WORK) the task's assignee. */
export async function assignTask(core: EngineCore, taskId: string, userId: string | null): Promise<void> {
  await core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, userId === null ? 'TASK_WORK' : 'UPDATE');
    const task = await requireTask(ctx.tx, taskId);
    // Camunda logs an unclaim as a Claim to null, an assignment as Assign.
    await logTaskOperation(ctx.tx, ctx.now, task, userId === null ? 'Claim' : 'Assign', [
      { property: 'assignee', orgValue: task.assignee, newValue: userId },
    ]);
    await setAssignee(ctx.tx, task, userId, ctx.now);
  });
}

/** What a task's completion reads besides its execution and variables (see completeTask). */
const completionReads = (taskId: string, keys: { activityInstanceId: string }): TableRead[] => [
  { entity: EngineIdentityLink, where: { taskId } },
  { entity: EngineHistoricActivityInstance, where: { id: keys.activityInstanceId } },
];

export async function completeTask(
  core: EngineCore,
  taskId: string,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<{ processInstanceId: string }> {
  return core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, 'TASK_WORK');
    // With the task's keys known, the task and everything below in one round trip on MariaDB.
    await ctx.readCompletionAhead('task', taskId, (keys) => completionReads(taskId, keys));
    const task = await requireTask(ctx.tx, taskId);
    refuseSuspended(task, 'complete');
    await logTaskOperation(ctx.tx, ctx.now, task, 'Complete', [
      { property: 'delete', orgValue: 'false', newValue: 'true' },
    ]);
    // The completion reads the task's execution, its instance's variables, the task's identity
    // links (removed with it) and its activity instance (ended): one round trip on MariaDB.
    if (task.executionId && task.processInstanceId)
      await ctx.loadExecutionAndVariables(
        task.executionId,
        task.processInstanceId,
        completionReads(task.id, task),
      );
    await completeUserTask(ctx, task, variables);
    return { processInstanceId: task.processInstanceId };
  });
}

/**
 * The tasks of a query (`GET`/`POST /task`): filters, the caller's readable tasks, sorting and
 * paging in the database.
 */
export function listTasks(core: EngineCore, q: TaskQuery): Promise<EngineTask[]> {
  return core.query(async (tx, caller) => tx.queryTasks(await readableTasks(tx, caller, q)));
}

export function countTasks(core: EngineCore, q: TaskQuery): Promise<number> {
  return core.query(async (tx, caller) => tx.countTasks(await readableTasks(tx, caller, q)));
}

/** One task; `absent` is the 404's message (Camunda words it per endpoint). */
export async function getTask(core: EngineCore, id: string, absent: string): Promise<EngineTask> {
  const task = await core.query(async (tx, caller) => {
    await requireTaskPermission(tx, caller, id, 'READ');
    return tx.get(EngineTask, id);
  });
  if (!task) throw new NotFoundError(absent);
  return task;
}

export { requireTask, setAssignee };
