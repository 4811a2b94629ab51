import { EngineUserOperationLog, type EngineTask, type EngineTx } from '@motcua/db/engine';
import { newId } from '../runtime/ids.js';

/**
 * Who acts in a transaction: the authenticated user (`ENGINE_AUTH=basic`) of the request whose
 * command or read it is, set by EngineCore from its `as(…)` scope. Services read it when they write
 * the user-operation log, in the same transaction as the change they record. Without
 * authentication (and in the job executor) the user is null and the entry is still written
 * (Camunda's `restrictUserOperationLogToAuthenticatedUsers=false`). Kept by transaction rather than
 * in an AsyncLocalStorage: that one turns on a hook for every promise of the process, about 5 % of
 * the engine's CPU under load.
 */
const actingUsers = new WeakMap<EngineTx, string>();

/** Records that `tx` runs for `userId` (EngineCore, once per command or read with a user). */
export function actAs(tx: EngineTx, userId: string): void {
  actingUsers.set(tx, userId);
}

/** The user `tx` runs for, or null. */
export const actingUserId = (tx: EngineTx): string | null => actingUsers.get(tx) ?? null;

export interface PropertyChange {
  property: string;
  orgValue: string | null;
  newValue: string | null;
}

export interface OperationEntry {
  operationType: string;
  entityType: string;
  /** Camunda's categories: TaskWorker, Operator, Admin. */
  category: 'TaskWorker' | 'Operator' | 'Admin';
  changes: PropertyChange[];
  processDefinitionId?: string | null;
  processDefinitionKey?: string | null;
  processInstanceId?: string | null;
  executionId?: string | null;
  taskId?: string | null;
  externalTaskId?: string | null;
  incidentId?: string | null;
  deploymentId?: string | null;
  /** The operator's note (Camunda's `annotation`, e.g. of a process-instance modification). */
  annotation?: string | null;
}

/** Camunda keeps 4000 characters of a logged value (ACT_HI_OP_LOG.ORG_VALUE_/NEW_VALUE_); so do we. */
const MAX_VALUE = 4000;
const clip = (v: string | null): string | null =>
  v !== null && v.length > MAX_VALUE ? v.slice(0, MAX_VALUE) : v;

/** Writes one operation: one row per changed property, all sharing an operation id. */
export async function logOperation(tx: EngineTx, now: Date, e: OperationEntry): Promise<void> {
  const operationId = newId();
  const changes = e.changes.length ? e.changes : [{ property: null, orgValue: null, newValue: null }];
  for (const c of changes) {
    await tx.insert(EngineUserOperationLog, {
      id: newId(),
      operationId,
      userId: actingUserId(tx),
      timestamp: now,
      operationType: e.operationType,
      entityType: e.entityType,
      category: e.category,
      property: c.property,
      orgValue: clip(c.orgValue),
      newValue: clip(c.newValue),
      deploymentId: e.deploymentId ?? null,
      processDefinitionId: e.processDefinitionId ?? null,
      processDefinitionKey: e.processDefinitionKey ?? null,
      processInstanceId: e.processInstanceId ?? null,
      executionId: e.executionId ?? null,
      taskId: e.taskId ?? null,
      externalTaskId: e.externalTaskId ?? null,
      incidentId: e.incidentId ?? null,
      annotation: e.annotation ?? null,
    });
  }
}

/** A task operation (category TaskWorker) with the task's process context. */
export function logTaskOperation(
  tx: EngineTx,
  now: Date,
  task: EngineTask,
  operationType: string,
  changes: PropertyChange[],
): Promise<void> {
  return logOperation(tx, now, {
    operationType,
    entityType: 'Task',
    category: 'TaskWorker',
    changes,
    processDefinitionId: task.processDefinitionId,
    processDefinitionKey: task.processDefinitionKey,
    processInstanceId: task.processInstanceId,
    executionId: task.executionId,
    taskId: task.id,
  });
}
