import { EngineEventSubscription, EngineExecution, EngineJob } from '@motcua/db/engine';
import { evaluateCondition, ExpressionError } from '../../expressions/index.js';
import {
  conditionOf,
  flowOf,
  nodeOf,
  type FlowNode,
  type NodeOfKind,
  type ProcessModel,
} from '../../bpmn/model.js';
import type { StoredValue } from '../../variables/typed-value.js';
import type { CommandContext } from '../command-context.js';
import { ProcessEngineError } from '../errors.js';
import * as history from '../history.js';
import type { ElementBehaviour, ElementEvent } from './element-behaviour.js';
import { subscribe } from '../event-delivery.js';
import { createTimerJob } from '../timers-and-jobs.js';
import { enter, leave } from '../token-flow.js';

/**
 * Intermediate catch events and the receive task: they wait (a subscription or a timer job) and
 * pass the token on when their event comes, directly or after an event-based gateway.
 */

/** Message catch event and receive task: a subscription lets `POST /message` find this execution. */
export const messageCatchEventBehaviour: ElementBehaviour<NodeOfKind<'messageCatchEvent' | 'receiveTask'>> = {
  async execute({ ctx, exec, node, record, armBoundaryEvents }) {
    await record();
    if (node.messageName) await subscribe(ctx, exec, 'message', node.messageName, node.id);
    await armBoundaryEvents();
    await ctx.saveExecution(exec);
  },
  trigger: passCatchEvent,
};

export const timerCatchEventBehaviour: ElementBehaviour<NodeOfKind<'timerCatchEvent'>> = {
  async execute({ ctx, exec, node, record, armBoundaryEvents }) {
    await record();
    await createTimerJob(ctx, exec, node, 'timer-intermediate');
    await armBoundaryEvents();
    await ctx.saveExecution(exec);
  },
  trigger: passCatchEvent,
};

export const signalCatchEventBehaviour: ElementBehaviour<NodeOfKind<'signalCatchEvent'>> = {
  async execute({ ctx, exec, node, record, armBoundaryEvents }) {
    await record();
    await subscribe(ctx, exec, 'signal', node.signalName, node.id);
    await armBoundaryEvents();
    await ctx.saveExecution(exec);
  },
  trigger: passCatchEvent,
};

/** Already true: it passes; else it waits until a variable change makes it true. */
export const conditionalCatchEventBehaviour: ElementBehaviour<NodeOfKind<'conditionalCatchEvent'>> = {
  async execute({ ctx, model, exec, node, actInst, record, armBoundaryEvents }) {
    await record();
    if (await conditionHolds(ctx, exec, node)) {
      await leave(ctx, model, exec, node, { actInst });
      return;
    }
    await subscribe(ctx, exec, 'conditional', node.id, node.id);
    await armBoundaryEvents();
    await ctx.saveExecution(exec);
  },
  trigger: passCatchEvent,
};

/** A catch event's event happened: its subscription goes, the variables are set, the token moves on. */
export async function passCatchEvent({
  ctx,
  model,
  exec,
  node,
  subscription,
  variables,
}: ElementEvent): Promise<void> {
  if (subscription) await ctx.tx.remove(EngineEventSubscription, subscription);
  await ctx.setVariables(exec, variables, { activityInstanceId: exec.activityInstanceId });
  await triggerCatchEvent(ctx, model, exec, node);
}

/**
 * A catch event's event happened. When the token waits at an event-based gateway before it, the
 * gateway's other events are cancelled and the token passes through the catch event; otherwise
 * the token leaves the catch event it waits in.
 */
async function triggerCatchEvent(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
): Promise<void> {
  const at = exec.activityId ? model.nodes.get(exec.activityId) : undefined;
  if (at?.kind !== 'eventBasedGateway' || at.id === node.id) {
    await leave(ctx, model, exec, node);
    return;
  }
  const targets = at.outgoing.map((f) => flowOf(model, f).target);
  await ctx.tx.removeWhere(EngineJob, { executionId: exec.id, activityId: targets });
  await ctx.tx.removeWhere(EngineEventSubscription, { executionId: exec.id, activityId: targets });
  if (exec.activityInstanceId) {
    const inst = await history.activityInstance(ctx, exec.activityInstanceId);
    if (inst) await history.activityInstanceEnded(ctx, inst, { canceled: false, completeScope: false });
  }
  await enter(ctx, model, exec, node, { triggered: true });
}

/** A conditional event's condition; a variable it names that does not exist yet counts as false. */
export async function conditionHolds(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
): Promise<boolean> {
  const resolve = await ctx.resolver(exec);
  try {
    return evaluateCondition(conditionOf(node).condition, resolve);
  } catch (err) {
    if (err instanceof ExpressionError && /Cannot resolve identifier/.test(err.message)) return false;
    if (err instanceof ExpressionError) throw new ProcessEngineError(err.message);
    throw err;
  }
}

/**
 * `POST /execution/{id}/signal` (Camunda's trigger): an execution waiting in a receive task —
 * with or without a message — or a message catch event moves on, with the variables set first.
 * False when the execution waits in nothing that can be signalled.
 */
export async function signalExecution(
  ctx: CommandContext,
  executionId: string,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<boolean> {
  const exec = await ctx.execution(executionId);
  if (!exec?.activityId) return false;
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  const node = nodeOf(model, exec.activityId);
  if (node.kind !== 'receiveTask' && node.kind !== 'messageCatchEvent') return false;
  await ctx.tx.removeWhere(EngineEventSubscription, {
    executionId: exec.id,
    activityId: node.id,
    eventType: 'message',
  });
  await ctx.setVariables(exec, variables, { activityInstanceId: exec.activityInstanceId });
  await leave(ctx, model, exec, node);
  return true;
}
