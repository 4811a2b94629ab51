import { EngineEventSubscription, EngineExecution, EngineJob } from '@motcua/db/engine';
import {
  nodeOf,
  type BoundaryEventNode,
  type FlowNode,
  type NodeOfKind,
  type ProcessModel,
} from '../../bpmn/model.js';
import type { StoredValue } from '../../variables/typed-value.js';
import type { CommandContext } from '../command-context.js';
import { ProcessEngineError } from '../errors.js';
import { nextFiring } from '../../jobs/timer-schedule.js';
import type { ElementBehaviour } from './element-behaviour.js';
import { passesThrough } from './pass-through.js';
import { subscribe } from '../event-delivery.js';
import { cancelActivity, forkFromActivity } from '../execution-tree.js';
import { createJob, createTimerJob } from '../timers-and-jobs.js';
import { enter } from '../token-flow.js';

/**
 * Timer, message, signal and conditional boundary events: armed when their activity is entered
 * (`armBoundaryEvents`); when their event comes they fire (`fireBoundaryEvent`), and once entered
 * they pass the token on.
 */
export const boundaryEventBehaviour: ElementBehaviour<
  NodeOfKind<
    'timerBoundaryEvent' | 'messageBoundaryEvent' | 'signalBoundaryEvent' | 'conditionalBoundaryEvent'
  >
> = {
  execute: (activation) => passesThrough.execute(activation),
  async trigger({ ctx, model, exec, node, subscription, job, variables }) {
    // A non-interrupting boundary keeps listening (touched, so concurrent deliveries serialise).
    if (subscription) {
      if (node.boundary.cancelActivity) await ctx.tx.remove(EngineEventSubscription, subscription);
      else await ctx.tx.update(EngineEventSubscription, subscription);
    }
    await fireBoundaryEvent(ctx, model, exec, node, variables, job);
  },
};

/** A compensation boundary event only associates its activity with a handler; no token enters it. */
export const compensationBoundaryEventBehaviour: ElementBehaviour = {
  execute({ node }) {
    return Promise.reject(
      new ProcessEngineError(`Compensation boundary event '${node.id}' cannot be entered`),
    );
  },
};

/** Timer and message boundary events of a wait state start listening when it is entered. */
export async function armBoundaryEvents(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  host: FlowNode,
): Promise<void> {
  for (const id of model.boundaryEvents.get(host.id) ?? []) {
    const b = nodeOf(model, id);
    if (b.kind === 'timerBoundaryEvent') await createTimerJob(ctx, exec, b, 'timer-boundary');
    else if (b.kind === 'signalBoundaryEvent') await subscribe(ctx, exec, 'signal', b.signalName, b.id);
    else if (b.kind === 'conditionalBoundaryEvent') await subscribe(ctx, exec, 'conditional', b.id, b.id);
    else if (b.kind === 'messageBoundaryEvent') await subscribe(ctx, exec, 'message', b.messageName, b.id);
  }
}

/**
 * An activity is left or cancelled: the timers and message subscriptions of its boundary events
 * (all on its execution) go in the same transaction.
 */
export async function clearWaits(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
): Promise<void> {
  if (!model.boundaryEvents.has(node.id) && node.kind !== 'timerCatchEvent') return;
  // Only the activity's own waits: the execution may also be a scope whose event subprocesses listen.
  const activityIds = [node.id, ...(model.boundaryEvents.get(node.id) ?? [])];
  await ctx.tx.removeWhere(EngineJob, { executionId: exec.id, activityId: activityIds });
  await ctx.tx.removeWhere(EngineEventSubscription, {
    executionId: exec.id,
    activityId: activityIds,
    eventType: ['message', 'signal', 'conditional'],
  });
}

/**
 * A timer or message boundary event fires on the activity `host` is executing. Interrupting: the
 * activity and what it waits for are cancelled and the token leaves through the boundary event.
 * Non-interrupting: the activity keeps running and a new concurrent token leaves through the
 * boundary event; a timer cycle re-arms.
 */
async function fireBoundaryEvent(
  ctx: CommandContext,
  model: ProcessModel,
  host: EngineExecution,
  boundary: BoundaryEventNode,
  variables: ReadonlyMap<string, StoredValue>,
  job?: EngineJob,
): Promise<void> {
  if (boundary.boundary.cancelActivity) {
    await cancelActivity(ctx, host, 'deleted');
    await ctx.setVariables(host, variables, { activityInstanceId: null });
    await enter(ctx, model, host, boundary);
    return;
  }
  const { host: stayed, token } = await forkFromActivity(ctx, host);
  const next = job ? nextFiring(job.repeatCycle, job.dueDate ?? ctx.now, ctx.now) : null;
  if (next) await createJob(ctx, stayed, boundary, 'timer-boundary', next);
  await ctx.setVariables(token, variables, { activityInstanceId: null });
  await enter(ctx, model, token, boundary);
}
