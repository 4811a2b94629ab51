import { EngineExecution, EngineHistoricActivityInstance } from '@motcua/db/engine';
import { compileExpression, evaluateCondition, isExpression } from '../../expressions/index.js';
import { multiInstanceOf, type FlowNode, type ProcessModel } from '../../bpmn/model.js';
import { fromJs } from '../io-mapping.js';
import type { StoredValue } from '../../variables/typed-value.js';
import type { CommandContext } from '../command-context.js';
import { ProcessEngineError } from '../errors.js';
import * as history from '../history.js';
import { armBoundaryEvents } from './boundary-events.js';
import { destroyExecution, newChildScope, requireExecution } from '../execution-tree.js';
import { evalText, evaluate } from '../runtime-expressions.js';
import { createJob } from '../timers-and-jobs.js';
import { type EnterOptions, enter, leave } from '../token-flow.js';

/** Multi-instance activities, parallel and sequential: the body, its instances and their counters. */

/*
 * The entering execution waits at the activity (it carries the boundary events and the
 * `multiInstanceBody` activity instance); a body execution below it keeps nrOfInstances,
 * nrOfActiveInstances and nrOfCompletedInstances as local variables; each instance is a scope
 * execution below the body with its own loopCounter and element variable, running the activity.
 */
export async function startMultiInstance(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
  options: Pick<EnterOptions, 'asyncContinuation'>,
): Promise<void> {
  if (node.asyncBefore && !options.asyncContinuation) {
    exec.activityId = node.id;
    exec.activityInstanceId = null;
    await ctx.saveExecution(exec);
    await createJob(ctx, exec, node, 'async-before', { dueDate: ctx.now, repeat: null });
    return;
  }
  const mi = multiInstanceOf(node);
  const resolve = await ctx.resolver(exec);
  let items: unknown[] | null = null;
  let count: number;
  if (mi.collection) {
    const value = isExpression(mi.collection)
      ? evaluate(() => compileExpression(mi.collection!).evaluate(resolve))
      : (() => {
          const r = resolve(mi.collection!);
          if (!r.found)
            throw new ProcessEngineError(
              `Unknown property used in expression: \${${mi.collection}}. Cause: Cannot resolve identifier '${mi.collection}'`,
            );
          return r.value;
        })();
    if (!Array.isArray(value))
      throw new ProcessEngineError(
        `Multi-instance '${node.id}': camunda:collection '${mi.collection}' is not a list`,
      );
    items = value;
    count = value.length;
  } else {
    const value = Number(evalText(mi.cardinality, resolve));
    if (!Number.isInteger(value) || value < 0)
      throw new ProcessEngineError(
        `Multi-instance '${node.id}': loopCardinality must be a non-negative integer`,
      );
    count = value;
  }
  const bodyInst = await history.startedActivityInstance(ctx, exec, {
    activityId: `${node.id}#multiInstanceBody`,
    activityName: node.name,
    activityType: 'multiInstanceBody',
  });
  await history.activityInstanceRecorded(ctx, bodyInst);
  exec.activityId = node.id;
  exec.activityInstanceId = bodyInst.id;
  if (count === 0) {
    await history.activityInstanceEnded(ctx, bodyInst, { canceled: false, completeScope: false });
    await leave(ctx, model, exec, node, { actInst: bodyInst });
    return;
  }
  exec.isActive = false;
  await ctx.saveExecution(exec);
  await armBoundaryEvents(ctx, model, exec, node);
  const body = await newChildScope(ctx, exec, { active: false });
  const int = (n: number): StoredValue => ({ type: 'Integer', text: String(n) });
  await ctx.setLocalVariables(
    body,
    new Map([
      ['nrOfInstances', int(count)],
      ['nrOfActiveInstances', int(mi.sequential ? 1 : count)],
      ['nrOfCompletedInstances', int(0)],
    ]),
    { activityInstanceId: bodyInst.id },
  );
  const started = mi.sequential ? 1 : count;
  const instances: EngineExecution[] = [];
  for (let i = 0; i < started; i++) instances.push(await newMultiInstance(ctx, body, node, i, items));
  for (const instance of instances) await enter(ctx, model, instance, node, { miInstance: true });
}

/** One instance below the body, with its loopCounter and element variable. */
async function newMultiInstance(
  ctx: CommandContext,
  body: EngineExecution,
  node: FlowNode,
  index: number,
  items: unknown[] | null,
): Promise<EngineExecution> {
  const instance = await newChildScope(ctx, body, { active: true });
  const locals = new Map<string, StoredValue>([['loopCounter', { type: 'Integer', text: String(index) }]]);
  const { elementVariable } = multiInstanceOf(node);
  if (items && elementVariable) locals.set(elementVariable, fromJs(items[index]));
  await ctx.setLocalVariables(instance, locals, { activityInstanceId: body.activityInstanceId });
  return instance;
}

/**
 * The execution that carries `activity`'s boundary events, seen from `exec` running it: for an
 * instance of a multi-instance activity, the execution above the body (cancelling it takes every
 * instance with it); otherwise `exec` itself.
 */
export async function boundaryHost(
  ctx: CommandContext,
  exec: EngineExecution,
  activity: FlowNode,
): Promise<EngineExecution> {
  const body = activity.multiInstance ? await multiInstanceBodyOf(ctx, exec, activity) : null;
  return body?.parentId ? requireExecution(ctx, body.parentId) : exec;
}

/** The body execution when `exec` is an instance of the multi-instance activity `node`. */
export async function multiInstanceBodyOf(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
): Promise<EngineExecution | null> {
  if (exec.isProcessInstance || exec.isConcurrent || !exec.parentId) return null;
  const body = await requireExecution(ctx, exec.parentId);
  if (body.activityId !== node.id || body.isConcurrent || body.isProcessInstance) return null;
  return (await ctx.localVariables(body)).has('nrOfInstances') ? body : null;
}

/**
 * One instance is done: the counters move, the completion condition is checked (in the
 * instance's view), and either the next sequential instance starts, or — every instance done or
 * the condition true — the remaining ones are cancelled and the activity is left.
 */
export async function completeMultiInstanceInstance(
  ctx: CommandContext,
  model: ProcessModel,
  instance: EngineExecution,
  node: FlowNode,
  body: EngineExecution,
  actInst?: EngineHistoricActivityInstance,
): Promise<void> {
  const mi = multiInstanceOf(node);
  const inst = actInst ?? (await history.activityInstance(ctx, instance.activityInstanceId));
  if (inst) await history.activityInstanceEnded(ctx, inst, { canceled: false, completeScope: false });
  const locals = await ctx.localVariables(body);
  const num = (name: string) => Number(locals.get(name)?.textValue ?? 0);
  const total = num('nrOfInstances');
  const completed = num('nrOfCompletedInstances') + 1;
  const active = num('nrOfActiveInstances') - 1;
  const int = (n: number): StoredValue => ({ type: 'Integer', text: String(n) });
  // A sequential activity has one active instance throughout (Operaton leaves the counter at 1).
  const counters = new Map([['nrOfCompletedInstances', int(completed)]]);
  if (!mi.sequential) counters.set('nrOfActiveInstances', int(active));
  await ctx.setLocalVariables(body, counters, { activityInstanceId: body.activityInstanceId });
  let done = mi.sequential ? completed >= total : active <= 0;
  if (!done && mi.completionCondition) {
    const resolve = await ctx.resolver(instance);
    done = evaluate(() => evaluateCondition(mi.completionCondition!, resolve));
  }
  if (!done && mi.sequential) {
    // The next iteration runs on the same instance execution, as in Camunda: its loopCounter and
    // element variable are updated (history keeps one variable instance each), not created anew.
    let items: unknown[] | null = null;
    if (mi.collection) {
      const resolve = await ctx.resolver(body);
      const value = isExpression(mi.collection)
        ? evaluate(() => compileExpression(mi.collection!).evaluate(resolve))
        : (() => {
            const r = resolve(mi.collection!);
            return r.found ? r.value : [];
          })();
      items = Array.isArray(value) ? value : [];
    }
    const next = new Map<string, StoredValue>([['loopCounter', int(completed)]]);
    if (items && mi.elementVariable) next.set(mi.elementVariable, fromJs(items[completed]));
    await ctx.setLocalVariables(instance, next, { activityInstanceId: body.activityInstanceId });
    instance.activityInstanceId = null;
    await ctx.saveExecution(instance);
    await enter(ctx, model, instance, node, { miInstance: true });
    return;
  }
  await ctx.deleteScopeVariables(instance);
  await ctx.deleteExecution(instance);
  await ctx.saveExecution(body); // serialises parallel instances completing at once
  if (!done) return;
  // Done: instances still running are cancelled (completion condition), the body goes.
  for (const other of await ctx.findExecutions({ parentId: body.id }))
    await destroyExecution(ctx, other, 'deleted');
  await ctx.deleteScopeVariables(body);
  await ctx.deleteExecution(body);
  const entered = await requireExecution(ctx, body.parentId!);
  entered.isActive = true;
  await leave(ctx, model, entered, node);
}
