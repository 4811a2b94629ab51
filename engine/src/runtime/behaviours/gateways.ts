import { EngineExecution, EngineHistoricActivityInstance } from '@motcua/db/engine';
import { evaluateCondition } from '../../expressions/index.js';
import { flowOf, nodeOf, type FlowNode, type ProcessModel } from '../../bpmn/model.js';
import type { CommandContext } from '../command-context.js';
import * as history from '../history.js';
import type { ElementBehaviour } from './element-behaviour.js';
import { subscribe } from '../event-delivery.js';
import { scopeOf } from '../execution-tree.js';
import { fireListeners } from '../listeners.js';
import { evaluate } from '../runtime-expressions.js';
import { createJob, createTimerJob } from '../timers-and-jobs.js';
import { endExecution, noOutgoingFlow, takeFlows } from '../token-flow.js';

/** Gateways: exclusive, parallel and inclusive (fork and join), event-based. */

export const exclusiveGatewayBehaviour: ElementBehaviour = {
  async execute({ ctx, model, exec, node, actInst, record }) {
    await record();
    const flowId = await chooseExclusiveFlow(ctx, model, exec, node);
    await history.activityInstanceEnded(ctx, actInst, { canceled: false, completeScope: false });
    await fireListeners(ctx, exec, node, 'end');
    if (node.asyncAfter) {
      // The job chooses the flow again when it runs (Camunda remembers the chosen one).
      exec.activityInstanceId = null;
      await ctx.saveExecution(exec);
      await createJob(ctx, exec, node, 'async-after', { dueDate: ctx.now, repeat: null });
      return;
    }
    await takeFlows(ctx, model, exec, [flowId]);
  },
};

export const parallelGatewayBehaviour: ElementBehaviour = {
  async execute({ ctx, model, exec, node, actInst, record }) {
    await record();
    await arriveAtParallelGateway(ctx, model, exec, node, actInst);
  },
};

export const inclusiveGatewayBehaviour: ElementBehaviour = {
  async execute({ ctx, model, exec, node, actInst, record }) {
    await record();
    await arriveAtInclusiveGateway(ctx, model, exec, node, actInst);
  },
};

/** The token waits at the gateway for whichever event comes first (see `passCatchEvent`). */
export const eventBasedGatewayBehaviour: ElementBehaviour = {
  async execute({ ctx, model, exec, node, record }) {
    await record();
    for (const flowId of node.outgoing) {
      const target = nodeOf(model, flowOf(model, flowId).target);
      if (target.kind === 'timerCatchEvent') await createTimerJob(ctx, exec, target, 'timer-intermediate');
      else if (target.kind === 'signalCatchEvent')
        await subscribe(ctx, exec, 'signal', target.signalName, target.id);
      else if (target.messageName) await subscribe(ctx, exec, 'message', target.messageName, target.id);
    }
    await ctx.saveExecution(exec);
  },
};

/** Exclusive gateway: conditions in document order, first true wins, else the default flow. */
export async function chooseExclusiveFlow(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
): Promise<string> {
  const resolve = await ctx.resolver(exec);
  for (const id of node.outgoing) {
    if (id === node.defaultFlow) continue;
    const flow = flowOf(model, id);
    if (flow.condition === null || evaluate(() => evaluateCondition(flow.condition!, resolve))) return id;
  }
  if (node.defaultFlow) return node.defaultFlow;
  throw noOutgoingFlow(node);
}

/**
 * Parallel gateway: a join waits for one token per incoming flow (counting the tokens waiting
 * here); the last arrival continues through the outgoing flows (a fork when several).
 */
async function arriveAtParallelGateway(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
  actInst: EngineHistoricActivityInstance,
): Promise<void> {
  if (node.incoming.length <= 1 || !exec.isConcurrent) {
    await history.activityInstanceEnded(ctx, actInst, { canceled: false, completeScope: false });
    await takeFlows(ctx, model, exec, [...node.outgoing]);
    return;
  }
  await join(
    ctx,
    model,
    exec,
    node,
    actInst,
    (waiting) => waiting.length >= node.incoming.length,
    () => Promise.resolve([...node.outgoing]),
  );
}

/**
 * Inclusive gateway. Fork: every outgoing flow whose condition holds (unconditional ones too),
 * else the default flow. Join: a token waits while any other token of its scope can still reach
 * the gateway; the last one that could continues, with the waiting ones merged into it.
 */
async function arriveAtInclusiveGateway(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
  actInst: EngineHistoricActivityInstance,
): Promise<void> {
  const chooseFlows = async (token: EngineExecution) => {
    const resolve = await ctx.resolver(token);
    const taken = node.outgoing.filter((id) => {
      if (id === node.defaultFlow) return false;
      const flow = flowOf(model, id);
      return flow.condition === null || evaluate(() => evaluateCondition(flow.condition!, resolve));
    });
    if (taken.length === 0 && node.defaultFlow) taken.push(node.defaultFlow);
    if (taken.length === 0 && node.outgoing.length > 0) throw noOutgoingFlow(node);
    return taken;
  };
  if (node.incoming.length <= 1 || !exec.isConcurrent) {
    await history.activityInstanceEnded(ctx, actInst, { canceled: false, completeScope: false });
    const flows = await chooseFlows(exec);
    if (flows.length === 0) await endExecution(ctx, exec, node);
    else await takeFlows(ctx, model, exec, flows);
    return;
  }
  await join(
    ctx,
    model,
    exec,
    node,
    actInst,
    (_waiting, others) =>
      !others.some((o) => o.activityId !== null && canReach(model, o.activityId, node.id)),
    chooseFlows,
  );
}

/** Whether a token at `fromId` can still arrive at `targetId` (flows and boundary events, same scope). */
function canReach(model: ProcessModel, fromId: string, targetId: string): boolean {
  const seen = new Set<string>();
  const queue = [fromId];
  while (queue.length) {
    const id = queue.shift()!;
    if (id === targetId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = model.nodes.get(id);
    if (!node) continue;
    for (const f of node.outgoing) queue.push(flowOf(model, f).target);
    for (const b of model.boundaryEvents.get(id) ?? []) queue.push(b);
  }
  return false;
}

/**
 * A concurrent token waits at a joining gateway until `ready` says the join may fire; then the
 * waiting tokens merge into one that continues through `flows` (all tokens met: the scope itself).
 */
export async function join(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
  actInst: EngineHistoricActivityInstance,
  ready: (waiting: EngineExecution[], others: EngineExecution[]) => boolean,
  flows: (token: EngineExecution) => Promise<string[]>,
): Promise<void> {
  const root = await scopeOf(ctx, exec);
  exec.isActive = false;
  await ctx.saveExecution(exec);
  // Serialises concurrent arrivals: see the header comment.
  await ctx.saveExecution(root);
  const children = await ctx.findExecutions({ parentId: root.id, isConcurrent: true });
  const waiting = children.filter((c) => c.activityId === node.id && !c.isActive);
  if (
    !ready(
      waiting,
      children.filter((c) => !waiting.includes(c)),
    )
  )
    return;

  const joined =
    node.kind === 'parallelGateway'
      ? [exec, ...waiting.filter((w) => w.id !== exec.id)].slice(0, node.incoming.length)
      : [exec, ...waiting.filter((w) => w.id !== exec.id)];
  for (const w of joined) {
    const inst = w === exec ? actInst : await history.activityInstance(ctx, w.activityInstanceId);
    if (inst) await history.activityInstanceEnded(ctx, inst, { canceled: false, completeScope: false });
  }
  const others = children.filter((c) => !joined.includes(c));
  let token: EngineExecution;
  if (others.length === 0) {
    // Every path met here: back to a single token, the root itself.
    for (const w of joined) await ctx.deleteExecution(w);
    token = root;
  } else {
    for (const w of joined) if (w !== exec) await ctx.deleteExecution(w);
    token = exec;
  }
  token.isActive = true;
  token.activityId = node.id;
  token.activityInstanceId = actInst.id;
  await ctx.saveExecution(token);
  const chosen = await flows(token);
  if (chosen.length === 0) {
    await endExecution(ctx, token, node);
    return;
  }
  await takeFlows(ctx, model, token, chosen);
}

/**
 * A token ended elsewhere: a token waiting at an inclusive join may no longer have anything to
 * wait for. The first such waiting token re-arrives (its arrival decides, as any arrival does).
 */
export async function retryInclusiveJoins(ctx: CommandContext, remaining: EngineExecution[]): Promise<void> {
  const model = await ctx.models.get(ctx.tx, remaining[0]!.processDefinitionId);
  for (const w of remaining) {
    const at = w.activityId ? model.nodes.get(w.activityId) : undefined;
    if (w.isActive || at?.kind !== 'inclusiveGateway') continue;
    const others = remaining.filter((o) => !(o.activityId === at.id && !o.isActive));
    if (others.some((o) => o.activityId !== null && canReach(model, o.activityId, at.id))) continue;
    const inst = await history.activityInstance(ctx, w.activityInstanceId);
    if (!inst) continue;
    await arriveAtInclusiveGateway(ctx, model, w, at, inst);
    return;
  }
}
