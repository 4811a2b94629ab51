import {
  EngineEventSubscription,
  EngineExternalTask,
  EngineIncident,
  EngineJob,
  EngineProcessDefinition,
  EngineTask,
  EngineVariable,
  type EngineExecution,
  type EngineTx,
} from '@motcua/db/engine';
import type { CommandContext } from '../runtime/command-context.js';
import type { EngineCore } from '../engine-core.js';
import { onProcessInstance, requirePermission, RESOURCES } from '../identity/authorization.service.js';
import { NotFoundError, ProcessEngineError } from '../runtime/errors.js';
import * as history from '../runtime/history.js';
import { cancelCalledInstances, startProcessInstance } from '../runtime/process-runtime.js';
import { cancelCallingActivity } from '../runtime/instance-modification.js';
import { logOperation } from '../operation-log/operation-log.js';
import type { StoredValue } from '../variables/typed-value.js';

/**
 * The latest version of a key that belongs to no tenant (Camunda 7 and Operaton: the by-key
 * routes "without tenant-id" never answer a tenant's deployment, so a sandbox deployment under
 * a tenant cannot become the version real starts use). Tenants use `…/key/{key}/tenant-id/{t}`.
 */
export async function latestDefinition(tx: EngineTx, key: string): Promise<EngineProcessDefinition> {
  const def = await tx.findOne(
    EngineProcessDefinition,
    { key, tenantId: null },
    { order: { version: 'DESC' } },
  );
  if (!def) throw new NotFoundError(`No matching process definition with key: ${key} and no tenant-id`);
  return def;
}

export async function definitionById(tx: EngineTx, id: string): Promise<EngineProcessDefinition> {
  const def = await tx.get(EngineProcessDefinition, id);
  if (!def) throw new NotFoundError(`No matching definition with id ${id}`);
  return def;
}

export interface StartResult {
  instance: EngineExecution;
  definition: EngineProcessDefinition;
  /** Whether the instance already ended within the start call. */
  ended: boolean;
}

export async function startInstance(
  core: EngineCore,
  definition: { key: string } | { id: string },
  businessKey: string | null,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<StartResult> {
  return core.command(async (ctx) => {
    // Starting needs CREATE on process instances (Camunda also asks CREATE_INSTANCE on the definition).
    await requirePermission(ctx.tx, ctx.caller, {
      resource: RESOURCES.PROCESS_INSTANCE,
      permission: 'CREATE',
    });
    const def =
      'key' in definition
        ? await latestDefinition(ctx.tx, definition.key)
        : await definitionById(ctx.tx, definition.id);
    // Camunda: a ProcessEngineException, which the start route wraps as a 500 RestException.
    if (def.suspended)
      throw new ProcessEngineError(
        `Cannot start process instance. Process definition ${def.id} is suspended`,
      );
    const instance = await startProcessInstance(ctx, def, businessKey, variables);
    const ended = (await ctx.execution(instance.id)) === null;
    return { instance, definition: def, ended };
  });
}

async function requireInstance(ctx: CommandContext, id: string): Promise<EngineExecution> {
  const root = await ctx.execution(id);
  if (!root || !root.isProcessInstance)
    throw new NotFoundError(`Process instance with id ${id} does not exist`);
  return root;
}

/**
 * Cancels a running instance (Camunda's deleteProcessInstance): its tasks, external tasks,
 * incidents, executions and runtime variables go; open activity instances end `canceled`; the
 * historic instance ends EXTERNALLY_TERMINATED with the reason.
 */
export async function deleteProcessInstance(
  core: EngineCore,
  id: string,
  reason: string | null,
): Promise<void> {
  await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, onProcessInstance(id, 'DELETE'));
    const root = await requireInstance(ctx, id);
    // Cancelling the parent cancels what its call activities started.
    await cancelCalledInstances(ctx, { processInstanceId: id }, reason ?? 'deleted', 'EXTERNALLY_TERMINATED');
    for (const task of await ctx.tx.find(EngineTask, { processInstanceId: id })) {
      await ctx.removeTask(task);
      await history.taskEnded(ctx, task, { reason: reason ?? 'deleted', recordAssignee: false });
    }
    for (const ext of await ctx.tx.find(EngineExternalTask, { processInstanceId: id }))
      await ctx.tx.remove(EngineExternalTask, ext);
    await ctx.tx.closeIncidents({ processInstanceId: id }, 'deleted');
    await ctx.tx.removeWhere(EngineIncident, { processInstanceId: id });
    await ctx.tx.removeWhere(EngineEventSubscription, { processInstanceId: id });
    await ctx.tx.removeWhere(EngineJob, { processInstanceId: id });
    await history.openActivityInstancesCanceled(ctx, id);
    // Every execution below the root: concurrent paths, subprocess and activity scopes.
    for (const child of await ctx.findExecutions({ processInstanceId: id }))
      if (child.id !== id) await ctx.deleteExecution(child);
    await ctx.deleteExecution(root);
    await ctx.deleteRuntimeVariables(id);
    await logOperation(ctx.tx, ctx.now, {
      operationType: 'Delete',
      entityType: 'ProcessInstance',
      category: 'Operator',
      changes: [{ property: 'deleteReason', orgValue: null, newValue: reason }],
      processDefinitionId: root.processDefinitionId,
      processDefinitionKey: root.processDefinitionKey,
      processInstanceId: id,
    });
    await history.processInstanceTerminated(ctx, id, { state: 'EXTERNALLY_TERMINATED', reason });
    // A called instance takes its call activity with it (Operaton cancels the super execution's
    // activity instance); otherwise the caller would wait forever for a child that is gone.
    await cancelCallingActivity(ctx, root);
  });
}

/** Sets and deletes process-instance variables (Camunda's PatchVariablesDto); nothing else moves. */
export async function modifyVariables(
  core: EngineCore,
  id: string,
  modifications: ReadonlyMap<string, StoredValue>,
  deletions: readonly string[],
): Promise<void> {
  await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, onProcessInstance(id, 'UPDATE'));
    const root = await requireInstance(ctx, id);
    const before = await ctx.tx.find(EngineVariable, {
      executionId: id,
      taskId: null,
      name: [...modifications.keys(), ...deletions],
    });
    const old = (name: string) => before.find((v) => v.name === name)?.textValue ?? null;
    // Who changed which variable from what to what (Camunda logs ModifyVariable / RemoveVariable).
    for (const [name, value] of modifications)
      await logVariableChange(ctx, root, 'ModifyVariable', name, old(name), value.text);
    for (const name of deletions) await logVariableChange(ctx, root, 'RemoveVariable', name, old(name), null);
    await ctx.setVariables(root, modifications, { activityInstanceId: id });
    for (const name of deletions) await ctx.deleteVariable(id, name);
  });
}

function logVariableChange(
  ctx: CommandContext,
  root: EngineExecution,
  operationType: string,
  name: string,
  orgValue: string | null,
  newValue: string | null,
): Promise<void> {
  return logOperation(ctx.tx, ctx.now, {
    operationType,
    entityType: 'Variable',
    category: 'Operator',
    changes: [{ property: name, orgValue, newValue }],
    processDefinitionId: root.processDefinitionId,
    processDefinitionKey: root.processDefinitionKey,
    processInstanceId: root.id,
  });
}
