import {
  ConcurrentModificationError,
  EngineExecution,
  EngineHistoricActivityInstance,
  EngineHistoricProcessInstance,
  EngineHistoricTaskInstance,
  EngineProcessDefinition,
  EngineTask,
} from '@motcua/db/engine';
import type { CommandContext } from './command-context.js';
import { newId } from './ids.js';

/**
 * History: the one place where the token runtime turns what happens — an instance starts or ends,
 * an activity instance starts, ends or is cancelled, a task is created or ends — into rows of
 * `eng_hi_procinst`, `eng_hi_actinst` and `eng_hi_taskinst`, in the command's transaction and with
 * its clock. (Variable history is written by `CommandContext`, incidents and identity links by the
 * store, decisions by `dmn/decision-history.ts`.)
 */

/** The process instance `root` starts at `startActivityId`. */
export async function processInstanceStarted(
  ctx: CommandContext,
  root: EngineExecution,
  def: EngineProcessDefinition,
  startActivityId: string,
): Promise<void> {
  await ctx.tx.insert(EngineHistoricProcessInstance, {
    id: root.id,
    rev: 1,
    businessKey: root.businessKey,
    processDefinitionId: def.id,
    processDefinitionKey: def.key,
    processDefinitionName: def.name,
    processDefinitionVersion: def.version,
    startTime: ctx.now,
    endTime: null,
    startActivityId,
    endActivityId: null,
    state: 'ACTIVE',
    superProcessInstanceId: root.superProcessInstanceId,
    deleteReason: null,
    tenantId: def.tenantId,
  });
}

/** The process instance completed at `endActivityId`. */
export async function processInstanceCompleted(
  ctx: CommandContext,
  processInstanceId: string,
  endActivityId: string,
): Promise<void> {
  // Set without reading the row first (one statement; no row, nothing set).
  await ctx.tx.updateColumns(EngineHistoricProcessInstance, processInstanceId, {
    endTime: ctx.now,
    endActivityId,
    state: 'COMPLETED',
  });
  // A running instance's history row is open (written at its start, never removed while it runs).
  ctx.tx.historicInstanceEnded(processInstanceId);
}

/** The process instance was cancelled from outside its own flow: it ends in `state` (with `reason`). */
export async function processInstanceTerminated(
  ctx: CommandContext,
  processInstanceId: string,
  how: { state: 'INTERNALLY_TERMINATED' | 'EXTERNALLY_TERMINATED'; reason: string | null },
): Promise<void> {
  const hist = await ctx.tx.get(EngineHistoricProcessInstance, processInstanceId);
  if (!hist) return;
  if (hist.endTime === null) ctx.tx.historicInstanceEnded(processInstanceId);
  hist.endTime = ctx.now;
  hist.state = how.state;
  hist.deleteReason = how.reason;
  await ctx.tx.update(EngineHistoricProcessInstance, hist);
}

/** Every activity instance still open in the process instance ends `canceled` (it is cancelled as a whole). */
export async function openActivityInstancesCanceled(
  ctx: CommandContext,
  processInstanceId: string,
): Promise<void> {
  await ctx.flush();
  for (const act of await ctx.tx.find(EngineHistoricActivityInstance, { processInstanceId, endTime: null }))
    await activityInstanceEnded(ctx, act, { canceled: true, completeScope: false });
}

/**
 * The history row of an activity instance starting now on `exec` (one shape for activities,
 * multi-instance bodies and scopes opened by a modification); not stored yet — the behaviour
 * stores it with `activityInstanceRecorded` once it has filled in what it knows (a task id).
 */
export async function startedActivityInstance(
  ctx: CommandContext,
  exec: EngineExecution,
  activity: { activityId: string; activityName: string | null; activityType: string },
): Promise<EngineHistoricActivityInstance> {
  return {
    id: newId(),
    rev: 1,
    parentActivityInstanceId: await parentActivityInstanceId(ctx, exec),
    ...activity,
    processInstanceId: exec.processInstanceId,
    processDefinitionId: exec.processDefinitionId,
    processDefinitionKey: exec.processDefinitionKey,
    executionId: exec.id,
    taskId: null,
    assignee: null,
    startTime: ctx.now,
    endTime: null,
    canceled: false,
    completeScope: false,
    tenantId: exec.tenantId,
  };
}

/** The activity instance enclosing what `exec` does next: the subprocess's, or the process instance. */
export async function parentActivityInstanceId(ctx: CommandContext, exec: EngineExecution): Promise<string> {
  const scope = exec.isConcurrent ? await existing(ctx, exec.parentId!) : exec;
  if (scope.isProcessInstance || !scope.parentId) return exec.processInstanceId;
  const entered = await existing(ctx, scope.parentId);
  return entered.activityInstanceId ?? exec.processInstanceId;
}

/** As execution-tree's requireExecution (not imported here: that module imports this one). */
async function existing(ctx: CommandContext, id: string): Promise<EngineExecution> {
  const exec = await ctx.execution(id);
  if (!exec) throw new ConcurrentModificationError(`Execution ${id} was removed by another transaction`);
  return exec;
}

/**
 * Stores a started activity instance (see `startedActivityInstance`): inserted when the command
 * flushes, with whatever happened to it by then (see CommandContext.recordActivityInstance).
 */
export async function activityInstanceRecorded(
  ctx: CommandContext,
  inst: EngineHistoricActivityInstance,
): Promise<void> {
  ctx.recordActivityInstance(inst);
}

/** Stores what changed on a recorded activity instance (its end, its task, its execution). */
export async function activityInstanceUpdated(
  ctx: CommandContext,
  inst: EngineHistoricActivityInstance,
): Promise<void> {
  await ctx.updateActivityInstance(inst);
}

/** The recorded activity instance with this id, if there is one. */
export async function activityInstance(
  ctx: CommandContext,
  id: string | null,
): Promise<EngineHistoricActivityInstance | null> {
  return id ? await ctx.activityInstance(id) : null;
}

/** The activity instance ends now (once: an ended one stays as it is). */
export async function activityInstanceEnded(
  ctx: CommandContext,
  inst: EngineHistoricActivityInstance,
  how: { canceled: boolean; completeScope: boolean },
): Promise<void> {
  if (inst.endTime) return;
  inst.endTime = ctx.now;
  inst.canceled = how.canceled;
  inst.completeScope = how.completeScope;
  await ctx.updateActivityInstance(inst);
}

/** A user task was created for the activity instance `actInst` of `exec`. */
export async function taskCreated(
  ctx: CommandContext,
  task: EngineTask,
  exec: EngineExecution,
  actInst: EngineHistoricActivityInstance,
): Promise<void> {
  await ctx.tx.insert(EngineHistoricTaskInstance, {
    id: task.id,
    rev: 1,
    taskDefinitionKey: task.taskDefinitionKey,
    name: task.name,
    processInstanceId: task.processInstanceId,
    processDefinitionId: task.processDefinitionId,
    processDefinitionKey: task.processDefinitionKey,
    executionId: exec.id,
    activityInstanceId: actInst.id,
    assignee: task.assignee,
    startTime: ctx.now,
    endTime: null,
    deleteReason: null,
    tenantId: exec.tenantId,
    description: task.description,
    owner: null,
    priority: task.priority,
    dueDate: task.dueDate,
    followUpDate: task.followUpDate,
    businessKey: task.businessKey,
  });
}

/**
 * A user task ended: `completed` (its final assignee recorded) or cancelled with `reason`
 * (`deleted`, a modification's reason…).
 */
export async function taskEnded(
  ctx: CommandContext,
  task: EngineTask,
  how: { reason: string; recordAssignee: boolean },
): Promise<void> {
  // Set without reading the row first (one statement; no row, nothing set).
  await ctx.tx.updateColumns(EngineHistoricTaskInstance, task.id, {
    endTime: ctx.now,
    deleteReason: how.reason,
    ...(how.recordAssignee ? { assignee: task.assignee } : {}),
  });
}
