import { EngineHistoricTaskInstance, EngineTask } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requireTaskPermission } from './task-authorization.js';
import { logTaskOperation } from '../operation-log/operation-log.js';
import type { CommandContext } from '../runtime/command-context.js';
import { ProcessEngineError } from '../runtime/errors.js';
import { nodeOf } from '../bpmn/model.js';
import { escalationBoundary, raiseTaskError, throwEscalation } from '../runtime/process-runtime.js';
import type { StoredValue } from '../variables/typed-value.js';
import { requireTask } from './task.service.js';
import { requireExecution } from '../runtime/execution-tree.js';

/**
 * Events an officer throws from a user task (Camunda's `TaskService.handleBpmnError` and
 * `handleEscalation`, `POST /task/{id}/bpmnError` and `…/bpmnEscalation`), as Operaton 1.0.3:
 * the variables are set first (on the task's execution, so they reach the process instance),
 * then the event is thrown at the user task and caught by its boundary events or further out.
 */

async function taskExecution(ctx: CommandContext, task: EngineTask) {
  const exec = await requireExecution(ctx, task.executionId);
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  const node = nodeOf(model, task.taskDefinitionKey);
  // A task with input/output mappings runs in a scope execution of its own, below the one that
  // entered it; boundary events belong to the entering one.
  const parent = node.io && exec.parentId ? await ctx.execution(exec.parentId) : null;
  const host =
    parent && parent.activityId === node.id && parent.activityInstanceId === exec.activityInstanceId
      ? parent
      : exec;
  return { exec, host, model, node };
}

/**
 * A BPMN error at the task: the task ends (history `deleted`, as Operaton), then the error is
 * caught by an error boundary event of the task or an enclosing scope; uncaught, the token ends
 * as at an end event (Camunda 7's default, the same as an external task's bpmnError).
 */
export async function handleTaskBpmnError(
  core: EngineCore,
  taskId: string,
  errorCode: string,
  errorMessage: string | null,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  await core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, 'TASK_WORK');
    const task = await requireTask(ctx.tx, taskId);
    const { exec, model, node } = await taskExecution(ctx, task);
    await logTaskOperation(ctx.tx, ctx.now, task, 'HandleBpmnError', [
      { property: 'errorCode', orgValue: null, newValue: errorCode },
      { property: 'errorMessage', orgValue: null, newValue: errorMessage },
    ]);
    await ctx.setVariables(exec, variables, { activityInstanceId: task.activityInstanceId, taskId: task.id });
    // The task goes before the error moves the token: an uncaught error ends the execution
    // without cancelling the activity, which would otherwise leave the task behind.
    await ctx.removeTask(task);
    const hist = await ctx.tx.get(EngineHistoricTaskInstance, task.id);
    if (hist) {
      hist.endTime = ctx.now;
      hist.deleteReason = 'deleted';
      await ctx.tx.update(EngineHistoricTaskInstance, hist);
    }
    await raiseTaskError(ctx, model, exec, node, task.activityInstanceId, errorCode, errorMessage);
  });
}

/**
 * An escalation at the task: an escalation boundary event of the task catches it first (an
 * interrupting one cancels the task, a non-interrupting one leaves it open), then enclosing
 * scopes and event subprocesses. Uncaught, Operaton refuses it (500 ProcessEngineException) and
 * nothing changes.
 */
export async function handleTaskEscalation(
  core: EngineCore,
  taskId: string,
  escalationCode: string | null,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  await core.command(async (ctx) => {
    await requireTaskPermission(ctx.tx, ctx.caller, taskId, 'TASK_WORK');
    const task = await requireTask(ctx.tx, taskId);
    const { exec, host, model, node } = await taskExecution(ctx, task);
    await logTaskOperation(ctx.tx, ctx.now, task, 'HandleEscalation', [
      { property: 'escalationCode', orgValue: null, newValue: escalationCode },
    ]);
    await ctx.setVariables(exec, variables, { activityInstanceId: task.activityInstanceId, taskId: task.id });
    const caught =
      (await escalationBoundary(ctx, model, host, node, escalationCode)) ??
      (await throwEscalation(ctx, model, host, escalationCode));
    if (caught === 'none')
      throw new ProcessEngineError(
        `ENGINE-02043 Execution with id '${task.taskDefinitionKey}' throws an escalation event with escalationCode '${escalationCode}', but no escalation handler was defined. `,
      );
  });
}

/**
 * `DELETE /task/{id}`: Camunda deletes only standalone tasks. Every task of this engine belongs to
 * a process (no `POST /task/create` yet), so an existing task is refused as Operaton refuses a
 * process task; an unknown id is a no-op, as on Operaton.
 */
export async function deleteTask(core: EngineCore, taskId: string): Promise<void> {
  await core.query(async (tx, caller) => {
    await requireTaskPermission(tx, caller, taskId, 'DELETE');
    const task = await tx.get(EngineTask, taskId);
    if (task) throw new ProcessEngineError('The task cannot be deleted because is part of a running process');
  });
}
