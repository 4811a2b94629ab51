import { EngineExecution, EngineTask } from '@motcua/db/engine';
import { compileExpression } from '../expressions/index.js';
import type { FlowNode } from '../bpmn/model.js';
import { fromJs } from './io-mapping.js';
import { taskFacade } from './listener-task.js';
import type { CommandContext } from './command-context.js';
import { evaluate } from './runtime-expressions.js';

/**
 * Listener expressions of an activity (execution listeners: start, end; task listeners: create,
 * complete, which also see the task as `task`); `execution.setVariable(…)` and
 * `task.setVariable(…)` calls in them are applied after each expression.
 */
export async function fireListeners(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
  event: string,
  task: EngineTask | false = false,
): Promise<void> {
  for (const l of node.listeners ?? []) {
    if (l.event !== event || l.task !== (task !== false)) continue;
    await runListener(ctx, exec, l.expression, task || undefined);
  }
}

/** One listener expression; its `execution.setVariable(…)` calls are applied after it. */
export async function runListener(
  ctx: CommandContext,
  exec: EngineExecution,
  expression: string,
  task?: EngineTask,
): Promise<void> {
  if (ctx.skipCustomListeners) return; // a modification or migration with skipCustomListeners
  const writes: { name: string; value: unknown; local: boolean }[] = [];
  const resolve = await ctx.resolver(exec, writes, task ? taskFacade(task, writes) : undefined);
  evaluate(() => compileExpression(expression).evaluate(resolve));
  for (const w of writes) {
    const values = new Map([[w.name, fromJs(w.value)]]);
    if (w.local) await ctx.setLocalVariables(exec, values, { activityInstanceId: exec.activityInstanceId });
    else await ctx.setVariables(exec, values, { activityInstanceId: exec.activityInstanceId });
  }
}
