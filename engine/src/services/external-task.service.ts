import {
  EngineExternalTask,
  EngineHistoricActivityInstance,
  EngineIncident,
  EngineVariable,
  type EngineTx,
} from '@motcua/db/engine';
import type { LockedExternalTaskDto, VariableMapDto } from '@motcua/engine-client';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, UPDATE_PROCESS_INSTANCES } from '../identity/authorization.service.js';
import { logOperation } from '../operation-log/operation-log.js';
import { BadUserRequestError, InvalidArgumentError, NotFoundError } from '../runtime/errors.js';
import { newId } from '../runtime/ids.js';
import { completeExternalTask, handleExternalTaskBpmnError } from '../runtime/process-runtime.js';
import { formatCamundaDate, queryText, toDto, type StoredValue } from '../variables/typed-value.js';
import type { CommandContext } from '../runtime/command-context.js';
import type { ProcessModel } from '../bpmn/model.js';

/** Camunda's longest long poll (FetchAndLockHandlerImpl). */
export const MAX_ASYNC_RESPONSE_TIMEOUT = 1_800_000;
/** How often a parked fetch re-checks the database for tasks created by other engine processes. */
const RECHECK_INTERVAL_MS = 1000;
/** Camunda truncates error messages to this length (ExternalTaskEntity.MAX_EXCEPTION_MESSAGE_LENGTH). */
const MAX_ERROR_MESSAGE_LENGTH = 666;

export interface FetchTopic {
  topicName: string;
  lockDuration: number;
  variables: string[] | null;
  businessKey?: string;
  processDefinitionId?: string;
  processDefinitionIdIn?: string[];
  processDefinitionKey?: string;
  processDefinitionKeyIn?: string[];
  processDefinitionVersionTag?: string;
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  includeExtensionProperties?: boolean;
  /** Variable name → value the process instance must hold (compared as canonical text). */
  processVariables?: Record<string, unknown>;
}

export interface FetchRequest {
  workerId: string;
  maxTasks: number;
  usePriority: boolean;
  createTimeOrder?: 'ASC' | 'DESC';
  asyncResponseTimeout: number | null;
  topics: FetchTopic[];
}

const notFoundTask = (id: string) => new NotFoundError(`External task with id ${id} does not exist`);

async function requireTask(tx: EngineTx, id: string): Promise<EngineExternalTask> {
  const task = await tx.get(EngineExternalTask, id);
  if (!task) throw notFoundTask(id);
  return task;
}

/** The worker that reports must be the one holding the task's most recent lock. */
/** What the refused worker tried, worded as Camunda's HandleExternalTaskCmd messages. */
const REFUSALS = {
  complete: (id: string) => `External Task ${id} cannot be completed by worker`,
  failure: (id: string) => `Failure of External Task ${id} cannot be reported by worker`,
  bpmnError: (id: string) => `Bpmn error of External Task ${id} cannot be reported by worker`,
  extendLock: (id: string) => `The lock of the External Task ${id} cannot be extended by worker`,
};

function checkWorker(task: EngineExternalTask, workerId: string, action: keyof typeof REFUSALS): void {
  if (task.workerId !== workerId) {
    throw new InvalidArgumentError(
      `${REFUSALS[action](task.id)} '${workerId}'. It is locked by worker '${task.workerId ?? 'null'}'.`,
    );
  }
}

/** The store query for one topic of a fetch. */
function topicQuery(topic: FetchTopic, now: Date) {
  const pdIds = [
    ...(topic.processDefinitionIdIn ?? []),
    ...(topic.processDefinitionId ? [topic.processDefinitionId] : []),
  ];
  const pdKeys = [
    ...(topic.processDefinitionKeyIn ?? []),
    ...(topic.processDefinitionKey ? [topic.processDefinitionKey] : []),
  ];
  return {
    topicName: topic.topicName,
    now,
    businessKey: topic.businessKey,
    processDefinitionIds: pdIds.length ? pdIds : undefined,
    processDefinitionKeys: pdKeys.length ? pdKeys : undefined,
    processDefinitionVersionTag: topic.processDefinitionVersionTag,
    tenantIds: topic.tenantIdIn,
    withoutTenantId: topic.withoutTenantId,
    processVariables: topic.processVariables
      ? Object.entries(topic.processVariables).map(([name, value]) => ({ name, text: queryText(value) }))
      : undefined,
  };
}

async function lockOnce(
  core: EngineCore,
  req: FetchRequest,
  options: { lookFirst: boolean },
): Promise<LockedExternalTaskDto[]> {
  // Look before locking: a fetch that finds nothing (most long-poll re-checks) opens no write
  // transaction, which on SQLite would take the file's write lock from the portal and the workers.
  // The caller's permission is checked in the same read: an empty poll is one read transaction.
  // What the look found (on MariaDB the first topic's candidates) is locked first by the command.
  // Without the look (SQLite's first attempt, see fetchAndLock) the command looks itself.
  const now = core.clock.now();
  const fetchQuery = (topic: FetchTopic, at: Date, limit: number) => ({
    ...topicQuery(topic, at),
    limit,
    usePriority: req.usePriority,
    createTimeOrder: req.createTimeOrder,
  });
  let look: { topic: FetchTopic; candidates: string[] } | null = null;
  if (options.lookFirst || req.maxTasks <= 0) {
    look = await core.query(async (tx, caller) => {
      await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
      if (req.maxTasks <= 0) return null;
      for (const topic of req.topics) {
        const candidates = await tx.lookForFetchableExternalTasks(fetchQuery(topic, now, req.maxTasks));
        if (candidates.length > 0) return { topic, candidates };
      }
      return null;
    });
    if (!look) return [];
  }
  return core.command(async (ctx) => {
    if (!look) await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    const locked: { task: EngineExternalTask; topic: FetchTopic }[] = [];
    for (const topic of req.topics) {
      const remaining = req.maxTasks - locked.length;
      if (remaining <= 0) break;
      const rows = await ctx.tx.findFetchableExternalTasks({
        ...fetchQuery(topic, ctx.now, remaining),
        candidates: look && topic === look.topic && remaining === req.maxTasks ? look.candidates : undefined,
      });
      for (const task of rows) {
        if (locked.some((l) => l.task.id === task.id)) continue;
        task.workerId = req.workerId;
        task.lockExpirationTime = new Date(ctx.now.getTime() + topic.lockDuration);
        await ctx.tx.update(EngineExternalTask, task);
        locked.push({ task, topic });
      }
    }
    const dtos: LockedExternalTaskDto[] = [];
    // What each task's execution sees: its input mappings and the scopes around it. The
    // executions and their instances' variables of all the locked tasks are read together.
    await ctx.loadExecutionsAndVariables(locked.map((l) => l.task));
    for (const { task, topic } of locked) {
      const exec = await ctx.execution(task.executionId);
      const vars = exec ? await ctx.visibleVariables(exec) : await ctx.variables(task.processInstanceId);
      const variables: VariableMapDto = {};
      for (const v of vars.values()) {
        if (topic.variables === null || topic.variables.includes(v.name))
          variables[v.name] = toDto(stored(v));
      }
      let extensionProperties: Record<string, string> = {};
      if (topic.includeExtensionProperties) {
        const model: ProcessModel = await ctx.models.get(ctx.tx, task.processDefinitionId);
        extensionProperties = {
          ...(model.nodes.get(task.activityId)?.externalTask?.extensionProperties ?? {}),
        };
      }
      dtos.push({
        ...toExternalTaskDto(task),
        errorDetails: task.errorDetails,
        variables,
        extensionProperties,
      });
    }
    return dtos;
  });
}

const stored = (v: EngineVariable): StoredValue => ({
  type: v.type as StoredValue['type'],
  text: v.textValue,
});

/**
 * fetchAndLock with long polling: answer at once when tasks are found or no timeout is given;
 * otherwise park until a task on one of the topics is created in this process (woken), the
 * periodic re-check finds one, the client goes away, or the timeout ends (answer `[]`).
 */
export async function fetchAndLock(
  core: EngineCore,
  req: FetchRequest,
  isAborted: () => boolean = () => false,
): Promise<LockedExternalTaskDto[]> {
  const timeout = req.asyncResponseTimeout ?? 0;
  const deadline = Date.now() + timeout;
  // On SQLite the first attempt locks without a look first: a look is a read, which the store
  // runs only between commit groups, so a fetch that looked waited for two turns on the
  // connection (and ended the group before it early, one more fsync). A first attempt that finds
  // nothing costs a write transaction that writes nothing (no fsync). Long-poll re-checks, mostly
  // empty, still look first, and so does MariaDB, whose look hands its candidates to the lock.
  let lookFirst = core.store.dialect === 'mysql';
  for (;;) {
    const armed = core.notifier.arm(req.topics.map((t) => t.topicName));
    try {
      const tasks = await lockOnce(core, req, { lookFirst });
      lookFirst = true;
      if (tasks.length > 0) core.observer.externalTasksFetched(tasks.map((t) => t.topicName));
      if (tasks.length > 0 || timeout <= 0) return tasks;
      const remaining = deadline - Date.now();
      if (remaining <= 0 || core.notifier.isClosed || isAborted()) return [];
      await armed.wait(Math.min(remaining, RECHECK_INTERVAL_MS));
      if (core.notifier.isClosed || isAborted()) return [];
    } finally {
      armed.dispose();
    }
  }
}

export async function complete(
  core: EngineCore,
  id: string,
  workerId: string,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  const topic = await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    const task = await requireTask(ctx.tx, id);
    checkWorker(task, workerId, 'complete');
    // The completion reads the task's execution, its instance's variables, the task's incidents
    // (removed with it) and its activity instance (ended): one round trip on MariaDB.
    await ctx.loadExecutionAndVariables(task.executionId, task.processInstanceId, [
      { entity: EngineIncident, where: { configuration: task.id } },
      { entity: EngineHistoricActivityInstance, where: { id: task.activityInstanceId } },
    ]);
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
