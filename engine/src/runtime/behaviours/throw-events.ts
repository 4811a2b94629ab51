import { EngineExecution, EngineHistoricActivityInstance } from '@motcua/db/engine';
import type { NodeOfKind } from '../../bpmn/model.js';
import type { CommandContext } from '../command-context.js';
import * as history from '../history.js';
import type { ElementBehaviour } from './element-behaviour.js';
import { throwEscalation } from './errors-and-escalations.js';
import { broadcastSignal } from '../event-delivery.js';
import { leave } from '../token-flow.js';

/** Intermediate throw events: signal, escalation and link (none throw events pass through). */

export const signalThrowEventBehaviour: ElementBehaviour<NodeOfKind<'signalThrowEvent'>> = {
  async execute({ ctx, model, exec, node, actInst, record }) {
    await record();
    await broadcastSignal(ctx, node.signalName, new Map());
    const moved = await afterOwnFork(ctx, exec, actInst);
    await leave(ctx, model, moved.exec, node, { actInst: moved.actInst });
  },
};

/** Goes on unless an interrupting catch cancelled its scope. */
export const escalationThrowEventBehaviour: ElementBehaviour<NodeOfKind<'escalationThrowEvent'>> = {
  async execute({ ctx, model, exec, node, actInst, record }) {
    await record();
    if ((await throwEscalation(ctx, model, exec, node.escalationCode)) === 'interrupted') return;
    const moved = await afterOwnFork(ctx, exec, actInst);
    await leave(ctx, model, moved.exec, node, { actInst: moved.actInst });
  },
};

/**
 * A link jumps to the catch event of the same name in the same scope (checked at deployment) and
 * goes on from there. Neither link event leaves a historic activity instance: Operaton records
 * none (verified by the conformance suite).
 */
export const linkThrowEventBehaviour: ElementBehaviour<NodeOfKind<'linkThrowEvent'>> = {
  async execute({ ctx, model, exec, node }) {
    const target = [...model.nodes.values()].find(
      (n) => n.kind === 'linkCatchEvent' && n.linkName === node.linkName && n.scopeId === node.scopeId,
    )!;
    exec.activityId = target.id;
    exec.activityInstanceId = null;
    await leave(ctx, model, exec, target);
  },
};

/**
 * A throw event whose signal or escalation started a non-interrupting event subprocess of its own
 * scope, while it was that scope's only token, forked the scope (`forkFromActivity`): the throw
 * event now runs on a new concurrent child with its activity instance stored anew. Go on with those.
 */
export async function afterOwnFork(
  ctx: CommandContext,
  exec: EngineExecution,
  actInst: EngineHistoricActivityInstance,
): Promise<{ exec: EngineExecution; actInst: EngineHistoricActivityInstance }> {
  if (exec.activityInstanceId === actInst.id) return { exec, actInst };
  const child = (await ctx.findExecutions({ parentId: exec.id, isConcurrent: true })).find(
    (c) => c.activityInstanceId === actInst.id,
  );
  if (!child) return { exec, actInst };
  return { exec: child, actInst: (await history.activityInstance(ctx, actInst.id)) ?? actInst };
}
