import {
  EngineEventSubscription,
  EngineExecution,
  EngineHistoricVariableInstance,
  EngineIncident,
  EngineVariable,
  type EngineTx,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import {
  requirePermission,
  READ_PROCESS_INSTANCES,
  UPDATE_PROCESS_INSTANCES,
  type Caller,
} from '../identity/authorization.service.js';
import { InvalidArgumentError, NotFoundError, ProcessEngineError } from '../runtime/errors.js';
import { newId } from '../runtime/ids.js';
import { deliverMessage } from '../runtime/process-runtime.js';
import { logOperation } from '../operation-log/operation-log.js';
import type { StoredValue } from '../variables/typed-value.js';
import type { ListQuery, Page, QueryParams } from './query-params.js';

/** Executions: the query, one, their local variables, custom incidents, messages and signals. */

const SORT = {
  instanceId: 'processInstanceId',
  definitionKey: 'processDefinitionKey',
  definitionId: 'processDefinitionId',
} as const;

/** The execution query; null when an incident filter finds no incident (nothing matches). */
async function executionQuery(tx: EngineTx, p: QueryParams): Promise<ListQuery<EngineExecution> | null> {
  const sortBy = p.sortBy(Object.keys(SORT) as (keyof typeof SORT)[]);
  let incidentExecutions: string[] | undefined;
  const incidentId = p.string('incidentId');
  const incidentType = p.string('incidentType');
  if (incidentId !== undefined || incidentType !== undefined)
    incidentExecutions = (await tx.find(EngineIncident, { id: incidentId, incidentType })).map(
      (i) => i.executionId,
    );
  if (incidentExecutions && incidentExecutions.length === 0) return null;
  const active = p.bool('active');
  const suspended = p.bool('suspended');
  return {
    entity: EngineExecution,
    where: {
      id: incidentExecutions,
      businessKey: p.string('businessKey'),
      processDefinitionId: p.string('processDefinitionId'),
      processDefinitionKey: p.string('processDefinitionKey'),
      processInstanceId: p.string('processInstanceId'),
      activityId: p.string('activityId'),
      isActive: active ? true : undefined,
      suspended: suspended ? true : undefined,
      tenantId: p.list('tenantIdIn'),
    },
    order: sortBy ? { [SORT[sortBy]]: p.sortOrder(), id: 'ASC' } : { id: 'ASC' },
  };
}

export function listExecutions(core: EngineCore, p: QueryParams, page: Page): Promise<EngineExecution[]> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, READ_PROCESS_INSTANCES);
    const q = await executionQuery(tx, p);
    return q ? tx.find(q.entity, q.where, { order: q.order, ...page }) : [];
  });
}

export function countExecutions(core: EngineCore, p: QueryParams): Promise<number> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, READ_PROCESS_INSTANCES);
    const q = await executionQuery(tx, p);
    return q ? tx.count(q.entity, q.where) : 0;
  });
}

async function executionOr404(tx: EngineTx, id: string): Promise<EngineExecution> {
  const e = await tx.get(EngineExecution, id);
  if (!e) throw new NotFoundError(`Execution with id ${id} does not exist`);
  return e;
}

export function getExecution(core: EngineCore, id: string): Promise<EngineExecution> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, READ_PROCESS_INSTANCES);
    return executionOr404(tx, id);
  });
}

// ---- local variables: those of the execution's own scope

export function executionLocalVariables(core: EngineCore, id: string): Promise<EngineVariable[]> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, READ_PROCESS_INSTANCES);
    await executionOr404(tx, id);
    return tx.find(EngineVariable, { executionId: id, taskId: null }, { order: { name: 'ASC' } });
  });
}

/** Camunda's getVariableLocal, inside the reading transaction (`…/localVariables/{name}/data`). */
export async function readExecutionLocalVariable(
  tx: EngineTx,
  id: string,
  name: string,
  caller: Caller,
): Promise<EngineVariable | null> {
  await requirePermission(tx, caller, READ_PROCESS_INSTANCES);
  if (!(await tx.get(EngineExecution, id))) throw new NotFoundError(`Execution with id ${id} does not exist`);
  return tx.findOne(EngineVariable, { executionId: id, taskId: null, name });
}

/** Local variables are set on the execution itself (its own scope), logged as ModifyVariable. */
export async function setExecutionLocalVariables(
  core: EngineCore,
  id: string,
  values: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  await core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    const exec = await executionOr404(ctx.tx, id);
    await ctx.setLocalVariables(exec, values, {
      activityInstanceId: exec.activityInstanceId ?? exec.processInstanceId,
    });
    await logOperation(ctx.tx, ctx.now, {
      operationType: 'ModifyVariable',
      entityType: 'Variable',
      category: 'Operator',
      changes: [...values].map(([name, v]) => ({ property: name, orgValue: null, newValue: v.text })),
      processDefinitionId: exec.processDefinitionId,
      processDefinitionKey: exec.processDefinitionKey,
      processInstanceId: exec.processInstanceId,
      executionId: exec.id,
    });
  });
}

/** Removes a variable of the execution's own scope; its history is kept, marked DELETED. */
export async function removeExecutionLocalVariable(
  core: EngineCore,
  id: string,
  name: string,
): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    const exec = await executionOr404(tx, id);
    const v = await tx.findOne(EngineVariable, { executionId: exec.id, taskId: null, name });
    if (!v) return; // Camunda: removing an absent variable is no error
    await tx.remove(EngineVariable, v);
    const hist = await tx.get(EngineHistoricVariableInstance, v.id);
    if (hist) {
      hist.state = 'DELETED';
      await tx.update(EngineHistoricVariableInstance, hist);
    }
    await logOperation(tx, now, {
      operationType: 'RemoveVariable',
      entityType: 'Variable',
      category: 'Operator',
      changes: [{ property: v.name, orgValue: v.textValue, newValue: null }],
      processDefinitionId: exec.processDefinitionId,
      processDefinitionKey: exec.processDefinitionKey,
      processInstanceId: exec.processInstanceId,
      executionId: exec.id,
    });
  });
}

// ---- custom incidents, message subscriptions, signals

export interface CustomIncident {
  incidentType: string;
  message: string | null;
  configuration: string | null;
}

/** A custom incident on an execution (resolved with `DELETE /incident/{id}`). */
export function createIncident(core: EngineCore, id: string, input: CustomIncident): Promise<EngineIncident> {
  return core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    const exec = await executionOr404(tx, id);
    const incident: EngineIncident = {
      id: newId(),
      rev: 1,
      incidentType: input.incidentType,
      incidentMessage: input.message,
      incidentTimestamp: now,
      executionId: exec.id,
      processInstanceId: exec.processInstanceId,
      processDefinitionId: exec.processDefinitionId,
      activityId: exec.activityId ?? exec.processDefinitionKey,
      configuration: input.configuration,
      tenantId: exec.tenantId,
      annotation: null,
    };
    await tx.insert(EngineIncident, incident);
    return incident;
  });
}

const subscriptionOf = (tx: EngineTx, executionId: string, messageName: string) =>
  tx.findOne(EngineEventSubscription, { executionId, eventType: 'message', eventName: messageName });

export async function messageSubscription(
  core: EngineCore,
  executionId: string,
  messageName: string,
): Promise<EngineEventSubscription> {
  const sub = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, READ_PROCESS_INSTANCES);
    return subscriptionOf(tx, executionId, messageName);
  });
  if (!sub)
    throw new NotFoundError(
      `Message event subscription for execution ${executionId} named ${messageName} does not exist`,
    );
  return sub;
}

/** Camunda's messageEventReceived: the execution's subscription to the message is triggered directly. */
export async function triggerMessageSubscription(
  core: EngineCore,
  executionId: string,
  messageName: string,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  await core.command(async (c) => {
    await requirePermission(c.tx, c.caller, UPDATE_PROCESS_INSTANCES);
    const sub = await subscriptionOf(c.tx, executionId, messageName);
    if (!sub)
      throw new ProcessEngineError(
        `Execution with id '${executionId}' does not have a subscription to a message event with name '${messageName}'`,
      );
    await deliverMessage(c, sub, variables);
  });
}

/** `signal`: an execution waiting in a receive task (or message catch event) moves on. */
export async function signalExecution(
  core: EngineCore,
  executionId: string,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  await core.command(async (c) => {
    await requirePermission(c.tx, c.caller, UPDATE_PROCESS_INSTANCES);
    const subs = await c.tx.find(EngineEventSubscription, { executionId, eventType: 'message' });
    // Camunda answers an unknown execution here with a 400 (BadUserRequestException), as the document says.
    if (subs.length === 0)
      throw new InvalidArgumentError(
        (await c.tx.get(EngineExecution, executionId))
          ? `Execution ${executionId} does not wait in an activity that can be signalled`
          : `Cannot find execution with id ${executionId}`,
      );
    await deliverMessage(c, subs[0]!, variables);
  });
}
