import {
  EngineExternalTask,
  EngineHistoricActivityInstance,
  EngineIncident,
  type EngineTx,
  type TableRead,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, UPDATE_PROCESS_INSTANCES } from '../identity/authorization.service.js';
import { logOperation } from '../operation-log/operation-log.js';
import { BadUserRequestError, InvalidArgumentError, NotFoundError } from '../runtime/errors.js';
import { newId } from '../runtime/ids.js';
import { completeExternalTask, handleExternalTaskBpmnError } from '../runtime/process-runtime.js';
import { formatCamundaDate, type StoredValue } from '../variables/typed-value.js';
import type { CommandContext } from '../runtime/command-context.js';

/** Camunda truncates error messages to this length (ExternalTaskEntity.MAX_EXCEPTION_MESSAGE_LENGTH). */
const MAX_ERROR_MESSAGE_LENGTH = 666;

const notFoundTask = (id: string) => new NotFoundError(`External task with id ${id} does not exist`);

async function requireTask(tx: EngineTx, id: string): Promise<EngineExternalTask> {
  const task = await tx.get(EngineExternalTask, id);
  if (!task) throw notFoundTask(id);
  return task;
}

/** What the refused worker tried, worded as Camunda's HandleExternalTaskCmd messages. */
const REFUSALS = {
  complete: (id: string) => `External Task ${id} cannot be completed by worker`,
  failure: (id: string) => `Failure of External Task ${id} cannot be reported by worker`,
  bpmnError: (id: string) => `Bpmn error of External Task ${id} cannot be reported by worker`,
  extendLock: (id: string) => `The lock of the External Task ${id} cannot be extended by worker`,
};

/** The worker that reports must be the one holding the task's most recent lock. */
function checkWorker(task: EngineExternalTask, workerId: string, action: keyof typeof REFUSALS): void {
  if (task.workerId !== workerId) {
    throw new InvalidArgumentError(
      `${REFUSALS[action](task.id)} '${workerId}'. It is locked by worker '${task.workerId ?? 'null'}'.`,
    );
  }
}

/** What an external task's completion reads besides its execution and variables (see complete). */
const completionReads = (taskId: string, keys: { activityInstanceId: string }): TableRead[] => [
  { entity: EngineIncident, where: { configuration: taskId } },
  { entity: EngineHistoricActivityInstance, where: { id: keys.activityInstanceId } },
];

export async function complete(
  core: EngineCore,
  id: string,
  workerId: string,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  const topic = await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    // With the task's keys known, the task and everything below in one round trip on MariaDB.
    await ctx.readCompletionAhead('externalTask', id, (keys) => completionReads(id, keys));
    const task = await requireTask(ctx.tx, id);
    checkWorker(task, workerId, 'complete');
    // The completion reads the task's execution, its instance's variables, the task's incidents
    // (removed with it) and its activity instance (ended): one round trip on MariaDB.
    await ctx.loadExecutionAndVariables(
      task.executionId,
      task.processInstanceId,
      completionReads(task.id, task),
    );
    await ctx.tx.logExternalTask(task, 'successful');
    await completeExternalTask(ctx, task, variables);
    return task.topicName;
  });
  core.observer.externalTaskCompleted(topic);
}

export async function reportBpmnError(
  core: EngineCore,
  id: string,
  workerId: string,
  errorCode: string,
  errorMessage: string | null,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    const task = await requireTask(ctx.tx, id);
    checkWorker(task, workerId, 'bpmnError');
    // No success entry: the error event cancels the task, which the log records as its deletion
    // (Operaton's external-task log shows created → deleted for a reported BPMN error).
    await handleExternalTaskBpmnError(ctx, task, errorCode, errorMessage, variables);
  });
}

async function createIncident(ctx: CommandContext, task: EngineExternalTask): Promise<void> {
  await ctx.tx.insert(EngineIncident, {
    id: newId(),
    rev: 1,
    incidentType: 'failedExternalTask',
    incidentMessage: task.errorMessage,
    incidentTimestamp: ctx.now,
    executionId: task.executionId,
    processInstanceId: task.processInstanceId,
    processDefinitionId: task.processDefinitionId,
    activityId: task.activityId,
    configuration: task.id,
    tenantId: task.tenantId,
  });
}

/** Retries set; 0 opens a `failedExternalTask` incident, going above 0 again resolves it. */
async function setRetriesAndManageIncidents(
  ctx: CommandContext,
  task: EngineExternalTask,
  retries: number,
): Promise<void> {
  const before = task.retries;
  task.retries = retries;
  await ctx.tx.update(EngineExternalTask, task);
  if (retries === 0 && before !== 0) await createIncident(ctx, task);
  if (retries > 0 && before === 0) await ctx.tx.removeWhere(EngineIncident, { configuration: task.id });
}

/** A technical failure: the task is fetchable again after `retryTimeout`, or never (retries 0 → incident). */
export async function reportFailure(
  core: EngineCore,
  id: string,
  body: {
    workerId: string;
    errorMessage: string | null;
    errorDetails: string | null;
    retries: number;
    retryTimeout: number;
  },
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    const task = await requireTask(ctx.tx, id);
    checkWorker(task, body.workerId, 'failure');
    task.errorMessage =
      body.errorMessage === null ? null : body.errorMessage.slice(0, MAX_ERROR_MESSAGE_LENGTH);
    task.errorDetails = body.errorDetails;
    task.lockExpirationTime = new Date(ctx.now.getTime() + body.retryTimeout);
    const exec = await ctx.execution(task.executionId);
    if (exec) await ctx.setVariables(exec, variables, { activityInstanceId: task.activityInstanceId });
    // The failure log keeps the retries the task had before this failure (null on the first),
    // as Operaton's does; the new count shows in the next entry.
    await ctx.tx.logExternalTask(task, 'failed');
    await setRetriesAndManageIncidents(ctx, task, body.retries);
  });
}

export async function setRetries(core: EngineCore, id: string, retries: number): Promise<void> {
  await setRetriesOfMany(core, [id], retries);
}

/** Sets the retries of several tasks in one transaction (`PUT /external-task/retries`), logged. */
export async function setRetriesOfMany(
  core: EngineCore,
  ids: readonly string[],
  retries: number,
): Promise<void> {
  await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    for (const id of ids) {
      const task = await requireTask(ctx.tx, id);
      await logOperation(ctx.tx, ctx.now, {
        operationType: 'SetExternalTaskRetries',
        entityType: 'ExternalTask',
        category: 'Operator',
        changes: [
          {
            property: 'retries',
            orgValue: task.retries === null ? null : String(task.retries),
            newValue: String(retries),
          },
        ],
        processDefinitionId: task.processDefinitionId,
        processDefinitionKey: task.processDefinitionKey,
        processInstanceId: task.processInstanceId,
        externalTaskId: task.id,
      });
      await setRetriesAndManageIncidents(ctx, task, retries);
    }
  });
}

/** Sets a task's priority (`PUT /external-task/{id}/priority`), logged. */
export async function setPriority(core: EngineCore, id: string, priority: number): Promise<void> {
  await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    const task = await requireTask(ctx.tx, id);
    await logOperation(ctx.tx, ctx.now, {
      operationType: 'SetPriority',
      entityType: 'ExternalTask',
      category: 'Operator',
      changes: [{ property: 'priority', orgValue: String(task.priority), newValue: String(priority) }],
      processDefinitionId: task.processDefinitionId,
      processDefinitionKey: task.processDefinitionKey,
      processInstanceId: task.processInstanceId,
      externalTaskId: task.id,
    });
    task.priority = priority;
    await ctx.tx.update(EngineExternalTask, task);
  });
}

export async function extendLock(
  core: EngineCore,
  id: string,
  workerId: string,
  newDuration: number,
): Promise<void> {
  await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    const task = await requireTask(ctx.tx, id);
    checkWorker(task, workerId, 'extendLock');
    if (!task.lockExpirationTime || task.lockExpirationTime.getTime() < ctx.now.getTime()) {
      throw new BadUserRequestError('Cannot extend a lock that expired');
    }
    task.lockExpirationTime = new Date(ctx.now.getTime() + newDuration);
    await ctx.tx.update(EngineExternalTask, task);
  });
}

/** Locks one known task for a worker (Camunda's `lock`): refused while another worker's lock holds. */
export async function lock(
  core: EngineCore,
  id: string,
  workerId: string,
  lockDuration: number,
): Promise<void> {
  await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    const task = await requireTask(ctx.tx, id);
    const held = task.lockExpirationTime !== null && task.lockExpirationTime.getTime() > ctx.now.getTime();
    if (held && task.workerId !== workerId) {
      throw new InvalidArgumentError(
        `External Task ${id} cannot be locked by worker '${workerId}'. It is locked by worker '${task.workerId}'.`,
      );
    }
    task.workerId = workerId;
    task.lockExpirationTime = new Date(ctx.now.getTime() + lockDuration);
    await ctx.tx.update(EngineExternalTask, task);
  });
}

export async function unlock(core: EngineCore, id: string): Promise<void> {
  await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    const task = await requireTask(ctx.tx, id);
    task.workerId = null;
    task.lockExpirationTime = null;
    await ctx.tx.update(EngineExternalTask, task);
  });
}

export async function getExternalTask(core: EngineCore, id: string): Promise<EngineExternalTask> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    return requireTask(tx, id);
  });
}

export function toExternalTaskDto(t: EngineExternalTask) {
  return {
    activityId: t.activityId,
    activityInstanceId: t.activityInstanceId,
    errorMessage: t.errorMessage,
    executionId: t.executionId,
    id: t.id,
    lockExpirationTime: formatCamundaDate(t.lockExpirationTime),
    processDefinitionId: t.processDefinitionId,
    processDefinitionKey: t.processDefinitionKey,
    processDefinitionVersionTag: t.processDefinitionVersionTag,
    processInstanceId: t.processInstanceId,
    tenantId: t.tenantId,
    retries: t.retries,
    suspended: t.suspended,
    workerId: t.workerId,
    topicName: t.topicName,
    priority: t.priority,
    businessKey: t.businessKey,
    createTime: formatCamundaDate(t.createTime)!,
  };
}
