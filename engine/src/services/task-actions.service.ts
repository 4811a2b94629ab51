import {
  EngineComment,
  EngineHistoricTaskInstance,
  EngineIdentityLink,
  EngineTask,
  type EngineTx,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { InvalidArgumentError, NotFoundError } from '../runtime/errors.js';
import { newId } from '../runtime/ids.js';
import type { CommandContext } from '../runtime/command-context.js';
import { actingUserId, logOperation, logTaskOperation } from '../operation-log/operation-log.js';
import type { StoredValue } from '../variables/typed-value.js';
import { requireTask, setAssignee } from './task.service.js';
import { requireExecution } from '../runtime/execution-tree.js';
import { requireTaskPermission } from './task-authorization.js';
import { requirePermission, RESOURCES } from '../identity/authorization.service.js';

/** Officer actions on a task beyond claim and complete: delegation, identity links, comments, variables. */

async function taskOr404(tx: EngineTx, id: string): Promise<EngineTask> {
  const t = await tx.get(EngineTask, id);
  if (!t) throw new NotFoundError(`Cannot find task with id ${id}: task is null`);
  return t;
}

/** Delegate: the owner (the assignee until now, unless already set) hands the task to another user. */
export async function delegateTask(core: EngineCore, taskId: string, userId: string): Promise<void> {
  await core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, 'UPDATE');
    const task = await requireTask(ctx.tx, taskId);
    const owner = task.owner ?? task.assignee;
    await logTaskOperation(ctx.tx, ctx.now, task, 'Delegate', [
      { property: 'delegation', orgValue: task.delegationState ?? null, newValue: 'PENDING' },
      { property: 'owner', orgValue: task.owner, newValue: owner },
      { property: 'assignee', orgValue: task.assignee, newValue: userId },
    ]);
    task.owner = owner;
    task.delegationState = 'PENDING';
    await setAssignee(ctx.tx, task, userId, ctx.now);
  });
}

/** Resolve: the delegate gives the task back to its owner, with variables; the task stays open. */
export async function resolveTask(
  core: EngineCore,
  taskId: string,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  await core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, 'TASK_WORK');
    const task = await requireTask(ctx.tx, taskId);
    // Operaton resolves any task, delegated or not: it goes back to its owner (none: unassigned).
    await setTaskVariables(ctx, task, variables);
    await logTaskOperation(ctx.tx, ctx.now, task, 'Resolve', [
      { property: 'delegation', orgValue: task.delegationState ?? null, newValue: 'RESOLVED' },
      { property: 'assignee', orgValue: task.assignee, newValue: task.owner },
    ]);
    task.delegationState = 'RESOLVED';
    await setAssignee(ctx.tx, task, task.owner, ctx.now);
  });
}

async function setTaskVariables(
  ctx: CommandContext,
  task: EngineTask,
  values: ReadonlyMap<string, StoredValue>,
) {
  if (values.size === 0) return;
  const exec = await requireExecution(ctx, task.executionId);
  await ctx.setTaskVariables(task, exec, values);
}

/**
 * A task's variables: a name the task holds itself is changed there; others where they exist up
 * the task's scopes, else on the process instance (Camunda's TaskService.setVariables).
 */
export async function modifyTaskVariables(
  core: EngineCore,
  taskId: string,
  modifications: ReadonlyMap<string, StoredValue>,
  deletions: readonly string[],
): Promise<void> {
  await core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, 'UPDATE');
    const task = await taskOr404(ctx.tx, taskId);
    await setTaskVariables(ctx, task, modifications);
    for (const name of deletions)
      if (!(await ctx.deleteTaskVariable(task, name))) await ctx.deleteVariable(task.processInstanceId, name);
    const changes = [
      ...[...modifications.keys()].map((name) => ({ property: 'variable', orgValue: null, newValue: name })),
      ...deletions.map((name) => ({ property: 'variable', orgValue: name, newValue: null })),
    ];
    if (changes.length) await logTaskOperation(ctx.tx, ctx.now, task, 'ModifyVariable', changes);
  });
}

export interface IdentityLinkInput {
  userId: string | null;
  groupId: string | null;
  type: string;
}

/** Adds or removes a candidate user/group, or sets assignee/owner (Camunda's identity-link types). */
export async function changeIdentityLink(
  core: EngineCore,
  taskId: string,
  link: IdentityLinkInput,
  change: { action: 'add' | 'delete' },
): Promise<void> {
  const add = change.action === 'add';
  if ((link.userId === null) === (link.groupId === null))
    throw new InvalidArgumentError('Identity link requires either a userId or a groupId.');
  await core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, 'UPDATE');
    const task = await taskOr404(ctx.tx, taskId);
    if (link.type === 'assignee' || link.type === 'owner') {
      if (link.groupId !== null)
        throw new InvalidArgumentError(
          `Incompatible usage: cannot use type '${link.type}' together with a groupId`,
        );
      const value = add ? link.userId : null;
      if (link.type === 'assignee') {
        await logTaskOperation(ctx.tx, ctx.now, task, 'Assign', [
          { property: 'assignee', orgValue: task.assignee, newValue: value },
        ]);
        await setAssignee(ctx.tx, task, value, ctx.now);
      } else {
        await logTaskOperation(ctx.tx, ctx.now, task, 'SetOwner', [
          { property: 'owner', orgValue: task.owner, newValue: value },
        ]);
        task.owner = value;
        task.lastUpdated = ctx.now;
        await ctx.tx.update(EngineTask, task);
      }
      return;
    }
    if (link.type !== 'candidate')
      throw new InvalidArgumentError(`Unsupported identity link type '${link.type}'`);
    const where = { taskId, type: 'candidate', userId: link.userId, groupId: link.groupId };
    const existing = await ctx.tx.find(EngineIdentityLink, where);
    if (add && existing.length === 0) await ctx.tx.insert(EngineIdentityLink, { id: newId(), ...where });
    if (!add) await ctx.tx.removeWhere(EngineIdentityLink, where);
    // As Operaton logs it: AddGroupLink/DeleteUserLink…, entity IdentityLink, the link's type as the
    // property and the user or group as the new value (also on deletion).
    const kind = link.userId !== null ? 'User' : 'Group';
    await logOperation(ctx.tx, ctx.now, {
      operationType: `${add ? 'Add' : 'Delete'}${kind}Link`,
      entityType: 'IdentityLink',
      category: 'TaskWorker',
      changes: [{ property: link.type, orgValue: null, newValue: link.userId ?? link.groupId }],
      processDefinitionId: task.processDefinitionId,
      processDefinitionKey: task.processDefinitionKey,
      processInstanceId: task.processInstanceId,
      executionId: task.executionId,
      taskId: task.id,
    });
  });
}

export async function identityLinks(core: EngineCore, taskId: string, type: string | undefined) {
  return core.query(async (tx, caller) => {
    await requireTaskPermission(tx, caller, taskId, 'READ');
    const task = await taskOr404(tx, taskId);
    const links: { userId: string | null; groupId: string | null; type: string }[] = [];
    if (task.assignee) links.push({ userId: task.assignee, groupId: null, type: 'assignee' });
    if (task.owner) links.push({ userId: task.owner, groupId: null, type: 'owner' });
    for (const l of await tx.find(EngineIdentityLink, { taskId }, { order: { id: 'ASC' } }))
      links.push({ userId: l.userId, groupId: l.groupId, type: l.type });
    return type === undefined ? links : links.filter((l) => l.type === type);
  });
}

export async function addComment(core: EngineCore, taskId: string, message: string): Promise<EngineComment> {
  return core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, 'UPDATE');
    const task = await taskOr404(ctx.tx, taskId);
    const row: EngineComment = {
      id: newId(),
      taskId,
      processInstanceId: task.processInstanceId,
      userId: actingUserId(ctx.tx),
      time: ctx.now,
      message,
    };
    await ctx.tx.insert(EngineComment, row);
    await logTaskOperation(ctx.tx, ctx.now, task, 'CreateComment', [
      { property: 'comment', orgValue: null, newValue: message },
    ]);
    return row;
  });
}

export async function comments(core: EngineCore, taskId: string): Promise<EngineComment[]> {
  return core.query(async (tx, caller) => {
    await requireTaskPermission(tx, caller, taskId, 'READ');
    await taskOr404(tx, taskId);
    return tx.find(EngineComment, { taskId }, { order: { time: 'ASC', id: 'ASC' } });
  });
}

export interface TaskUpdate {
  name: string | null;
  description: string | null;
  priority: number;
  assignee: string | null;
  owner: string | null;
  dueDate: Date | null;
  followUpDate: Date | null;
}

const text = (v: unknown) =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);

/**
 * `PUT /task/{id}`: Camunda replaces the task's editable fields (a missing field clears it). Each
 * changed field is one user-operation log entry; history mirrors the change.
 */
export async function updateTask(core: EngineCore, taskId: string, update: TaskUpdate): Promise<void> {
  await core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, 'UPDATE');
    const task = await taskOr404(ctx.tx, taskId);
    const before = {
      name: task.name,
      description: task.description,
      priority: task.priority,
      owner: task.owner,
      dueDate: task.dueDate,
      followUpDate: task.followUpDate,
      assignee: task.assignee,
    };
    const changes = (Object.keys(before) as (keyof typeof before)[])
      .filter((k) => text(before[k]) !== text(update[k]))
      .map((k) => ({ property: k, orgValue: text(before[k]), newValue: text(update[k]) }));
    if (changes.length === 0) return;
    await logTaskOperation(ctx.tx, ctx.now, task, 'Update', changes);
    Object.assign(task, {
      name: update.name,
      description: update.description,
      priority: update.priority,
      owner: update.owner,
      dueDate: update.dueDate,
      followUpDate: update.followUpDate,
    });
    // setAssignee saves the task and mirrors the assignee into history.
    await setAssignee(ctx.tx, task, update.assignee, ctx.now);
    const hist = await ctx.tx.get(EngineHistoricTaskInstance, task.id);
    if (hist) {
      Object.assign(hist, {
        name: update.name,
        description: update.description,
        priority: update.priority,
        owner: update.owner,
        dueDate: update.dueDate,
        followUpDate: update.followUpDate,
      });
      await ctx.tx.update(EngineHistoricTaskInstance, hist);
    }
  });
}

/** Open tasks per candidate group (`/task/report/candidate-group-count`); tasks without one count under null. */
export function candidateGroupCounts(core: EngineCore) {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.TASK, permission: 'READ' });
    return tx.candidateGroupTaskCounts();
  });
}

/**
 * Task-local variables live on the task itself (Camunda's TaskService.setVariablesLocal): visible
 * to the task, never to its process instance, and gone when the task ends (history keeps them).
 */
export async function setTaskLocalVariables(
  core: EngineCore,
  taskId: string,
  modifications: ReadonlyMap<string, StoredValue>,
  deletions: readonly string[],
): Promise<void> {
  await core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, 'UPDATE');
    const task = await taskOr404(ctx.tx, taskId);
    const exec = await requireExecution(ctx, task.executionId);
    await ctx.setTaskLocalVariables(task, exec, modifications);
    for (const name of deletions) await ctx.deleteTaskVariable(task, name);
    const changes = [
      ...[...modifications].map(([name, v]) => ({ property: name, orgValue: null, newValue: v.text })),
      ...deletions.map((name) => ({ property: name, orgValue: null, newValue: null })),
    ];
    if (changes.length) await logTaskOperation(ctx.tx, ctx.now, task, 'SetVariable', changes);
  });
}
