import {
  EngineEventSubscription,
  EngineExecution,
  EngineHistoricActivityInstance,
  EngineJob,
} from '@motcua/db/engine';
import { evaluateCondition } from '../expressions/index.js';
import { flowOf, needsScope, nodeOf, type FlowNode, type ProcessModel } from '../bpmn/model.js';
import { ioValue } from './io-mapping.js';
import type { StoredValue } from '../variables/typed-value.js';
import type { CommandContext } from './command-context.js';
import { ProcessEngineError } from './errors.js';
import * as history from './history.js';
import { behaviourOf } from './behaviours/behaviour-table.js';
import { armBoundaryEvents, clearWaits } from './behaviours/boundary-events.js';
import { rememberForCompensation, resumeAfterCompensation } from './behaviours/compensation.js';
import { retryInclusiveJoins } from './behaviours/gateways.js';
import {
  completeMultiInstanceInstance,
  multiInstanceBodyOf,
  startMultiInstance,
} from './behaviours/multi-instance.js';
import { armEventSubProcesses } from './behaviours/subprocesses.js';
import {
  activityScopeParent,
  newChildScope,
  newConcurrentExecution,
  requireExecution,
  scopeOf,
} from './execution-tree.js';
import { fireListeners, runListener } from './listeners.js';
import { endProcessInstance } from './process-instances.js';
import { evaluate } from './runtime-expressions.js';
import { createJob } from './timers-and-jobs.js';

/**
 * The token runtime: moves executions through a process model inside one command.
 *
 * Execution tree: the process instance is the root execution. While the root is the only token it
 * sits at an activity itself; a fork makes it an inactive scope with concurrent children (one per
 * path), the way Camunda 7 does. A concurrent child reaching a parallel join waits there
 * (inactive); the last arrival continues.
 *
 * Races: every join arrival and every end of a concurrent child bumps the root execution's
 * revision, so two commands that could each believe they are the last arrival (or the last
 * branch) cannot both commit: the second fails its revision check and rolls back
 * (OptimisticLockingException), never a double continuation or a process that never ends.
 */

/** A guard against models that loop without a wait state. */
const MAX_STEPS_PER_COMMAND = 1000;

/** How an element is entered; every flag defaults to false (a token arriving over a flow). */
export interface EnterOptions {
  /** The asyncBefore job continues here: the activity runs now, no new job. */
  readonly asyncContinuation?: boolean;
  /** A catch event after an event-based gateway whose event already happened: it passes at once. */
  readonly triggered?: boolean;
  /** One instance of a multi-instance activity (its body already exists). */
  readonly miInstance?: boolean;
}

export async function enter(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
  options: EnterOptions = {},
): Promise<void> {
  const { asyncContinuation = false, triggered = false, miInstance = false } = options;
  if (++ctx.steps > MAX_STEPS_PER_COMMAND) {
    throw new ProcessEngineError(
      `Process '${model.key}' took more than ${MAX_STEPS_PER_COMMAND} steps without reaching a wait state (a loop?)`,
    );
  }
  if (node.multiInstance && !miInstance) {
    await startMultiInstance(ctx, model, exec, node, { asyncContinuation });
    return;
  }
  if (node.asyncBefore && !asyncContinuation && !miInstance) {
    // asyncBefore: the transaction ends here; a job runs the activity (its history starts then).
    exec.activityId = node.id;
    exec.activityInstanceId = null;
    exec.isActive = true;
    await ctx.saveExecution(exec);
    await createJob(ctx, exec, node, 'async-before', { dueDate: ctx.now, repeat: null });
    return;
  }
  const actInst = await history.startedActivityInstance(ctx, exec, {
    activityId: node.id,
    activityName: node.name,
    activityType: node.activityType,
  });
  exec.activityId = node.id;
  exec.activityInstanceId = actInst.id;
  exec.isActive = true;
  await fireListeners(ctx, exec, node, 'start');

  if (needsScope(node)) {
    // The activity gets a scope execution of its own (its local variables live there); the
    // entering execution waits at the activity and carries its boundary events.
    await history.activityInstanceRecorded(ctx, actInst);
    exec.isActive = false;
    await ctx.saveExecution(exec);
    if (!miInstance) await armBoundaryEvents(ctx, model, exec, node);
    const scope = await newChildScope(ctx, exec, { active: true });
    if (node.io && !ctx.skipIoMappings) {
      const resolve = await ctx.resolver(exec);
      const inputs = new Map<string, StoredValue>();
      for (const p of node.io.inputs)
        inputs.set(
          p.name,
          evaluate(() => ioValue(p.value, resolve)),
        );
      await ctx.setLocalVariables(scope, inputs, { activityInstanceId: actInst.id });
    }
    if (node.kind === 'subProcess') {
      await armEventSubProcesses(ctx, model, scope, node.id);
      await enter(ctx, model, scope, nodeOf(model, node.subProcess.initialId));
      return;
    }
    if (node.kind === 'eventSubProcess') {
      await enter(ctx, model, scope, nodeOf(model, node.subProcess.initialId));
      return;
    }
    await execute(ctx, model, scope, node, actInst, { scoped: true, triggered });
    return;
  }
  // An instance of a multi-instance activity: its boundary events belong to the body.
  await execute(ctx, model, exec, node, actInst, { scoped: miInstance, triggered, unrecorded: miInstance });
}

/** How `execute` runs an activity; every flag defaults to false. */
interface ExecuteOptions {
  /**
   * The activity has a scope execution of its own (or is a multi-instance instance), whose parent
   * already armed its boundary events and, unless `unrecorded`, recorded its activity instance.
   */
  readonly scoped?: boolean;
  /** A catch event whose event already happened (after an event-based gateway): it passes. */
  readonly triggered?: boolean;
  /** The activity instance is not recorded yet although no boundary events are to be armed. */
  readonly unrecorded?: boolean;
}

/** An activity's behaviour, on the execution that runs it. */
export async function execute(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
  actInst: EngineHistoricActivityInstance,
  options: ExecuteOptions = {},
): Promise<void> {
  const { scoped = false, triggered = false, unrecorded = false } = options;
  const record = () =>
    scoped && !unrecorded
      ? history.activityInstanceUpdated(ctx, actInst)
      : history.activityInstanceRecorded(ctx, actInst);
  const arm = () => (scoped ? Promise.resolve() : armBoundaryEvents(ctx, model, exec, node));
  if (triggered) {
    await record();
    await leave(ctx, model, exec, node, { actInst });
    return;
  }
  await behaviourOf(node).execute({ ctx, model, exec, node, actInst, record, armBoundaryEvents: arm });
}

/** How an activity is left. */
interface LeaveOptions {
  /** The activity instance being ended, when the caller holds it (else read by the execution's id). */
  readonly actInst?: EngineHistoricActivityInstance;
  /** The asyncAfter job continues here: the activity already ended and fired its end listeners. */
  readonly asyncContinuation?: boolean;
}

/** Leaves an activity: ends its activity instance, then takes its outgoing flows. */
export async function leave(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
  options: LeaveOptions = {},
): Promise<void> {
  const { actInst, asyncContinuation = false } = options;
  const entered = await activityScopeParent(ctx, exec, node);
  if (entered) {
    // The activity ran in a scope execution of its own: outputs go to the parent, the scope goes.
    await closeScope(ctx, model, exec, node, entered);
    exec = entered;
  }
  if (node.multiInstance) {
    const body = await multiInstanceBodyOf(ctx, exec, node);
    if (body) {
      await completeMultiInstanceInstance(ctx, model, exec, node, body, actInst);
      return;
    }
  }
  await clearWaits(ctx, model, exec, node);
  await rememberForCompensation(ctx, model, exec, node);
  const inst = actInst ?? (await history.activityInstance(ctx, exec.activityInstanceId));
  if (inst)
    await history.activityInstanceEnded(ctx, inst, {
      canceled: false,
      completeScope: node.outgoing.length === 0,
    });
  if (!asyncContinuation) await fireListeners(ctx, exec, node, 'end');
  if (node.asyncAfter && !asyncContinuation) {
    // asyncAfter: the activity is done and committed; a job takes its outgoing flows.
    exec.activityInstanceId = null;
    await ctx.saveExecution(exec);
    await createJob(ctx, exec, node, 'async-after', { dueDate: ctx.now, repeat: null });
    return;
  }
  if (node.outgoing.length === 0) {
    // Implicit end: an activity without outgoing flows ends its token.
    await endExecution(ctx, exec, node);
    return;
  }
  // Conditional flows out of an activity: every flow whose condition holds (uncontrolled flow),
  // the default flow when none does.
  const resolve = await ctx.resolver(exec);
  const taken = node.outgoing.filter((id) => {
    if (id === node.defaultFlow) return false;
    const flow = flowOf(model, id);
    return flow.condition === null || evaluate(() => evaluateCondition(flow.condition!, resolve));
  });
  if (taken.length === 0 && node.defaultFlow) taken.push(node.defaultFlow);
  if (taken.length === 0) throw noOutgoingFlow(node);
  await takeFlows(ctx, model, exec, taken);
}

export function noOutgoingFlow(node: FlowNode) {
  return new ProcessEngineError(
    `ENGINE-02004 No outgoing sequence flow for the element with id '${node.id}' could be selected for continuing the process.`,
  );
}

/** One flow: the token moves on. Several: it forks into concurrent executions. */
export async function takeFlows(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  flowIds: string[],
): Promise<void> {
  for (const id of flowIds)
    for (const expression of flowOf(model, id).takeListeners ?? []) await runListener(ctx, exec, expression);
  const targets = flowIds.map((id) => nodeOf(model, flowOf(model, id).target));
  if (targets.length === 1) {
    await enter(ctx, model, exec, targets[0]!);
    return;
  }
  const root = await scopeOf(ctx, exec);
  const tokens: EngineExecution[] = [];
  if (exec.isConcurrent) {
    tokens.push(exec);
  } else {
    // The scope execution becomes the parent of the concurrent paths.
    root.isActive = false;
    root.activityId = null;
    root.activityInstanceId = null;
  }
  while (tokens.length < targets.length) tokens.push(await newConcurrentExecution(ctx, root));
  await ctx.saveExecution(root);
  for (const [i, target] of targets.entries()) await enter(ctx, model, tokens[i]!, target);
}

/** A token ends; its scope (the process instance, a subprocess) completes with its last token. */
export async function endExecution(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
): Promise<void> {
  if (exec.isConcurrent) {
    const root = await scopeOf(ctx, exec);
    await ctx.deleteExecution(exec);
    // Serialises concurrent ends of the last two paths: see the header comment.
    await ctx.saveExecution(root);
    const remaining = await ctx.findExecutions({ parentId: root.id, isConcurrent: true });
    if (remaining.length > 0) {
      await retryInclusiveJoins(ctx, remaining);
      await resumeAfterCompensation(ctx, root);
      return;
    }
    await completeScope(ctx, root, node);
    return;
  }
  await completeScope(ctx, exec, node);
}

/** A scope without tokens left: the process instance ends, or the subprocess is left. */
export async function completeScope(
  ctx: CommandContext,
  scope: EngineExecution,
  node: FlowNode,
): Promise<void> {
  if (scope.isProcessInstance) {
    await endProcessInstance(ctx, scope, node.id);
    return;
  }
  const model = await ctx.models.get(ctx.tx, scope.processDefinitionId);
  const entered = await requireExecution(ctx, scope.parentId!);
  const subProcess = nodeOf(model, entered.activityId!);
  await closeScope(ctx, model, scope, subProcess, entered);
  entered.isActive = true;
  await leave(ctx, model, entered, subProcess);
}

/**
 * Ends a scope execution normally: its output parameters are evaluated in it and set from the
 * execution that entered the activity (Camunda's setVariable, walking up), its local variables
 * and the execution go.
 */
async function closeScope(
  ctx: CommandContext,
  model: ProcessModel,
  scope: EngineExecution,
  node: FlowNode,
  entered: EngineExecution,
): Promise<void> {
  const outputs = new Map<string, StoredValue>();
  if (node.io?.outputs.length && !ctx.skipIoMappings) {
    const resolve = await ctx.resolver(scope);
    for (const p of node.io.outputs)
      outputs.set(
        p.name,
        evaluate(() => ioValue(p.value, resolve)),
      );
  }
  await ctx.deleteScopeVariables(scope);
  if (node.kind === 'subProcess' || node.kind === 'eventSubProcess') {
    await ctx.tx.removeWhere(EngineJob, { executionId: scope.id });
    await ctx.tx.removeWhere(EngineEventSubscription, { executionId: scope.id });
  }
  await ctx.deleteExecution(scope);
  entered.isActive = true;
  await ctx.setVariables(entered, outputs, { activityInstanceId: entered.activityInstanceId });
  void model;
}
