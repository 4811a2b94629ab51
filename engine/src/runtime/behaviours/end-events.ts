import { EngineExecution } from '@motcua/db/engine';
import type { FlowNode, NodeOfKind, ProcessModel } from '../../bpmn/model.js';
import type { CommandContext } from '../command-context.js';
import * as history from '../history.js';
import type { ElementBehaviour } from './element-behaviour.js';
import { throwError, throwEscalation } from './errors-and-escalations.js';
import { afterOwnFork } from './throw-events.js';
import { broadcastSignal } from '../event-delivery.js';
import { destroyExecution, scopeOf } from '../execution-tree.js';
import { fireListeners } from '../listeners.js';
import { completeScope, endExecution } from '../token-flow.js';

/** End events: the token ends (none, signal, escalation), throws (error) or ends its whole scope (terminate). */

export const endEventBehaviour: ElementBehaviour = {
  async execute({ ctx, exec, node, actInst, record }) {
    actInst.endTime = ctx.now;
    actInst.completeScope = true;
    await record();
    await fireListeners(ctx, exec, node, 'end');
    await endExecution(ctx, exec, node);
  },
};

/**
 * The nearest enclosing subprocess with a matching error boundary catches the error; uncaught, it
 * behaves as a none end event, as Camunda 7 does.
 */
export const errorEndEventBehaviour: ElementBehaviour<NodeOfKind<'errorEndEvent'>> = {
  async execute({ ctx, model, exec, node, actInst, record }) {
    actInst.endTime = ctx.now;
    await record();
    const caught = await throwError(ctx, model, exec, node.errorCode ?? '', null);
    if (!caught) {
      actInst.completeScope = true;
      await history.activityInstanceUpdated(ctx, actInst);
      await endExecution(ctx, exec, node);
    }
  },
};

export const terminateEndEventBehaviour: ElementBehaviour = {
  async execute({ ctx, model, exec, node, actInst, record }) {
    actInst.endTime = ctx.now;
    actInst.completeScope = true;
    await record();
    await terminateScope(ctx, model, exec, node);
  },
};

export const signalEndEventBehaviour: ElementBehaviour<NodeOfKind<'signalEndEvent'>> = {
  async execute({ ctx, exec, node, actInst, record }) {
    actInst.endTime = ctx.now;
    actInst.completeScope = true;
    await record();
    await broadcastSignal(ctx, node.signalName, new Map());
    if (await ctx.execution(exec.id))
      await endExecution(ctx, (await afterOwnFork(ctx, exec, actInst)).exec, node);
  },
};

export const escalationEndEventBehaviour: ElementBehaviour<NodeOfKind<'escalationEndEvent'>> = {
  async execute({ ctx, model, exec, node, actInst, record }) {
    actInst.endTime = ctx.now;
    actInst.completeScope = true;
    await record();
    if ((await throwEscalation(ctx, model, exec, node.escalationCode)) === 'interrupted') return;
    await endExecution(ctx, (await afterOwnFork(ctx, exec, actInst)).exec, node);
  },
};

/**
 * Terminate end event: every other token of its scope is cancelled (their activity instances end
 * `canceled`), then the scope completes — the process instance ends, or the subprocess is left.
 */
async function terminateScope(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
): Promise<void> {
  const scope = await scopeOf(ctx, exec);
  for (const child of await ctx.findExecutions({ parentId: scope.id })) {
    if (child.id === exec.id) continue;
    await destroyExecution(ctx, child, 'deleted');
  }
  if (exec !== scope) await ctx.deleteExecution(exec);
  scope.isActive = true;
  await ctx.saveExecution(scope);
  void model;
  await completeScope(ctx, scope, node);
}
