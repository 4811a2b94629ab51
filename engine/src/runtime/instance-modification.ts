import { EngineEventSubscription, EngineExecution, EngineIncident, EngineJob } from '@motcua/db/engine';
import { multiInstanceOf, nodeOf, type FlowNode, type ProcessModel } from '../bpmn/model.js';
import { ExpressionError } from '../expressions/index.js';
import { logOperation } from '../operation-log/operation-log.js';
import type { StoredValue } from '../variables/typed-value.js';
import type { CommandContext } from './command-context.js';
import { NotValidError, ProcessEngineError, SuspendedEntityError } from './errors.js';
import * as history from './history.js';
import { ioValue } from './io-mapping.js';
import {
  armBoundaryEvents,
  armEventSubProcesses,
  cancelActivity,
  destroyExecution,
  enter,
  fireListeners,
  forkFromActivity,
  newChildScope,
  newConcurrentExecution,
  takeFlows,
} from './process-runtime.js';

/**
 * Process-instance modification (Camunda's `POST /process-instance/{id}/modification`): start
 * tokens before or after activities or on a sequence flow, cancel activity and transition
 * instances, in the order given, in one transaction.
 *
 * As in Camunda 7, the process instance itself is kept while the instructions run (so "cancel
 * everything, then start elsewhere" works); when nothing is left in it afterwards, it ends
 * EXTERNALLY_TERMINATED. Cancelling the last token of an embedded subprocess cancels the
 * subprocess too. Starting inside an embedded subprocess that has no instance creates one (its
 * input mappings, boundary events and event subprocesses, not its start event).
 */

/** A typed value of an instruction, set as Camunda's setVariable or, with `local`, setVariableLocal. */
export interface InstructionVariable {
  value: StoredValue;
  local: boolean;
}

export type ModificationInstruction =
  | {
      type: 'startBeforeActivity';
      activityId: string;
      ancestorActivityInstanceId: string | null;
      variables: Map<string, InstructionVariable>;
    }
  | {
      type: 'startAfterActivity';
      activityId: string;
      ancestorActivityInstanceId: string | null;
      variables: Map<string, InstructionVariable>;
    }
  | {
      type: 'startTransition';
      transitionId: string;
      ancestorActivityInstanceId: string | null;
      variables: Map<string, InstructionVariable>;
    }
  | {
      type: 'cancel';
      activityId: string | null;
      activityInstanceId: string | null;
      transitionInstanceId: string | null;
    };

export interface ModificationOptions {
  skipCustomListeners: boolean;
  skipIoMappings: boolean;
  annotation: string | null;
}

/** Camunda's task delete reason when the process instance's own token is cancelled (sic: its spelling). */
const ROOT_CANCEL_REASON = 'Cancellation due to process instance modifcation';
const MI_BODY = '#multiInstanceBody';

/** 400 as Camunda's NotValidException (a BadUserRequestException). */
const notValid = (message: string) => new NotValidError(message);

function describe(i: ModificationInstruction): string {
  switch (i.type) {
    case 'startBeforeActivity':
      return `Start before activity '${i.activityId}'`;
    case 'startAfterActivity':
      return `Start after activity '${i.activityId}'`;
    case 'startTransition':
      return `Start transition '${i.transitionId}'`;
    case 'cancel':
      if (i.activityInstanceId) return `Cancel activity instance '${i.activityInstanceId}'`;
      if (i.transitionInstanceId) return `Cancel transition instance '${i.transitionInstanceId}'`;
      return `Cancel all of activity '${i.activityId}'`;
  }
}

/** One instance's modification, as `modifyProcessInstance` takes it. */
export interface InstanceModification {
  processInstanceId: string;
  instructions: readonly ModificationInstruction[];
  options: ModificationOptions;
  /** Write the ModifyProcessInstance operation (false when a batch writes one entry for all). */
  writeOperationLog: boolean;
}

/** Applies the instructions to one process instance inside the caller's command. */
export async function modifyProcessInstance(
  ctx: CommandContext,
  { processInstanceId, instructions, options, writeOperationLog }: InstanceModification,
): Promise<void> {
  const root = await ctx.execution(processInstanceId);
  if (!root || !root.isProcessInstance)
    throw new ProcessEngineError(
      `ENGINE-13036 Process instance '${processInstanceId}' cannot be modified. The process instance does not exist`,
    );
  if (root.suspended)
    throw new SuspendedEntityError(`ENGINE-03043 Execution with id '${root.id}' is suspended.`);
  const model = await ctx.models.get(ctx.tx, root.processDefinitionId);
  ctx.skipCustomListeners = options.skipCustomListeners;
  ctx.skipIoMappings = options.skipIoMappings;
  try {
    for (const instruction of instructions) {
      if (!(await ctx.execution(root.id))) break; // a started end event completed the instance
      await apply(ctx, model, root, instruction);
    }
  } finally {
    ctx.skipCustomListeners = false;
    ctx.skipIoMappings = false;
  }
  if (writeOperationLog)
    await logOperation(ctx.tx, ctx.now, {
      operationType: 'ModifyProcessInstance',
      entityType: 'ProcessInstance',
      category: 'Operator',
      changes: [],
      processDefinitionId: root.processDefinitionId,
      processDefinitionKey: root.processDefinitionKey,
      processInstanceId: root.id,
      annotation: options.annotation,
    });
  // Nothing left in the instance: it ends, as Camunda deletes an instance emptied by a modification.
  if ((await ctx.execution(root.id)) && root.activityId === null) {
    const children = await ctx.findExecutions({ parentId: root.id });
    if (children.length === 0) await endEmptiedInstance(ctx, root);
  }
}

async function apply(
  ctx: CommandContext,
  model: ProcessModel,
  root: EngineExecution,
  instruction: ModificationInstruction,
): Promise<void> {
  const fail = (reason: string) =>
    notValid(`Cannot perform instruction: ${describe(instruction)}; ${reason}`);
  const element = (id: string) =>
    fail(`Element '${id}' does not exist in process '${root.processDefinitionId}': element is null`);
  switch (instruction.type) {
    case 'startBeforeActivity': {
      const node = model.nodes.get(stripBody(instruction.activityId));
      if (!node) throw element(instruction.activityId);
      if (node.multiInstance && !instruction.activityId.endsWith(MI_BODY)) {
        await startInnerInstance(ctx, model, root, node, instruction, fail);
        return;
      }
      const scope = await scopeFor(ctx, model, root, node, instruction.ancestorActivityInstanceId, fail);
      const token = await tokenIn(ctx, scope);
      await setInstructionVariables(ctx, scope, token, instruction.variables);
      await enter(ctx, model, token, node);
      return;
    }
    case 'startAfterActivity':
    case 'startTransition': {
      let flowId: string;
      if (instruction.type === 'startAfterActivity') {
        const node = model.nodes.get(stripBody(instruction.activityId));
        if (!node) throw element(instruction.activityId);
        if (node.outgoing.length !== 1)
          throw new ProcessEngineError(
            node.outgoing.length === 0
              ? `Cannot start after activity ${node.id}; activity has no outgoing sequence flow to take`
              : `Cannot start after activity ${node.id}; activity has more than one outgoing sequence flow`,
          );
        flowId = node.outgoing[0]!;
      } else {
        if (!model.flows.has(instruction.transitionId)) throw element(instruction.transitionId);
        flowId = instruction.transitionId;
      }
      const target = nodeOf(model, model.flows.get(flowId)!.target);
      const scope = await scopeFor(ctx, model, root, target, instruction.ancestorActivityInstanceId, fail);
      const token = await tokenIn(ctx, scope);
      await setInstructionVariables(ctx, scope, token, instruction.variables);
      await takeFlows(ctx, model, token, [flowId]);
      return;
    }
    case 'cancel':
      if (instruction.activityInstanceId) {
        if (instruction.activityInstanceId === root.id) {
          await cancelEverything(ctx, root);
          return;
        }
        const holder = await holderOf(ctx, root, instruction.activityInstanceId);
        if (!holder)
          throw fail(
            `Activity instance '${instruction.activityInstanceId}' does not exist: activityInstance is null`,
          );
        await cancelActivityInstance(ctx, model, holder);
        return;
      }
      if (instruction.transitionInstanceId) {
        const exec = await ctx.execution(instruction.transitionInstanceId);
        if (!exec || exec.processInstanceId !== root.id || !isTransitionInstance(exec))
          throw fail(
            `Transition instance '${instruction.transitionInstanceId}' does not exist: transitionInstance is null`,
          );
        await cancelTransitionInstance(ctx, exec);
        return;
      }
      await cancelAllOf(ctx, model, root, instruction.activityId!);
      return;
  }
}

const stripBody = (id: string) => (id.endsWith(MI_BODY) ? id.slice(0, -MI_BODY.length) : id);

/** A token waiting for an asynchronous continuation (Camunda's transition instance): no activity instance. */
const isTransitionInstance = (e: EngineExecution) => e.activityId !== null && e.activityInstanceId === null;

// ---------------------------------------------------------------------------------------------
// Starting

/**
 * The scope execution in which `node` starts: the process instance, or the instance of its
 * embedded subprocess — created (recursively) when there is none. Several instances of the
 * subprocess need `ancestorActivityInstanceId` to choose one.
 */
async function scopeFor(
  ctx: CommandContext,
  model: ProcessModel,
  root: EngineExecution,
  node: FlowNode,
  ancestor: string | null,
  fail: (reason: string) => Error,
): Promise<EngineExecution> {
  if (node.scopeId === null) return root;
  const sub = nodeOf(model, node.scopeId);
  const all = await ctx.findExecutions({ processInstanceId: root.id });
  // The executions that entered the subprocess: each has the subprocess's scope execution below it.
  const entered = all.filter(
    (e) =>
      e.activityId === sub.id &&
      e.activityInstanceId !== null &&
      all.some((c) => c.parentId === e.id && !c.isConcurrent),
  );
  const chosen = ancestor === null ? entered : entered.filter((e) => e.activityInstanceId === ancestor);
  if (chosen.length > 1)
    throw fail(
      `there are ${chosen.length} instances of subprocess '${sub.id}'; choose one with ancestorActivityInstanceId`,
    );
  if (chosen.length === 1) {
    const scope = all.find((c) => c.parentId === chosen[0]!.id && !c.isConcurrent)!;
    if (sub.multiInstance)
      throw fail(`starting inside multi-instance subprocess '${sub.id}' is not supported`);
    return scope;
  }
  if (ancestor !== null && entered.length > 0)
    throw fail(`Ancestor activity instance '${ancestor}' is not an instance of subprocess '${sub.id}'`);
  if (sub.multiInstance) throw fail(`starting inside multi-instance subprocess '${sub.id}' is not supported`);
  const parent = await scopeFor(ctx, model, root, sub, null, fail);
  return openSubProcessScope(ctx, model, await tokenIn(ctx, parent), sub);
}

/**
 * A new token in `scope`: the scope itself when it is empty (a process instance emptied by an
 * earlier cancel, a subprocess scope just created), else a concurrent execution beside what runs.
 */
async function tokenIn(ctx: CommandContext, scope: EngineExecution): Promise<EngineExecution> {
  const children = await ctx.findExecutions({ parentId: scope.id });
  if (children.some((c) => c.isConcurrent)) {
    await ctx.saveExecution(scope); // serialises with joins and ends, as the runtime does
    return newConcurrentExecution(ctx, scope);
  }
  if (scope.activityId === null && children.length === 0) return scope;
  return (await forkFromActivity(ctx, scope)).token;
}

/**
 * Instantiates an embedded subprocess on `token` without entering its start event: its activity
 * instance, start listeners, boundary events, input mappings and event subprocess triggers.
 * Returns its (empty) scope execution.
 */
async function openSubProcessScope(
  ctx: CommandContext,
  model: ProcessModel,
  token: EngineExecution,
  sub: FlowNode,
): Promise<EngineExecution> {
  const actInst = await history.startedActivityInstance(ctx, token, {
    activityId: sub.id,
    activityName: sub.name,
    activityType: sub.activityType,
  });
  token.activityId = sub.id;
  token.activityInstanceId = actInst.id;
  token.isActive = true;
  await fireListeners(ctx, token, sub, 'start');
  await history.activityInstanceRecorded(ctx, actInst);
  token.isActive = false;
  await ctx.saveExecution(token);
  await armBoundaryEvents(ctx, model, token, sub);
  const scope = await newChildScope(ctx, token, { active: true });
  scope.activityId = null;
  scope.activityInstanceId = null;
  await ctx.saveExecution(scope);
  if (sub.io && !ctx.skipIoMappings) {
    const resolve = await ctx.resolver(token);
    const inputs = new Map<string, StoredValue>();
    for (const p of sub.io.inputs) {
      try {
        inputs.set(p.name, ioValue(p.value, resolve));
      } catch (err) {
        if (err instanceof ExpressionError) throw new ProcessEngineError(err.message);
        throw err;
      }
    }
    await ctx.setLocalVariables(scope, inputs, { activityInstanceId: actInst.id });
  }
  if (sub.kind === 'subProcess') await armEventSubProcesses(ctx, model, scope, sub.id);
  return scope;
}

/**
 * Instruction variables: non-local ones as Camunda's setVariable from the new token (where the
 * name exists up the scope chain, else on the process instance); local ones on the scope the
 * activity starts in (our concurrent tokens hold no variables of their own).
 */
async function setInstructionVariables(
  ctx: CommandContext,
  scope: EngineExecution,
  token: EngineExecution,
  variables: ReadonlyMap<string, InstructionVariable>,
): Promise<void> {
  const global = new Map<string, StoredValue>();
  const local = new Map<string, StoredValue>();
  for (const [name, v] of variables) (v.local ? local : global).set(name, v.value);
  if (local.size) {
    const entered = scope.isProcessInstance ? null : await ctx.execution(scope.parentId!);
    await ctx.setLocalVariables(scope, local, {
      activityInstanceId: entered?.activityInstanceId ?? scope.processInstanceId,
    });
  }
  if (global.size) await ctx.setVariables(token, global, { activityInstanceId: token.processInstanceId });
}

// ---------------------------------------------------------------------------------------------
// Multi-instance: the body (`X#multiInstanceBody`) starts and goes as a whole through `enter` and
// `cancelActivity`; one inner instance (`X`) is added to or removed from a running body, as Camunda.

const int = (n: number): StoredValue => ({ type: 'Integer', text: String(n) });

/**
 * Starts one inner instance of a multi-instance activity: in its running body (nrOfInstances and
 * nrOfActiveInstances grow, the new instance's loopCounter is the old nrOfInstances), or, with no
 * body running, in a new body of one instance.
 */
async function startInnerInstance(
  ctx: CommandContext,
  model: ProcessModel,
  root: EngineExecution,
  node: FlowNode,
  instruction: { ancestorActivityInstanceId: string | null; variables: Map<string, InstructionVariable> },
  fail: (reason: string) => Error,
): Promise<void> {
  const all = await ctx.findExecutions({ processInstanceId: root.id });
  // Body executions: below the execution that entered the activity, holding the counters.
  const bodies = all.filter((b) => {
    const entered = all.find((e) => e.id === b.parentId);
    return (
      b.activityId === node.id &&
      !b.isConcurrent &&
      entered?.activityId === node.id &&
      entered.activityInstanceId === b.activityInstanceId
    );
  });
  const ancestor = instruction.ancestorActivityInstanceId;
  const chosen = ancestor === null ? bodies : bodies.filter((b) => b.activityInstanceId === ancestor);
  if (chosen.length > 1)
    throw fail(
      `there are ${chosen.length} instances of '${node.id}${MI_BODY}'; choose one with ancestorActivityInstanceId`,
    );
  let body = chosen[0];
  if (body && multiInstanceOf(node).sequential)
    throw fail(
      `adding an instance to the running sequential multi-instance activity '${node.id}' is not supported`,
    );
  let index = 0;
  if (body) {
    const counters = await ctx.localVariables(body);
    const num = (name: string) => Number(counters.get(name)?.textValue ?? 0);
    index = num('nrOfInstances');
    await ctx.setLocalVariables(
      body,
      new Map([
        ['nrOfInstances', int(index + 1)],
        ['nrOfActiveInstances', int(num('nrOfActiveInstances') + 1)],
      ]),
      { activityInstanceId: body.activityInstanceId },
    );
    await ctx.saveExecution(body); // serialises with instances completing at once
  } else {
    const scope = await scopeFor(ctx, model, root, node, null, fail);
    body = await openMultiInstanceBody(ctx, model, await tokenIn(ctx, scope), node);
  }
  const instance = await newChildScope(ctx, body, { active: true });
  await ctx.setLocalVariables(instance, new Map([['loopCounter', int(index)]]), {
    activityInstanceId: body.activityInstanceId,
  });
  await setInstructionVariables(ctx, instance, instance, instruction.variables);
  await enter(ctx, model, instance, node, { miInstance: true });
}

/** A body of one instance on `token` (its activity instance, boundary events, counters). */
async function openMultiInstanceBody(
  ctx: CommandContext,
  model: ProcessModel,
  token: EngineExecution,
  node: FlowNode,
): Promise<EngineExecution> {
  const bodyInst = await history.startedActivityInstance(ctx, token, {
    activityId: node.id + MI_BODY,
    activityName: node.name,
    activityType: 'multiInstanceBody',
  });
  await history.activityInstanceRecorded(ctx, bodyInst);
  token.activityId = node.id;
  token.activityInstanceId = bodyInst.id;
  token.isActive = false;
  await ctx.saveExecution(token);
  await armBoundaryEvents(ctx, model, token, node);
  const body = await newChildScope(ctx, token, { active: false });
  await ctx.setLocalVariables(
    body,
    new Map([
      ['nrOfInstances', int(1)],
      ['nrOfActiveInstances', int(1)],
      ['nrOfCompletedInstances', int(0)],
    ]),
    { activityInstanceId: bodyInst.id },
  );
  return body;
}

/**
 * Cancels one inner instance: nrOfActiveInstances shrinks (nrOfInstances stays, as Camunda's);
 * the last one gone, the body is cancelled and its token goes.
 */
async function cancelInnerInstance(ctx: CommandContext, instance: EngineExecution): Promise<void> {
  const body = (await ctx.execution(instance.parentId!))!;
  await destroyExecution(ctx, instance, 'deleted');
  const counters = await ctx.localVariables(body);
  const active = Number(counters.get('nrOfActiveInstances')?.textValue ?? 1);
  await ctx.setLocalVariables(body, new Map([['nrOfActiveInstances', int(Math.max(0, active - 1))]]), {
    activityInstanceId: body.activityInstanceId,
  });
  await ctx.saveExecution(body);
  if ((await ctx.findExecutions({ parentId: body.id })).length > 0) return;
  const entered = (await ctx.execution(body.parentId!))!;
  await destroyExecution(ctx, body, 'deleted');
  await cancelActivity(ctx, entered, entered.isProcessInstance ? ROOT_CANCEL_REASON : 'deleted');
  await dropToken(ctx, entered);
}

// ---------------------------------------------------------------------------------------------
// Cancelling

/** The execution running an open activity instance of this process instance (the outermost one). */
async function holderOf(
  ctx: CommandContext,
  root: EngineExecution,
  activityInstanceId: string,
): Promise<EngineExecution | null> {
  const holders = await ctx.findExecutions({ processInstanceId: root.id, activityInstanceId });
  return holders.find((h) => !holders.some((o) => o.id === h.parentId)) ?? null;
}

async function cancelActivityInstance(
  ctx: CommandContext,
  model: ProcessModel,
  holder: EngineExecution,
): Promise<void> {
  const node = nodeOf(model, holder.activityId!);
  if (node.multiInstance) {
    // The body's activity instance is held by the execution that entered the activity.
    const inst = await history.activityInstance(ctx, holder.activityInstanceId);
    if (inst && inst.activityType !== 'multiInstanceBody') {
      await cancelInnerInstance(ctx, holder);
      return;
    }
  }
  await cancelActivity(ctx, holder, holder.isProcessInstance ? ROOT_CANCEL_REASON : 'deleted');
  await dropToken(ctx, holder);
}

async function cancelTransitionInstance(ctx: CommandContext, exec: EngineExecution): Promise<void> {
  await ctx.tx.removeWhere(EngineJob, {
    executionId: exec.id,
    activityId: exec.activityId!,
    handlerType: ['async-before', 'async-after'],
  });
  await dropToken(ctx, exec);
}

/** Every activity and transition instance of an activity (`X` or `X#multiInstanceBody`), as found now. */
async function cancelAllOf(
  ctx: CommandContext,
  model: ProcessModel,
  root: EngineExecution,
  activityId: string,
): Promise<void> {
  const id = stripBody(activityId);
  // An activity the model does not have has no instances: nothing to cancel (Operaton answers 204).
  const node = model.nodes.get(id);
  if (!node) return;
  const all = await ctx.findExecutions({ processInstanceId: root.id });
  const targets = all.filter((e) => {
    if (e.activityId !== id) return false;
    if (isTransitionInstance(e)) return true;
    // The outermost execution of each activity instance (a scope activity's scope shares its id).
    if (all.some((o) => o.id === e.parentId && o.activityInstanceId === e.activityInstanceId)) return false;
    // Multi-instance: the body (held by the entering execution), not each inner instance.
    if (node.multiInstance) return !all.some((o) => o.id === e.parentId && o.activityId === id);
    return true;
  });
  for (const t of targets) {
    if (!(await ctx.execution(t.id))) continue; // went with an earlier one
    if (isTransitionInstance(t)) await cancelTransitionInstance(ctx, t);
    else await cancelActivityInstance(ctx, model, t);
  }
}

/** The process instance's own activity instance: everything in it is cancelled. */
async function cancelEverything(ctx: CommandContext, root: EngineExecution): Promise<void> {
  for (const child of await ctx.findExecutions({ parentId: root.id }))
    await destroyExecution(ctx, child, 'deleted');
  await cancelActivity(ctx, root, ROOT_CANCEL_REASON);
  await ctx.tx.removeWhere(EngineJob, { executionId: root.id, handlerType: ['async-before', 'async-after'] });
  root.activityId = null;
  root.activityInstanceId = null;
  root.isActive = true;
  await ctx.saveExecution(root);
}

/**
 * A token whose activity was cancelled goes. A concurrent one is removed; when it was the last in
 * its scope, the scope is empty. A scope execution running the activity itself is now empty.
 */
async function dropToken(ctx: CommandContext, exec: EngineExecution): Promise<void> {
  if (exec.isConcurrent) {
    const scope = (await ctx.execution(exec.parentId!))!;
    await destroyExecution(ctx, exec, 'deleted');
    await ctx.saveExecution(scope); // serialises with joins and ends, as the runtime does
    const remaining = await ctx.findExecutions({ parentId: scope.id, isConcurrent: true });
    if (remaining.length === 0) await scopeEmptied(ctx, scope);
    return;
  }
  exec.activityId = null;
  exec.activityInstanceId = null;
  exec.isActive = true;
  await ctx.saveExecution(exec);
  await scopeEmptied(ctx, exec);
}

/**
 * A scope without tokens. The process instance stays until the modification ends; an embedded
 * subprocess instance is cancelled (activity instance `canceled`), and its token goes in turn.
 */
async function scopeEmptied(ctx: CommandContext, scope: EngineExecution): Promise<void> {
  if (scope.isProcessInstance) {
    scope.activityId = null;
    scope.activityInstanceId = null;
    scope.isActive = true;
    await ctx.saveExecution(scope);
    return;
  }
  const entered = (await ctx.execution(scope.parentId!))!;
  await destroyExecution(ctx, scope, 'deleted');
  await cancelActivity(ctx, entered, entered.isProcessInstance ? ROOT_CANCEL_REASON : 'deleted');
  await dropToken(ctx, entered);
}

/** Ends an instance left without tokens: EXTERNALLY_TERMINATED, as Camunda (no delete reason). */
async function endEmptiedInstance(ctx: CommandContext, root: EngineExecution): Promise<void> {
  await ctx.tx.removeWhere(EngineJob, { processInstanceId: root.id });
  await ctx.tx.removeWhere(EngineEventSubscription, { processInstanceId: root.id });
  await ctx.tx.closeIncidents({ processInstanceId: root.id }, 'deleted');
  await ctx.tx.removeWhere(EngineIncident, { processInstanceId: root.id });
  await history.openActivityInstancesCanceled(ctx, root.id);
  await ctx.deleteExecution(root);
  await ctx.deleteRuntimeVariables(root.id);
  await history.processInstanceTerminated(ctx, root.id, { state: 'EXTERNALLY_TERMINATED', reason: null });
  await cancelCallingActivity(ctx, root);
}

/**
 * A called instance ended by a modification (or deleted, see process-instance.service.ts) takes
 * its call activity with it, as Operaton does: the calling token is cancelled, and a calling
 * instance left without tokens ends in turn.
 */
export async function cancelCallingActivity(ctx: CommandContext, child: EngineExecution): Promise<void> {
  if (!child.superProcessInstanceId) return;
  const link = await ctx.tx.findOne(EngineEventSubscription, {
    eventType: 'call-activity',
    eventName: child.id,
  });
  if (!link) return;
  await ctx.tx.remove(EngineEventSubscription, link);
  const caller = await ctx.execution(link.executionId);
  const parentRoot = caller ? await ctx.execution(caller.processInstanceId) : null;
  if (!caller || !parentRoot) return;
  // The call activity's outermost execution (a call activity with mappings has a scope of its own).
  const holder =
    (caller.activityInstanceId ? await holderOf(ctx, parentRoot, caller.activityInstanceId) : null) ?? caller;
  await cancelActivity(ctx, holder, holder.isProcessInstance ? ROOT_CANCEL_REASON : 'deleted');
  await dropToken(ctx, holder);
  if (parentRoot.activityId === null && (await ctx.findExecutions({ parentId: parentRoot.id })).length === 0)
    await endEmptiedInstance(ctx, parentRoot);
}
