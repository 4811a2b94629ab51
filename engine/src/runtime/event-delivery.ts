import {
  EngineEventSubscription,
  EngineExecution,
  EngineProcessDefinition,
  EngineStartSubscription,
} from '@motcua/db/engine';
import { conditionOf, hasConditionalEvents, nodeOf } from '../bpmn/model.js';
import type { StoredValue } from '../variables/typed-value.js';
import type { CommandContext } from './command-context.js';
import { ProcessEngineError } from './errors.js';
import { newId } from './ids.js';
import { behaviourOf } from './behaviours/behaviour-table.js';
import { conditionHolds } from './behaviours/catch-events.js';
import type { ElementEvent } from './behaviours/element-behaviour.js';
import { requireExecution } from './execution-tree.js';
import { startProcessInstance } from './process-instances.js';

/**
 * Event subscriptions and what reaches them: correlated messages, broadcast signals and conditions
 * that became true. Each delivery goes to the waiting element's behaviour (`trigger`).
 */

/** The event `node` waits for happened: its behaviour's trigger runs. */
export async function eventHappened(event: ElementEvent): Promise<void> {
  const behaviour = behaviourOf(event.node);
  if (!behaviour.trigger)
    throw new ProcessEngineError(`Element '${event.node.id}' (${event.node.kind}) waits for no event`);
  await behaviour.trigger(event);
}

/**
 * A correlated message: the waiting execution's subscription goes (revision-checked, so two
 * correlations of one subscription cannot both win), the variables are set, the token moves on.
 */
export async function deliverMessage(
  ctx: CommandContext,
  subscription: EngineEventSubscription,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  const exec = await requireExecution(ctx, subscription.executionId);
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  const node = nodeOf(model, subscription.activityId);
  await eventHappened({ ctx, model, exec, node, subscription, variables });
}

export async function subscribe(
  ctx: CommandContext,
  exec: EngineExecution,
  eventType: 'message' | 'signal' | 'call-activity' | 'conditional' | 'compensate',
  eventName: string,
  activityId: string,
): Promise<void> {
  await ctx.tx.insert(EngineEventSubscription, {
    id: newId(),
    rev: 1,
    eventType,
    eventName,
    executionId: exec.id,
    processInstanceId: exec.processInstanceId,
    processDefinitionId: exec.processDefinitionId,
    activityId,
    created: ctx.now,
    tenantId: exec.tenantId,
  });
}

/**
 * A signal is thrown (a throw or end event, or `POST /signal`): every execution subscribed to it
 * at that moment receives it, in the same transaction — catch events move on, boundary events fire.
 * `executionId` limits the delivery to one execution (`POST /signal` with an execution).
 */
export async function broadcastSignal(
  ctx: CommandContext,
  name: string,
  variables: ReadonlyMap<string, StoredValue>,
  executionId?: string,
): Promise<number> {
  const subscriptions = await ctx.tx.find(
    EngineEventSubscription,
    { eventType: 'signal', eventName: name, ...(executionId ? { executionId } : {}) },
    { order: { created: 'ASC', id: 'ASC' } },
  );
  let delivered = 0;
  for (const sub of subscriptions) {
    // An earlier delivery may have cancelled this one's activity (or its whole instance).
    const current = await ctx.tx.get(EngineEventSubscription, sub.id);
    const exec = current ? await ctx.execution(current.executionId) : null;
    if (!current || !exec) continue;
    const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
    const node = nodeOf(model, current.activityId);
    await eventHappened({ ctx, model, exec, node, subscription: current, variables });
    delivered += 1;
  }
  // Signal start events of the latest versions start an instance each (not for one execution).
  if (!executionId) {
    for (const start of await ctx.tx.find(EngineStartSubscription, {
      eventType: 'signal',
      eventName: name,
    })) {
      const def = await ctx.tx.get(EngineProcessDefinition, start.processDefinitionId);
      if (!def) continue;
      await startProcessInstance(ctx, def, null, variables, { startAt: start.activityId });
      delivered += 1;
    }
  }
  return delivered;
}

/**
 * After a command that changed variables: the conditional events waiting in those instances
 * (catch, boundary, event subprocess start) whose `camunda:variableName`/`variableEvents` match
 * the change and whose condition now holds fire — once per command, in subscription order.
 */
export async function evaluateConditionalEvents(ctx: CommandContext): Promise<void> {
  if (ctx.variableEvents.size === 0) return;
  const changed = new Map(ctx.variableEvents);
  ctx.variableEvents.clear();
  for (const [processInstanceId, events] of changed) {
    // No subscription to look for in an instance that ended in this command (its subscriptions
    // went with it) or whose definition has no conditional event (none can exist).
    const known = ctx.knownInstance(processInstanceId);
    if (known?.ended) continue;
    if (known && !hasConditionalEvents(await ctx.models.get(ctx.tx, known.definitionId))) continue;
    const subs = await ctx.tx.find(
      EngineEventSubscription,
      { processInstanceId, eventType: 'conditional' },
      { order: { created: 'ASC', id: 'ASC' } },
    );
    for (const sub of subs) {
      const current = await ctx.tx.get(EngineEventSubscription, sub.id);
      const exec = current ? await ctx.execution(current.executionId) : null;
      if (!current || !exec) continue;
      const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
      const node = nodeOf(model, current.activityId);
      const c = conditionOf(node);
      const relevant = c.variableName ? [events.get(c.variableName)] : [...events.values()];
      const happened = relevant.filter((e): e is Set<string> => !!e);
      if (happened.length === 0) continue;
      if (c.variableEvents.length && !happened.some((e) => c.variableEvents.some((v) => e.has(v)))) continue;
      if (!(await conditionHolds(ctx, exec, node))) continue;
      await eventHappened({ ctx, model, exec, node, subscription: current, variables: new Map() });
    }
  }
  // Whatever those paths set is not re-evaluated in this command (no loops).
  ctx.variableEvents.clear();
}
