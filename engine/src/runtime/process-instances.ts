import {
  EngineEventSubscription,
  EngineExecution,
  EngineJob,
  EngineProcessDefinition,
} from '@motcua/db/engine';
import { mayHoldJobsOrSubscriptions, nodeOf } from '../bpmn/model.js';
import type { StoredValue } from '../variables/typed-value.js';
import type { CommandContext } from './command-context.js';
import { ProcessEngineError } from './errors.js';
import * as history from './history.js';
import { newId } from './ids.js';
import { calledOutputs } from './behaviours/call-activity.js';
import { armEventSubProcesses } from './behaviours/subprocesses.js';
import { subscribe } from './event-delivery.js';
import { requireExecution } from './execution-tree.js';
import { runListener } from './listeners.js';
import { enter, leave } from './token-flow.js';

/** A process instance starts (history, variables, event subprocess triggers, start listeners) and ends. */

/** Where and for whom a process instance starts. */
export interface StartOptions {
  /** A timer, message, signal or conditional start event; default: the none start event. */
  readonly startAt?: string;
  /** The execution of a call activity starting this instance. */
  readonly superExecution?: EngineExecution;
}

export async function startProcessInstance(
  ctx: CommandContext,
  def: EngineProcessDefinition,
  businessKey: string | null,
  variables: ReadonlyMap<string, StoredValue>,
  options: StartOptions = {},
): Promise<EngineExecution> {
  const { startAt: startNodeId, superExecution } = options;
  const model = await ctx.models.get(ctx.tx, def.id);
  const startId = startNodeId ?? model.initialId;
  if (startId === null)
    throw new ProcessEngineError(
      `Process definition '${def.id}' has no none start event: it starts by its timer start event only`,
    );
  const id = newId();
  const root: EngineExecution = {
    id,
    rev: 1,
    processInstanceId: id,
    parentId: null,
    processDefinitionId: def.id,
    processDefinitionKey: def.key,
    businessKey,
    superProcessInstanceId: superExecution?.processInstanceId ?? null,
    activityId: null,
    activityInstanceId: null,
    isProcessInstance: true,
    isConcurrent: false,
    isActive: true,
    startTime: ctx.now,
    tenantId: def.tenantId,
  };
  await ctx.insertExecution(root);
  await history.processInstanceStarted(ctx, root, def, startId);
  // The call activity's link to its called instance: found when this one ends or is cancelled.
  if (superExecution) await subscribe(ctx, superExecution, 'call-activity', id, superExecution.activityId!);
  await ctx.setVariables(root, variables, { activityInstanceId: id });
  await armEventSubProcesses(ctx, model, root, '');
  for (const l of model.processListeners ?? [])
    if (l.event === 'start') await runListener(ctx, root, l.expression);
  await enter(ctx, model, root, nodeOf(model, startId));
  return root;
}

export async function endProcessInstance(
  ctx: CommandContext,
  root: EngineExecution,
  endActivityId: string,
): Promise<void> {
  const returnTo = root.superProcessInstanceId
    ? await ctx.tx.findOne(EngineEventSubscription, { eventType: 'call-activity', eventName: root.id })
    : null;
  const ownModel = await ctx.models.get(ctx.tx, root.processDefinitionId);
  for (const l of ownModel.processListeners ?? [])
    if (l.event === 'end') await runListener(ctx, root, l.expression);
  let outputs = new Map<string, StoredValue>();
  if (returnTo) outputs = await calledOutputs(ctx, root, returnTo.activityId, returnTo.processDefinitionId);
  await ctx.deleteExecution(root);
  await ctx.deleteRuntimeVariables(root.id);
  // Event subprocess triggers and any other wait left on the instance go with it; on MariaDB
  // both removals' reads go in one round trip (read ahead for them, EngineTx.findTogetherAhead).
  // A process none of whose elements makes jobs or subscriptions has none to read (a round trip
  // and two statements per instance end on MariaDB).
  if (mayHoldJobsOrSubscriptions(ownModel)) {
    await ctx.tx.findTogetherAhead(
      [],
      [
        { entity: EngineJob, where: { processInstanceId: root.id } },
        { entity: EngineEventSubscription, where: { processInstanceId: root.id } },
      ],
    );
    await ctx.tx.removeWhere(EngineJob, { processInstanceId: root.id });
    await ctx.tx.removeWhere(EngineEventSubscription, { processInstanceId: root.id });
  }
  await history.processInstanceCompleted(ctx, root.id, endActivityId);
  if (returnTo) {
    // Back in the calling instance: camunda:out mappings, then its token moves on.
    await ctx.tx.remove(EngineEventSubscription, returnTo);
    const caller = await requireExecution(ctx, returnTo.executionId);
    const model = await ctx.models.get(ctx.tx, caller.processDefinitionId);
    await ctx.setVariables(caller, outputs, { activityInstanceId: caller.activityInstanceId });
    await leave(ctx, model, caller, nodeOf(model, returnTo.activityId));
  }
}
