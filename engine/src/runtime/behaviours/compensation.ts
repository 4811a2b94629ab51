import { EngineEventSubscription, EngineExecution } from '@motcua/db/engine';
import { nodeOf, type CompensationThrowNode, type FlowNode, type ProcessModel } from '../../bpmn/model.js';
import type { CommandContext } from '../command-context.js';
import type { ElementBehaviour } from './element-behaviour.js';
import { subscribe } from '../event-delivery.js';
import { forkFromActivity, newConcurrentExecution, scopeOf } from '../execution-tree.js';
import { endExecution, enter, leave } from '../token-flow.js';

/**
 * Compensation: a completed activity with a compensation boundary event is remembered by its scope;
 * a compensation throw or end event runs the remembered handlers and waits for them.
 */

/** Compensation throw and end events: see `compensate`. */
export const compensationThrowEventBehaviour: ElementBehaviour<CompensationThrowNode> = {
  async execute({ ctx, model, exec, node, actInst, record }) {
    if (node.kind === 'compensationEndEvent') {
      actInst.endTime = ctx.now;
      actInst.completeScope = true;
    }
    await record();
    await compensate(ctx, model, exec, node);
  },
};

/**
 * An activity with a compensation boundary event completed: its scope remembers it (a
 * `compensate` subscription naming the handler), so a later compensation throw can undo it.
 */
export async function rememberForCompensation(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
): Promise<void> {
  for (const id of model.boundaryEvents.get(node.id) ?? []) {
    const b = nodeOf(model, id);
    if (b.kind !== 'compensationBoundaryEvent' || !b.compensation.handler) continue;
    const scope = await scopeOf(ctx, exec);
    await subscribe(ctx, scope, 'compensate', b.compensation.handler, node.id);
  }
}

/**
 * Compensation throw / end event: the handlers of the completed activities of its scope (or of
 * `activityRef` only), most recent first, each on a token of its own; the thrower waits until they
 * are all done, then goes on (a throw event) or ends (an end event). Nothing to compensate: it
 * goes on at once.
 */
export async function compensate(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: CompensationThrowNode,
): Promise<void> {
  const scope = await scopeOf(ctx, exec);
  const subs = (
    await ctx.tx.find(
      EngineEventSubscription,
      { executionId: scope.id, eventType: 'compensate' },
      { order: { created: 'DESC', id: 'DESC' } },
    )
  ).filter((s) => !node.compensation.activityRef || s.activityId === node.compensation.activityRef);
  if (subs.length === 0) {
    if (node.kind === 'compensationEndEvent') await endExecution(ctx, exec, node);
    else await leave(ctx, model, exec, node);
    return;
  }
  exec.isActive = false;
  await ctx.saveExecution(exec);
  for (const sub of subs) {
    await ctx.tx.remove(EngineEventSubscription, sub);
    const concurrent = await ctx.findExecutions({ parentId: scope.id, isConcurrent: true });
    let token: EngineExecution;
    if (concurrent.length > 0) {
      await ctx.saveExecution(scope);
      token = await newConcurrentExecution(ctx, scope);
    } else {
      token = (await forkFromActivity(ctx, scope)).token;
    }
    await enter(ctx, model, token, nodeOf(model, sub.eventName));
  }
  await resumeAfterCompensation(ctx, scope);
}

/** When no compensation handler of the scope is running any more, its waiting thrower goes on. */
export async function resumeAfterCompensation(ctx: CommandContext, scope: EngineExecution): Promise<void> {
  const model = await ctx.models.get(ctx.tx, scope.processDefinitionId);
  const children = await ctx.findExecutions({ parentId: scope.id, isConcurrent: true });
  const candidates = children.length ? children : [scope];
  const at = (e: EngineExecution) => (e.activityId ? model.nodes.get(e.activityId) : undefined);
  if (children.some((c) => at(c)?.isForCompensation)) return;
  const waiter = candidates.find(
    (c) =>
      !c.isActive && (at(c)?.kind === 'compensationThrowEvent' || at(c)?.kind === 'compensationEndEvent'),
  );
  if (!waiter) return;
  waiter.isActive = true;
  const node = at(waiter)!;
  if (node.kind === 'compensationEndEvent') await endExecution(ctx, waiter, node);
  else await leave(ctx, model, waiter, node);
}
