import {
  ConcurrentModificationError,
  EngineEventSubscription,
  EngineExecution,
  EngineExternalTask,
  EngineIncident,
  EngineJob,
  EngineTask,
} from '@motcua/db/engine';
import type { FlowNode } from '../bpmn/model.js';
import type { CommandContext } from './command-context.js';
import * as history from './history.js';
import { newId } from './ids.js';
import { cancelCalledInstances } from './behaviours/call-activity.js';
import { isEventSubTrigger } from './behaviours/subprocesses.js';

/**
 * The execution tree (as Camunda 7): concurrent children of a scope, scope executions of
 * activities, forking beside a running activity, cancelling and removing executions.
 */

export async function removeExternalTask(ctx: CommandContext, task: EngineExternalTask): Promise<void> {
  await ctx.tx.remove(EngineExternalTask, task);
  await ctx.tx.removeWhere(EngineIncident, { configuration: task.id });
}

/**
 * The execution a row this command read points to (a task's, a job's, a subscription's, a
 * parent). Rows go with their execution in one transaction, so when it is missing another
 * command ended it after this one read the row: a lost race (OptimisticLockingException, which
 * the client retries), not an engine failure.
 */
export async function requireExecution(ctx: CommandContext, id: string): Promise<EngineExecution> {
  const exec = await ctx.execution(id);
  if (!exec) throw new ConcurrentModificationError(`Execution ${id} was removed by another transaction`);
  return exec;
}

export async function newConcurrentExecution(
  ctx: CommandContext,
  root: EngineExecution,
): Promise<EngineExecution> {
  const child: EngineExecution = {
    ...root,
    id: newId(),
    rev: 1,
    parentId: root.id,
    isProcessInstance: false,
    isConcurrent: true,
    isActive: true,
    activityId: null,
    activityInstanceId: null,
    startTime: ctx.now,
  };
  await ctx.insertExecution(child);
  return child;
}

/**
 * The execution that entered `node` when `exec` is the scope execution created for it (an
 * activity with input/output mappings); null otherwise.
 */
export async function activityScopeParent(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
): Promise<EngineExecution | null> {
  if (!node.io || node.kind === 'subProcess' || exec.isProcessInstance || exec.isConcurrent || !exec.parentId)
    return null;
  const parent = await requireExecution(ctx, exec.parentId);
  return parent.activityId === node.id && parent.activityInstanceId === exec.activityInstanceId
    ? parent
    : null;
}

/** The scope execution a token belongs to: itself unless it is a concurrent child. */
export async function scopeOf(ctx: CommandContext, exec: EngineExecution): Promise<EngineExecution> {
  return exec.isConcurrent ? requireExecution(ctx, exec.parentId!) : exec;
}

/**
 * Cancels what an execution is doing: its user and external tasks, subscriptions and jobs go,
 * its activity instance ends `canceled`.
 */
export async function cancelActivity(
  ctx: CommandContext,
  exec: EngineExecution,
  reason: string,
): Promise<void> {
  // Everything inside first: scope executions of subprocesses and their tokens.
  for (const child of await ctx.findExecutions({ parentId: exec.id }))
    await destroyExecution(ctx, child, reason);
  for (const task of await ctx.tx.find(EngineTask, { executionId: exec.id })) {
    await ctx.removeTask(task);
    await history.taskEnded(ctx, task, { reason, recordAssignee: false });
  }
  for (const ext of await ctx.tx.find(EngineExternalTask, { executionId: exec.id }))
    await removeExternalTask(ctx, ext);
  await cancelCalledInstances(ctx, { executionId: exec.id }, reason);
  // The activity's waits go; the event subprocess triggers of a scope execution stay with it.
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  for (const job of await ctx.tx.find(EngineJob, { executionId: exec.id }))
    if (!isEventSubTrigger(model, job.activityId)) await ctx.tx.remove(EngineJob, job);
  for (const sub of await ctx.tx.find(EngineEventSubscription, { executionId: exec.id }))
    if (!isEventSubTrigger(model, sub.activityId) && sub.eventType !== 'compensate')
      await ctx.tx.remove(EngineEventSubscription, sub);
  if (exec.activityInstanceId) {
    const inst = await history.activityInstance(ctx, exec.activityInstanceId);
    if (inst) await history.activityInstanceEnded(ctx, inst, { canceled: true, completeScope: false });
  }
}

/** Cancels an execution and everything below it, and removes it with its waits and variables. */
export async function destroyExecution(
  ctx: CommandContext,
  exec: EngineExecution,
  reason: string,
): Promise<void> {
  await cancelActivity(ctx, exec, reason);
  await ctx.tx.removeWhere(EngineJob, { executionId: exec.id });
  await ctx.tx.removeWhere(EngineEventSubscription, { executionId: exec.id });
  await ctx.deleteScopeVariables(exec);
  await ctx.deleteExecution(exec);
}

/**
 * Makes room for a second token beside a running activity. When the process instance itself runs
 * the activity, it becomes the scope: a new concurrent child takes the activity over (its tasks,
 * external tasks, subscriptions, jobs and incidents move along), as Camunda 7 restructures its
 * execution tree. Returns the execution now running the activity and the new concurrent token.
 */
export async function forkFromActivity(
  ctx: CommandContext,
  host: EngineExecution,
): Promise<{ host: EngineExecution; token: EngineExecution }> {
  const root = await scopeOf(ctx, host);
  if (host.isConcurrent) {
    await ctx.saveExecution(root); // serialises with joins and ends, see the header comment
    return { host, token: await newConcurrentExecution(ctx, root) };
  }
  const child = await newConcurrentExecution(ctx, root);
  child.activityId = root.activityId;
  child.activityInstanceId = root.activityInstanceId;
  child.isActive = root.isActive; // a root waiting (at a subprocess, a compensation throw) hands that on
  await ctx.saveExecution(child);
  for (const task of await ctx.tx.find(EngineTask, { executionId: root.id })) {
    task.executionId = child.id;
    await ctx.tx.update(EngineTask, task);
  }
  for (const ext of await ctx.tx.find(EngineExternalTask, { executionId: root.id })) {
    ext.executionId = child.id;
    await ctx.tx.update(EngineExternalTask, ext);
  }
  const model = await ctx.models.get(ctx.tx, root.processDefinitionId);
  for (const sub of await ctx.tx.find(EngineEventSubscription, { executionId: root.id })) {
    if (isEventSubTrigger(model, sub.activityId) || sub.eventType === 'compensate') continue; // the scope's, it stays
    sub.executionId = child.id;
    await ctx.tx.update(EngineEventSubscription, sub);
  }
  for (const job of await ctx.tx.find(EngineJob, { executionId: root.id })) {
    if (isEventSubTrigger(model, job.activityId)) continue;
    job.executionId = child.id;
    await ctx.tx.update(EngineJob, job);
  }
  for (const inc of await ctx.tx.find(EngineIncident, { executionId: root.id })) {
    inc.executionId = child.id;
    await ctx.tx.update(EngineIncident, inc);
  }
  // A subprocess (or activity) scope under the moved activity moves along.
  for (const sub of await ctx.findExecutions({ parentId: root.id, isConcurrent: false })) {
    sub.parentId = child.id;
    await ctx.saveExecution(sub);
  }
  if (child.activityInstanceId) {
    const inst = await history.activityInstance(ctx, child.activityInstanceId);
    if (inst) {
      inst.executionId = child.id;
      await history.activityInstanceUpdated(ctx, inst);
    }
  }
  root.isActive = false;
  root.activityId = null;
  root.activityInstanceId = null;
  await ctx.saveExecution(root);
  return { host: child, token: await newConcurrentExecution(ctx, root) };
}

/** A scope execution below `parent`; `active`: it runs something now (not a waiting multi-instance body). */
export async function newChildScope(
  ctx: CommandContext,
  parent: EngineExecution,
  { active }: { readonly active: boolean },
) {
  const child: EngineExecution = {
    ...parent,
    id: newId(),
    rev: 1,
    parentId: parent.id,
    isProcessInstance: false,
    isConcurrent: false,
    isActive: active,
    startTime: ctx.now,
  };
  await ctx.insertExecution(child);
  return child;
}
