import { EngineEventSubscription, EngineExecution, EngineJob } from '@motcua/db/engine';
import { nodeOf, type FlowNode, type NodeOfKind, type ProcessModel } from '../../bpmn/model.js';
import type { StoredValue } from '../../variables/typed-value.js';
import type { CommandContext } from '../command-context.js';
import { ProcessEngineError } from '../errors.js';
import { nextFiring } from '../../jobs/timer-schedule.js';
import type { ElementBehaviour } from './element-behaviour.js';
import { passesThrough } from './pass-through.js';
import { subscribe } from '../event-delivery.js';
import {
  cancelActivity,
  destroyExecution,
  forkFromActivity,
  newConcurrentExecution,
  requireExecution,
} from '../execution-tree.js';
import { createJob, createTimerJob } from '../timers-and-jobs.js';
import { enter } from '../token-flow.js';

/** Embedded and event subprocesses run in a scope execution of their own, opened by `enter`. */
export const subProcessBehaviour: ElementBehaviour = {
  execute({ node }) {
    return Promise.reject(new ProcessEngineError(`Subprocess '${node.id}' entered without its scope`));
  },
};

/** The start event of an event subprocess: its trigger starts the event subprocess in its scope. */
export const eventSubStartEventBehaviour: ElementBehaviour<NodeOfKind<'eventSubStartEvent'>> = {
  execute: (activation) => passesThrough.execute(activation),
  async trigger({ ctx, model, exec, node, subscription, job, variables }) {
    if (subscription) {
      if (node.interrupting === false) await ctx.tx.update(EngineEventSubscription, subscription);
      else await ctx.tx.remove(EngineEventSubscription, subscription);
    }
    await triggerEventSubProcess(ctx, model, exec, node, variables, job);
  },
};

/** Event subprocess triggers (message, signal, timer) of a scope that just started. */
export async function armEventSubProcesses(
  ctx: CommandContext,
  model: ProcessModel,
  scope: EngineExecution,
  scopeKey: string,
): Promise<void> {
  for (const id of model.eventSubStarts.get(scopeKey) ?? []) {
    const start = nodeOf(model, id);
    if (start.messageName) await subscribe(ctx, scope, 'message', start.messageName, id);
    else if (start.signalName) await subscribe(ctx, scope, 'signal', start.signalName, id);
    else if (start.conditional) await subscribe(ctx, scope, 'conditional', id, id);
    else if (start.timer) await createTimerJob(ctx, scope, start, 'timer-event-sub');
  }
}

/** Whether a subscription or job belongs to an event subprocess of the scope, not to an activity. */
export const isEventSubTrigger = (model: ProcessModel, activityId: string) =>
  model.nodes.get(activityId)?.kind === 'eventSubStartEvent';

/**
 * An event subprocess is triggered in `scope` (by a message, signal, timer, error or escalation).
 * Interrupting: everything else in the scope is cancelled — its tokens and the other triggers —
 * and the scope execution runs the event subprocess. Non-interrupting: a new concurrent token
 * runs it while the scope goes on (a message or signal keeps listening, a timer cycle re-arms).
 */
export async function triggerEventSubProcess(
  ctx: CommandContext,
  model: ProcessModel,
  scope: EngineExecution,
  start: FlowNode,
  variables: ReadonlyMap<string, StoredValue>,
  job?: EngineJob,
): Promise<void> {
  const eventSub = nodeOf(model, start.scopeId!);
  if (start.interrupting !== false) {
    for (const child of await ctx.findExecutions({ parentId: scope.id }))
      await destroyExecution(ctx, child, 'deleted');
    await cancelActivity(ctx, scope, 'deleted');
    await ctx.tx.removeWhere(EngineJob, { executionId: scope.id });
    await ctx.tx.removeWhere(EngineEventSubscription, { executionId: scope.id });
    scope.isActive = true;
    await ctx.setVariables(scope, variables, { activityInstanceId: null });
    await enter(ctx, model, scope, eventSub);
    return;
  }
  const concurrent = await ctx.findExecutions({ parentId: scope.id, isConcurrent: true });
  let token: EngineExecution;
  if (concurrent.length > 0) {
    await ctx.saveExecution(scope); // serialises with joins and ends
    token = await newConcurrentExecution(ctx, scope);
  } else {
    token = (await forkFromActivity(ctx, scope)).token;
  }
  const next = job ? nextFiring(job.repeatCycle, job.dueDate ?? ctx.now, ctx.now) : null;
  if (next) await createJob(ctx, scope, start, 'timer-event-sub', next);
  await ctx.setVariables(token, variables, { activityInstanceId: null });
  await enter(ctx, model, token, eventSub);
}

/** The event subprocess start ids of the scope `scope` executes ('' = the process). */
export async function eventSubStartsOf(ctx: CommandContext, model: ProcessModel, scope: EngineExecution) {
  if (scope.isProcessInstance || !scope.parentId) return model.eventSubStarts.get('') ?? [];
  const entered = await requireExecution(ctx, scope.parentId);
  return entered.activityId ? (model.eventSubStarts.get(entered.activityId) ?? []) : [];
}
