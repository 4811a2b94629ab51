import {
  EngineEventSubscription,
  EngineExecution,
  EngineExternalTask,
  EngineHistoricActivityInstance,
  EngineIdentityLink,
  EngineIncident,
  EngineJob,
  EngineProcessDefinition,
  EngineStartSubscription,
  EngineTask,
} from '@motcua/db';
import { compileExpression, evaluateCondition, ExpressionError, isExpression } from '../expressions/index.js';
import {
  flowOf,
  needsScope,
  nodeOf,
  type CallMapping,
  type FlowNode,
  type ProcessModel,
} from '../bpmn/model.js';
import { evaluateTyped, fromJs, ioValue } from './io-mapping.js';
import { taskFacade } from './listener-task.js';
import { parseCamundaDate, toJs, type StoredValue } from '../variables/typed-value.js';
import { evaluateDeployed, findDecisionDefinition, mapDecisionResult } from '../dmn/decisions.js';
import type { CommandContext } from './command-context.js';
import { processEngineError } from './errors.js';
import * as history from './history.js';
import { addIsoDuration } from './iso-duration.js';
import { newId } from './ids.js';
import { nextFiring, schedule } from '../jobs/timer-schedule.js';

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

/** Where and for whom a process instance starts. */
export interface StartOptions {
  /** A timer, message, signal or conditional start event; default: the none start event. */
  readonly startAt?: string;
  /** The execution of a call activity starting this instance. */
  readonly superExecution?: EngineExecution;
}

export async function startProcessInstance(
  ctx: CommandContext,
  def: EngineProcessDefinition,
  businessKey: string | null,
  variables: ReadonlyMap<string, StoredValue>,
  options: StartOptions = {},
): Promise<EngineExecution> {
  const { startAt: startNodeId, superExecution } = options;
  const model = await ctx.models.get(ctx.tx, def.id);
  const startId = startNodeId ?? model.initialId;
  if (startId === null)
    throw processEngineError(
      `Process definition '${def.id}' has no none start event: it starts by its timer start event only`,
    );
  const id = newId();
  const root: EngineExecution = {
    id,
    rev: 1,
    processInstanceId: id,
    parentId: null,
    processDefinitionId: def.id,
    processDefinitionKey: def.key,
    businessKey,
    superProcessInstanceId: superExecution?.processInstanceId ?? null,
    activityId: null,
    activityInstanceId: null,
    isProcessInstance: true,
    isConcurrent: false,
    isActive: true,
    startTime: ctx.now,
    tenantId: def.tenantId,
  };
  await ctx.insertExecution(root);
  await history.processInstanceStarted(ctx, root, def, startId);
  // The call activity's link to its called instance: found when this one ends or is cancelled.
  if (superExecution) await subscribe(ctx, superExecution, 'call-activity', id, superExecution.activityId!);
  await ctx.setVariables(root, variables, { activityInstanceId: id });
  await armEventSubProcesses(ctx, model, root, '');
  for (const l of model.processListeners ?? [])
    if (l.event === 'start') await runListener(ctx, root, l.expression);
  await enter(ctx, model, root, nodeOf(model, startId));
  return root;
}

/** Completes a user task: variables, task history, then the token moves on. */
export async function completeUserTask(
  ctx: CommandContext,
  task: EngineTask,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  const exec = await requireExecution(ctx, task.executionId);
  await ctx.setVariables(exec, variables, { activityInstanceId: task.activityInstanceId, taskId: task.id });
  const taskModel = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  await fireListeners(ctx, exec, nodeOf(taskModel, task.taskDefinitionKey), 'complete', task);
  await ctx.removeTask(task);
  await history.taskEnded(ctx, task, { reason: 'completed', recordAssignee: true });
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  await leave(ctx, model, exec, nodeOf(model, task.taskDefinitionKey));
}

/** Completes an external task (the worker finished the machine step). */
export async function completeExternalTask(
  ctx: CommandContext,
  task: EngineExternalTask,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  const exec = await requireExecution(ctx, task.executionId);
  await ctx.setVariables(exec, variables, { activityInstanceId: task.activityInstanceId });
  await removeExternalTask(ctx, task);
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  const node = nodeOf(model, task.activityId);
  // camunda:errorEventDefinition: the first expression that holds turns the result into a BPMN error.
  if (node.errorEventDefinitions?.length) {
    const resolve = await ctx.resolver(exec);
    const hit = node.errorEventDefinitions.find((d) =>
      evaluate(() => evaluateCondition(d.expression, resolve)),
    );
    if (hit) {
      await raiseTaskError(ctx, model, exec, node, task.activityInstanceId, hit.errorCode, null);
      return;
    }
  }
  await leave(ctx, model, exec, node);
}

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
async function runListener(
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

/**
 * A business error reported by a worker. The matching error boundary event (a specific code
 * before a catch-all, as Camunda orders them) interrupts the task: its activity instance ends
 * `canceled` and the token leaves through the boundary event. Uncaught, Camunda 7's default
 * (`enableExceptionsAfterUnhandledBpmnError=false`) applies: the execution simply ends, as if the
 * task had reached an end event; the process instance ends when that was its last token.
 */
export async function handleExternalTaskBpmnError(
  ctx: CommandContext,
  task: EngineExternalTask,
  errorCode: string,
  errorMessage: string | null,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  const exec = await requireExecution(ctx, task.executionId);
  await ctx.setVariables(exec, variables, { activityInstanceId: task.activityInstanceId });
  await removeExternalTask(ctx, task);
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  await raiseTaskError(
    ctx,
    model,
    exec,
    nodeOf(model, task.activityId),
    task.activityInstanceId,
    errorCode,
    errorMessage,
  );
}

/**
 * A BPMN error at an external task (the worker's bpmnError, or a camunda:errorEventDefinition
 * that holds on complete): caught by the nearest boundary or error event subprocess; uncaught,
 * the execution ends as if at an end event (Camunda 7's default).
 */
export async function raiseTaskError(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  activity: FlowNode,
  activityInstanceId: string,
  errorCode: string,
  errorMessage: string | null,
): Promise<void> {
  if (await throwError(ctx, model, exec, errorCode, errorMessage, activity)) return;
  const actInst = await history.activityInstance(ctx, activityInstanceId);
  if (actInst) await history.activityInstanceEnded(ctx, actInst, { canceled: false, completeScope: true });
  const host = await activityScopeParent(ctx, exec, activity);
  if (host) {
    await ctx.deleteScopeVariables(exec);
    await ctx.deleteExecution(exec);
  }
  await clearWaits(ctx, model, host ?? exec, activity);
  await endExecution(ctx, host ?? exec, activity);
}

async function removeExternalTask(ctx: CommandContext, task: EngineExternalTask): Promise<void> {
  await ctx.tx.remove(EngineExternalTask, task);
  await ctx.tx.removeWhere(EngineIncident, { configuration: task.id });
}

async function requireExecution(ctx: CommandContext, id: string): Promise<EngineExecution> {
  const exec = await ctx.execution(id);
  if (!exec) throw processEngineError(`Execution ${id} does not exist`);
  return exec;
}

// ---------------------------------------------------------------------------------------------
// Token movement

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
    throw processEngineError(
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
      await enter(ctx, model, scope, nodeOf(model, node.subProcess!.initialId));
      return;
    }
    if (node.kind === 'eventSubProcess') {
      await enter(ctx, model, scope, nodeOf(model, node.subProcess!.initialId));
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
async function execute(
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
  switch (node.kind) {
    case 'startEvent':
    case 'signalStartEvent':
    case 'linkCatchEvent':
    case 'eventSubStartEvent':
    case 'timerStartEvent':
    case 'messageStartEvent':
    case 'errorBoundaryEvent':
    case 'timerBoundaryEvent':
    case 'messageBoundaryEvent':
    case 'signalBoundaryEvent':
    case 'conditionalBoundaryEvent':
    case 'escalationBoundaryEvent':
    case 'passThrough':
    case 'noneThrowEvent':
      await record();
      await leave(ctx, model, exec, node, { actInst });
      return;
    case 'compensationThrowEvent':
    case 'compensationEndEvent':
      if (node.kind === 'compensationEndEvent') {
        actInst.endTime = ctx.now;
        actInst.completeScope = true;
      }
      await record();
      await compensate(ctx, model, exec, node);
      return;
    case 'compensationBoundaryEvent':
      throw processEngineError(`Compensation boundary event '${node.id}' cannot be entered`);
    case 'linkThrowEvent': {
      // A link jumps to the catch event of the same name in the same scope (checked at deployment)
      // and goes on from there. Neither link event leaves a historic activity instance: Operaton
      // records none (verified by the conformance suite).
      const target = [...model.nodes.values()].find(
        (n) => n.kind === 'linkCatchEvent' && n.linkName === node.linkName && n.scopeId === node.scopeId,
      )!;
      exec.activityId = target.id;
      exec.activityInstanceId = null;
      await leave(ctx, model, exec, target);
      return;
    }
    case 'signalThrowEvent': {
      await record();
      await broadcastSignal(ctx, node.signalName!, new Map());
      const moved = await afterOwnFork(ctx, exec, actInst);
      await leave(ctx, model, moved.exec, node, { actInst: moved.actInst });
      return;
    }
    case 'signalEndEvent':
      actInst.endTime = ctx.now;
      actInst.completeScope = true;
      await record();
      await broadcastSignal(ctx, node.signalName!, new Map());
      if (await ctx.execution(exec.id))
        await endExecution(ctx, (await afterOwnFork(ctx, exec, actInst)).exec, node);
      return;
    case 'escalationThrowEvent': {
      await record();
      if ((await throwEscalation(ctx, model, exec, node.escalationCode ?? null)) === 'interrupted') return;
      const moved = await afterOwnFork(ctx, exec, actInst);
      await leave(ctx, model, moved.exec, node, { actInst: moved.actInst });
      return;
    }
    case 'escalationEndEvent':
      actInst.endTime = ctx.now;
      actInst.completeScope = true;
      await record();
      if ((await throwEscalation(ctx, model, exec, node.escalationCode ?? null)) === 'interrupted') return;
      await endExecution(ctx, (await afterOwnFork(ctx, exec, actInst)).exec, node);
      return;
    case 'conditionalCatchEvent':
      // Already true: pass; else wait until a variable change makes it true.
      await record();
      if (await conditionHolds(ctx, exec, node)) {
        await leave(ctx, model, exec, node, { actInst });
        return;
      }
      await subscribe(ctx, exec, 'conditional', node.id, node.id);
      await arm();
      await ctx.saveExecution(exec);
      return;
    case 'signalCatchEvent':
      await record();
      await subscribe(ctx, exec, 'signal', node.signalName!, node.id);
      await arm();
      await ctx.saveExecution(exec);
      return;
    case 'eventBasedGateway':
      // The token waits at the gateway for whichever event comes first (see triggerCatchEvent).
      await record();
      for (const flowId of node.outgoing) {
        const target = nodeOf(model, flowOf(model, flowId).target);
        if (target.kind === 'timerCatchEvent') await createTimerJob(ctx, exec, target, 'timer-intermediate');
        else if (target.kind === 'signalCatchEvent')
          await subscribe(ctx, exec, 'signal', target.signalName!, target.id);
        else if (target.messageName) await subscribe(ctx, exec, 'message', target.messageName, target.id);
      }
      await ctx.saveExecution(exec);
      return;
    case 'endEvent':
      actInst.endTime = ctx.now;
      actInst.completeScope = true;
      await record();
      await fireListeners(ctx, exec, node, 'end');
      await endExecution(ctx, exec, node);
      return;
    case 'errorEndEvent': {
      actInst.endTime = ctx.now;
      await record();
      // The nearest enclosing subprocess with a matching error boundary catches it; uncaught, it
      // behaves as a none end event, as Camunda 7 does.
      const caught = await throwError(ctx, model, exec, node.errorCode ?? '', null);
      if (!caught) {
        actInst.completeScope = true;
        await history.activityInstanceUpdated(ctx, actInst);
        await endExecution(ctx, exec, node);
      }
      return;
    }
    case 'terminateEndEvent':
      actInst.endTime = ctx.now;
      actInst.completeScope = true;
      await record();
      await terminateScope(ctx, model, exec, node);
      return;
    case 'subProcess':
    case 'eventSubProcess':
      throw processEngineError(`Subprocess '${node.id}' entered without its scope`);
    case 'exclusiveGateway': {
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
      return;
    }
    case 'parallelGateway':
      await record();
      await arriveAtParallelGateway(ctx, model, exec, node, actInst);
      return;
    case 'callActivity':
      await record();
      await arm();
      await callProcess(ctx, model, exec, node);
      return;
    case 'businessRuleTask':
      await record();
      await decide(ctx, exec, node);
      await leave(ctx, model, exec, node, { actInst });
      return;
    case 'inclusiveGateway':
      await record();
      await arriveAtInclusiveGateway(ctx, model, exec, node, actInst);
      return;
    case 'userTask':
      await fireListeners(ctx, exec, node, 'create', await createUserTask(ctx, exec, node, actInst, record));
      await arm();
      await ctx.saveExecution(exec);
      return;
    case 'externalTask':
      await record();
      await createExternalTask(ctx, exec, node, actInst);
      await arm();
      await ctx.saveExecution(exec);
      return;
    case 'timerCatchEvent':
      await record();
      await createTimerJob(ctx, exec, node, 'timer-intermediate');
      await arm();
      await ctx.saveExecution(exec);
      return;
    case 'messageCatchEvent':
    case 'receiveTask':
      // A wait state: a subscription lets POST /message find this execution.
      await record();
      if (node.messageName) await subscribe(ctx, exec, 'message', node.messageName, node.id);
      await arm();
      await ctx.saveExecution(exec);
      return;
  }
}

/**
 * A correlated message: the waiting execution's subscription goes (revision-checked, so two
 * correlations of one subscription cannot both win), the variables are set, the token moves on.
 */
export async function deliverMessage(
  ctx: CommandContext,
  subscription: EngineEventSubscription,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  const exec = await requireExecution(ctx, subscription.executionId);
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  const node = nodeOf(model, subscription.activityId);
  if (node.kind === 'eventSubStartEvent') {
    if (node.interrupting === false) await ctx.tx.update(EngineEventSubscription, subscription);
    else await ctx.tx.remove(EngineEventSubscription, subscription);
    await triggerEventSubProcess(ctx, model, exec, node, variables);
    return;
  }
  if (node.kind === 'messageBoundaryEvent') {
    // A non-interrupting boundary keeps listening (touched, so concurrent deliveries serialise).
    if (node.boundary!.cancelActivity) await ctx.tx.remove(EngineEventSubscription, subscription);
    else await ctx.tx.update(EngineEventSubscription, subscription);
    await fireBoundaryEvent(ctx, model, exec, node, variables);
    return;
  }
  await ctx.tx.remove(EngineEventSubscription, subscription);
  await ctx.setVariables(exec, variables, { activityInstanceId: exec.activityInstanceId });
  await triggerCatchEvent(ctx, model, exec, node);
}

/**
 * A catch event's event happened. When the token waits at an event-based gateway before it, the
 * gateway's other events are cancelled and the token passes through the catch event; otherwise
 * the token leaves the catch event it waits in.
 */
async function triggerCatchEvent(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
): Promise<void> {
  const at = exec.activityId ? model.nodes.get(exec.activityId) : undefined;
  if (at?.kind !== 'eventBasedGateway' || at.id === node.id) {
    await leave(ctx, model, exec, node);
    return;
  }
  const targets = at.outgoing.map((f) => flowOf(model, f).target);
  await ctx.tx.removeWhere(EngineJob, { executionId: exec.id, activityId: targets });
  await ctx.tx.removeWhere(EngineEventSubscription, { executionId: exec.id, activityId: targets });
  if (exec.activityInstanceId) {
    const inst = await history.activityInstance(ctx, exec.activityInstanceId);
    if (inst) await history.activityInstanceEnded(ctx, inst, { canceled: false, completeScope: false });
  }
  await enter(ctx, model, exec, node, { triggered: true });
}

export async function subscribe(
  ctx: CommandContext,
  exec: EngineExecution,
  eventType: 'message' | 'signal' | 'call-activity' | 'conditional' | 'compensate',
  eventName: string,
  activityId: string,
): Promise<void> {
  await ctx.tx.insert(EngineEventSubscription, {
    id: newId(),
    rev: 1,
    eventType,
    eventName,
    executionId: exec.id,
    processInstanceId: exec.processInstanceId,
    processDefinitionId: exec.processDefinitionId,
    activityId,
    created: ctx.now,
    tenantId: exec.tenantId,
  });
}

/**
 * A signal is thrown (a throw or end event, or `POST /signal`): every execution subscribed to it
 * at that moment receives it, in the same transaction — catch events move on, boundary events fire.
 * `executionId` limits the delivery to one execution (`POST /signal` with an execution).
 */
export async function broadcastSignal(
  ctx: CommandContext,
  name: string,
  variables: ReadonlyMap<string, StoredValue>,
  executionId?: string,
): Promise<number> {
  const subscriptions = await ctx.tx.find(
    EngineEventSubscription,
    { eventType: 'signal', eventName: name, ...(executionId ? { executionId } : {}) },
    { order: { created: 'ASC', id: 'ASC' } },
  );
  let delivered = 0;
  for (const sub of subscriptions) {
    // An earlier delivery may have cancelled this one's activity (or its whole instance).
    const current = await ctx.tx.get(EngineEventSubscription, sub.id);
    const exec = current ? await ctx.execution(current.executionId) : null;
    if (!current || !exec) continue;
    const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
    const node = nodeOf(model, current.activityId);
    if (node.kind === 'signalBoundaryEvent') {
      if (node.boundary!.cancelActivity) await ctx.tx.remove(EngineEventSubscription, current);
      else await ctx.tx.update(EngineEventSubscription, current);
      await fireBoundaryEvent(ctx, model, exec, node, variables);
    } else if (node.kind === 'eventSubStartEvent') {
      if (node.interrupting === false) await ctx.tx.update(EngineEventSubscription, current);
      else await ctx.tx.remove(EngineEventSubscription, current);
      await triggerEventSubProcess(ctx, model, exec, node, variables);
    } else {
      await ctx.tx.remove(EngineEventSubscription, current);
      await ctx.setVariables(exec, variables, { activityInstanceId: exec.activityInstanceId });
      await triggerCatchEvent(ctx, model, exec, node);
    }
    delivered += 1;
  }
  // Signal start events of the latest versions start an instance each (not for one execution).
  if (!executionId) {
    for (const start of await ctx.tx.find(EngineStartSubscription, {
      eventType: 'signal',
      eventName: name,
    })) {
      const def = await ctx.tx.get(EngineProcessDefinition, start.processDefinitionId);
      if (!def) continue;
      await startProcessInstance(ctx, def, null, variables, { startAt: start.activityId });
      delivered += 1;
    }
  }
  return delivered;
}

/**
 * An escalation thrown at `exec`: the nearest enclosing subprocess with a matching escalation
 * boundary event (its code, else one without a code) catches it. Interrupting: the subprocess is
 * cancelled and the token leaves through the boundary event. Non-interrupting: a new token does,
 * and the thrower goes on. Uncaught, nothing happens (an escalation is not an error).
 */
export async function throwEscalation(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  code: string | null,
): Promise<'interrupted' | 'continued' | 'none'> {
  let current = exec;
  for (;;) {
    const scope = await scopeOf(ctx, current);
    const starts = (await eventSubStartsOf(ctx, model, scope))
      .map((id) => nodeOf(model, id))
      .filter((st) => st.activityType === 'escalationStartEvent');
    const start =
      starts.find((st) => code !== null && st.escalationCode === code) ??
      starts.find((st) => st.escalationCode === null);
    if (start) {
      await triggerEventSubProcess(ctx, model, scope, start, escalationVariables(start, code));
      return start.interrupting === false ? 'continued' : 'interrupted';
    }
    if (scope.isProcessInstance && scope.superProcessInstanceId) {
      // Uncaught in a called instance: it goes on at the calling call activity, then outwards.
      const link = await ctx.tx.findOne(EngineEventSubscription, {
        eventType: 'call-activity',
        eventName: scope.id,
      });
      const caller = link ? await ctx.execution(link.executionId) : null;
      if (!link || !caller) return 'none';
      const callerModel = await ctx.models.get(ctx.tx, caller.processDefinitionId);
      const caught = await escalationBoundary(
        ctx,
        callerModel,
        caller,
        nodeOf(callerModel, link.activityId),
        code,
      );
      return caught ?? throwEscalation(ctx, callerModel, caller, code);
    }
    if (scope.isProcessInstance || !scope.parentId) return 'none';
    current = await requireExecution(ctx, scope.parentId);
    const activity = nodeOf(model, current.activityId!);
    current = await boundaryHost(ctx, current, activity);
    const caught = await escalationBoundary(ctx, model, current, activity, code);
    if (caught) return caught;
  }
}

/**
 * A throw event whose signal or escalation started a non-interrupting event subprocess of its own
 * scope, while it was that scope's only token, forked the scope (`forkFromActivity`): the throw
 * event now runs on a new concurrent child with its activity instance stored anew. Go on with those.
 */
async function afterOwnFork(
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

/** An escalation boundary event on `activity` (run by `host`) catching `code`, if there is one. */
export async function escalationBoundary(
  ctx: CommandContext,
  model: ProcessModel,
  host: EngineExecution,
  activity: FlowNode,
  code: string | null,
): Promise<'interrupted' | 'continued' | null> {
  const boundaries = (model.boundaryEvents.get(activity.id) ?? []).map((id) => nodeOf(model, id));
  const handler =
    boundaries.find(
      (b) => b.kind === 'escalationBoundaryEvent' && b.escalationCode === code && code !== null,
    ) ?? boundaries.find((b) => b.kind === 'escalationBoundaryEvent' && b.escalationCode === null);
  if (!handler) return null;
  if (handler.boundary!.cancelActivity) {
    await cancelActivity(ctx, host, 'deleted');
    await ctx.setVariables(host, escalationVariables(handler, code), { activityInstanceId: null });
    await enter(ctx, model, host, handler);
    return 'interrupted';
  }
  const { token } = await forkFromActivity(ctx, host);
  await ctx.setVariables(token, escalationVariables(handler, code), { activityInstanceId: null });
  await enter(ctx, model, token, handler);
  return 'continued';
}

/** `camunda:escalationCodeVariable` of the catching event: the caught code, set as it fires. */
function escalationVariables(catcher: FlowNode, code: string | null): Map<string, StoredValue> {
  const vars = new Map<string, StoredValue>();
  if (catcher.escalationCodeVariable)
    vars.set(
      catcher.escalationCodeVariable,
      code === null ? { type: 'Null', text: null } : { type: 'String', text: code },
    );
  return vars;
}

/** How an activity is left. */
interface LeaveOptions {
  /** The activity instance being ended, when the caller holds it (else read by the execution's id). */
  readonly actInst?: EngineHistoricActivityInstance;
  /** The asyncAfter job continues here: the activity already ended and fired its end listeners. */
  readonly asyncContinuation?: boolean;
}

/** Leaves an activity: ends its activity instance, then takes its outgoing flows. */
async function leave(
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

function noOutgoingFlow(node: FlowNode) {
  return processEngineError(
    `ENGINE-02004 No outgoing sequence flow for the element with id '${node.id}' could be selected for continuing the process.`,
  );
}

/** Expression failures become ProcessEngineExceptions with Camunda's message. */
function evaluate<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ExpressionError) throw processEngineError(err.message);
    throw err;
  }
}

/** Exclusive gateway: conditions in document order, first true wins, else the default flow. */
async function chooseExclusiveFlow(
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

export async function newConcurrentExecution(
  ctx: CommandContext,
  root: EngineExecution,
): Promise<EngineExecution> {
  const child: EngineExecution = {
    ...root,
    id: newId(),
    rev: 1,
    parentId: root.id,
    isProcessInstance: false,
    isConcurrent: true,
    isActive: true,
    activityId: null,
    activityInstanceId: null,
    startTime: ctx.now,
  };
  await ctx.insertExecution(child);
  return child;
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
async function join(
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

/** A token ends; its scope (the process instance, a subprocess) completes with its last token. */
async function endExecution(ctx: CommandContext, exec: EngineExecution, node: FlowNode): Promise<void> {
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

/**
 * A token ended elsewhere: a token waiting at an inclusive join may no longer have anything to
 * wait for. The first such waiting token re-arrives (its arrival decides, as any arrival does).
 */
async function retryInclusiveJoins(ctx: CommandContext, remaining: EngineExecution[]): Promise<void> {
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

/** A scope without tokens left: the process instance ends, or the subprocess is left. */
async function completeScope(ctx: CommandContext, scope: EngineExecution, node: FlowNode): Promise<void> {
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

/**
 * The execution that entered `node` when `exec` is the scope execution created for it (an
 * activity with input/output mappings); null otherwise.
 */
async function activityScopeParent(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
): Promise<EngineExecution | null> {
  if (!node.io || node.kind === 'subProcess' || exec.isProcessInstance || exec.isConcurrent || !exec.parentId)
    return null;
  const parent = await requireExecution(ctx, exec.parentId);
  return parent.activityId === node.id && parent.activityInstanceId === exec.activityInstanceId
    ? parent
    : null;
}

/** The scope execution a token belongs to: itself unless it is a concurrent child. */
async function scopeOf(ctx: CommandContext, exec: EngineExecution): Promise<EngineExecution> {
  return exec.isConcurrent ? requireExecution(ctx, exec.parentId!) : exec;
}

/**
 * A BPMN error thrown at `exec` (an error end event, a worker's bpmnError): the nearest enclosing
 * activity with a matching error boundary event catches it — a specific code before a catch-all —
 * and everything inside that activity is cancelled. False when nothing catches it.
 */
async function throwError(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  errorCode: string,
  errorMessage: string | null,
  atActivity?: FlowNode,
): Promise<boolean> {
  // Candidates from the inside out: the activity itself (bpmnError), then each enclosing subprocess.
  let current: EngineExecution = exec;
  let activity: FlowNode | undefined = atActivity;
  for (;;) {
    if (activity) {
      const host = await boundaryHost(
        ctx,
        (await activityScopeParent(ctx, current, activity)) ?? current,
        activity,
      );
      const boundaries = (model.boundaryEvents.get(activity.id) ?? []).map((id) => nodeOf(model, id));
      const handler =
        boundaries.find((b) => b.errorBoundary?.errorCode === errorCode) ??
        boundaries.find((b) => b.kind === 'errorBoundaryEvent' && b.errorBoundary?.errorCode === null);
      if (handler) {
        await cancelActivity(ctx, host, 'deleted');
        const errorVars = new Map<string, StoredValue>();
        if (handler.errorBoundary?.errorCodeVariable)
          errorVars.set(handler.errorBoundary.errorCodeVariable, { type: 'String', text: errorCode });
        if (handler.errorBoundary?.errorMessageVariable)
          errorVars.set(
            handler.errorBoundary.errorMessageVariable,
            errorMessage === null ? { type: 'Null', text: null } : { type: 'String', text: errorMessage },
          );
        await ctx.setVariables(host, errorVars, { activityInstanceId: null });
        await enter(ctx, model, host, handler);
        return true;
      }
      current = host;
    }
    const scope = await scopeOf(ctx, current);
    // An error event subprocess of this scope catches it before anything further out.
    const starts = (await eventSubStartsOf(ctx, model, scope)).map((id) => nodeOf(model, id));
    const errorStarts = starts.filter((st) => st.activityType === 'errorStartEvent');
    const start =
      errorStarts.find((st) => st.errorBoundary?.errorCode === errorCode) ??
      errorStarts.find((st) => st.errorBoundary?.errorCode === null);
    if (start) {
      const errorVars = new Map<string, StoredValue>();
      if (start.errorBoundary?.errorCodeVariable)
        errorVars.set(start.errorBoundary.errorCodeVariable, { type: 'String', text: errorCode });
      if (start.errorBoundary?.errorMessageVariable)
        errorVars.set(
          start.errorBoundary.errorMessageVariable,
          errorMessage === null ? { type: 'Null', text: null } : { type: 'String', text: errorMessage },
        );
      await triggerEventSubProcess(ctx, model, scope, start, errorVars);
      return true;
    }
    if (scope.isProcessInstance && scope.superProcessInstanceId) {
      // Uncaught in a called instance: the error goes on at the calling call activity.
      const link = await ctx.tx.findOne(EngineEventSubscription, {
        eventType: 'call-activity',
        eventName: scope.id,
      });
      const caller = link ? await ctx.execution(link.executionId) : null;
      if (!link || !caller) return false;
      const callerModel = await ctx.models.get(ctx.tx, caller.processDefinitionId);
      return throwError(
        ctx,
        callerModel,
        caller,
        errorCode,
        errorMessage,
        nodeOf(callerModel, link.activityId),
      );
    }
    if (scope.isProcessInstance || !scope.parentId) return false;
    current = await requireExecution(ctx, scope.parentId);
    activity = nodeOf(model, current.activityId!);
  }
}

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

async function endProcessInstance(
  ctx: CommandContext,
  root: EngineExecution,
  endActivityId: string,
): Promise<void> {
  const returnTo = root.superProcessInstanceId
    ? await ctx.tx.findOne(EngineEventSubscription, { eventType: 'call-activity', eventName: root.id })
    : null;
  const ownModel = await ctx.models.get(ctx.tx, root.processDefinitionId);
  for (const l of ownModel.processListeners ?? [])
    if (l.event === 'end') await runListener(ctx, root, l.expression);
  let outputs = new Map<string, StoredValue>();
  if (returnTo) outputs = await calledOutputs(ctx, root, returnTo.activityId, returnTo.processDefinitionId);
  await ctx.deleteExecution(root);
  await ctx.deleteRuntimeVariables(root.id);
  // Event subprocess triggers and any other wait left on the instance go with it.
  await ctx.tx.removeWhere(EngineJob, { processInstanceId: root.id });
  await ctx.tx.removeWhere(EngineEventSubscription, { processInstanceId: root.id });
  await history.processInstanceCompleted(ctx, root.id, endActivityId);
  if (returnTo) {
    // Back in the calling instance: camunda:out mappings, then its token moves on.
    await ctx.tx.remove(EngineEventSubscription, returnTo);
    const caller = await requireExecution(ctx, returnTo.executionId);
    const model = await ctx.models.get(ctx.tx, caller.processDefinitionId);
    await ctx.setVariables(caller, outputs, { activityInstanceId: caller.activityInstanceId });
    await leave(ctx, model, caller, nodeOf(model, returnTo.activityId));
  }
}

/** A call activity's `camunda:out` values, read from the called instance before it goes. */
async function calledOutputs(
  ctx: CommandContext,
  child: EngineExecution,
  callActivityId: string,
  callerDefinitionId: string,
): Promise<Map<string, StoredValue>> {
  const model = await ctx.models.get(ctx.tx, callerDefinitionId);
  const call = nodeOf(model, callActivityId).callActivity!;
  return mapVariables(ctx, child, call.outs);
}

/** `camunda:in`/`camunda:out`: all variables, or each source / source expression to its target. */
async function mapVariables(
  ctx: CommandContext,
  from: EngineExecution,
  mappings: readonly CallMapping[],
): Promise<Map<string, StoredValue>> {
  const out = new Map<string, StoredValue>();
  const visible = await ctx.visibleVariables(from);
  const resolve = await ctx.resolver(from);
  for (const m of mappings) {
    if (m.all) {
      for (const [name, v] of visible)
        out.set(name, { type: v.type as StoredValue['type'], text: v.textValue });
    } else if (m.source && m.target) {
      const v = visible.get(m.source);
      if (v) out.set(m.target, { type: v.type as StoredValue['type'], text: v.textValue });
    } else if (m.sourceExpression && m.target) {
      out.set(
        m.target,
        evaluate(() => evaluateTyped(m.sourceExpression!, resolve)),
      );
    }
  }
  return out;
}

/**
 * Call activity: starts the called process (binding latest, deployment, version or versionTag)
 * with the `camunda:in` variables and business key; the caller waits until it ends.
 */
async function callProcess(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
): Promise<void> {
  const call = node.callActivity!;
  const resolve = await ctx.resolver(exec);
  const key = String(evalText(call.calledElement, resolve));
  let def: EngineProcessDefinition | null;
  const latest = { order: { version: 'DESC' as const } };
  // Camunda looks the called process up in the caller's own tenant: a sandbox tenant's version of a
  // called key never serves a tenant-less caller, nor the other way round.
  const tenant = { tenantId: exec.tenantId ?? null };
  switch (call.binding) {
    case 'deployment': {
      const own = await ctx.tx.get(EngineProcessDefinition, exec.processDefinitionId);
      def = await ctx.tx.findOne(EngineProcessDefinition, { key, deploymentId: own?.deploymentId }, latest);
      break;
    }
    case 'version':
      def = await ctx.tx.findOne(EngineProcessDefinition, {
        key,
        version: Number(evalText(call.version, resolve)),
        ...tenant,
      });
      break;
    case 'versionTag':
      def = await ctx.tx.findOne(
        EngineProcessDefinition,
        { key, versionTag: call.versionTag, ...tenant },
        latest,
      );
      break;
    default:
      def = await ctx.tx.findOne(EngineProcessDefinition, { key, ...tenant }, latest);
  }
  if (!def)
    throw processEngineError(
      `Call activity '${node.id}': no process definition with key '${key}' (binding ${call.binding})`,
    );
  const variables = await mapVariables(ctx, exec, call.ins);
  const keyMapping = call.ins.find((m) => m.businessKey !== null);
  const businessKey = keyMapping ? evalText(keyMapping.businessKey, resolve) : null;
  await ctx.saveExecution(exec);
  await startProcessInstance(ctx, def, businessKey === null ? null : String(businessKey), variables, {
    superExecution: exec,
  });
}

/**
 * Cancels the instances called from `exec` (its call activity is cancelled or its instance
 * deleted): they end INTERNALLY_TERMINATED, their own called instances with them.
 */
export async function cancelCalledInstances(
  ctx: CommandContext,
  where: { executionId: string } | { processInstanceId: string },
  reason: string,
  /** A deletion of the calling instance ends its called instances EXTERNALLY_TERMINATED (Operaton). */
  state: 'INTERNALLY_TERMINATED' | 'EXTERNALLY_TERMINATED' = 'INTERNALLY_TERMINATED',
): Promise<void> {
  for (const link of await ctx.tx.find(EngineEventSubscription, { eventType: 'call-activity', ...where })) {
    await ctx.tx.remove(EngineEventSubscription, link);
    const child = await ctx.execution(link.eventName);
    if (!child) continue;
    await cancelCalledInstances(ctx, { processInstanceId: child.id }, reason, state);
    for (const e of await ctx.findExecutions({ processInstanceId: child.id }))
      if (e.id !== child.id && (await ctx.execution(e.id))) await destroyExecution(ctx, e, reason);
    await cancelActivity(ctx, child, reason);
    await ctx.deleteExecution(child);
    await ctx.deleteRuntimeVariables(child.id);
    await ctx.tx.removeWhere(EngineJob, { processInstanceId: child.id });
    await ctx.tx.removeWhere(EngineEventSubscription, { processInstanceId: child.id });
    await history.openActivityInstancesCanceled(ctx, child.id);
    await history.processInstanceTerminated(ctx, child.id, { state, reason });
  }
}

// ---------------------------------------------------------------------------------------------
// Wait states

function evalText(
  text: string | null,
  resolve: Parameters<ReturnType<typeof compileExpression>['evaluate']>[0],
): unknown {
  if (text === null) return null;
  if (!isExpression(text)) return text;
  return evaluate(() => compileExpression(text).evaluate(resolve));
}

/** `a, b` or `${list}` → names. */
function nameList(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return items.map((s) => s.trim()).filter(Boolean);
}

/** A due/follow-up date: a Date variable, a date string, or an ISO period from now (`P10D`), as Camunda. */
function dateOf(value: unknown, what: string, now: Date): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value;
  const d = parseCamundaDate(String(value)) ?? addIsoDuration(now, String(value));
  if (!d) {
    throw processEngineError(
      `${what} '${String(value)}' is neither a date (yyyy-MM-dd'T'HH:mm:ss) nor an ISO period (P10D)`,
    );
  }
  return d;
}

async function createUserTask(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
  actInst: EngineHistoricActivityInstance,
  record: () => Promise<void>,
): Promise<EngineTask> {
  const def = node.userTask!;
  const resolve = await ctx.resolver(exec);
  const assigneeValue = evalText(def.assignee, resolve);
  const assignee = assigneeValue === null || assigneeValue === '' ? null : String(assigneeValue);
  const priorityValue = evalText(def.priority, resolve);
  const priority = priorityValue === null ? 50 : Number(priorityValue);
  if (!Number.isInteger(priority))
    throw processEngineError(`Priority of task '${node.id}' is not an integer: ${String(priorityValue)}`);
  const formRefVersion = def.formRefVersion === null ? null : Number(evalText(def.formRefVersion, resolve));
  const root = await requireExecution(ctx, exec.processInstanceId);
  // Camunda evaluates task names too (`Review ${loopCounter}`).
  const name =
    node.name !== null && isExpression(node.name) ? String(evalText(node.name, resolve)) : node.name;
  const task: EngineTask = {
    id: newId(),
    rev: 1,
    name,
    description: def.documentation,
    executionId: exec.id,
    processInstanceId: exec.processInstanceId,
    processDefinitionId: exec.processDefinitionId,
    processDefinitionKey: exec.processDefinitionKey,
    businessKey: root.businessKey,
    taskDefinitionKey: node.id,
    activityInstanceId: actInst.id,
    assignee,
    owner: null,
    priority,
    created: ctx.now,
    lastUpdated: null,
    dueDate: dateOf(evalText(def.dueDate, resolve), 'Due date', ctx.now),
    followUpDate: dateOf(evalText(def.followUpDate, resolve), 'Follow-up date', ctx.now),
    formKey: def.formKey,
    formRefKey: def.formRef === null ? null : String(evalText(def.formRef, resolve)),
    formRefBinding: def.formRef === null ? null : (def.formRefBinding ?? 'latest'),
    formRefVersion: formRefVersion !== null && Number.isInteger(formRefVersion) ? formRefVersion : null,
    suspended: false,
    tenantId: exec.tenantId,
  };
  await ctx.tx.insert(EngineTask, task);
  const links: EngineIdentityLink[] = [
    ...nameList(evalText(def.candidateGroups, resolve)).map((groupId) => ({
      id: newId(),
      taskId: task.id,
      type: 'candidate',
      userId: null,
      groupId,
    })),
    ...nameList(evalText(def.candidateUsers, resolve)).map((userId) => ({
      id: newId(),
      taskId: task.id,
      type: 'candidate',
      userId,
      groupId: null,
    })),
  ];
  await ctx.tx.insertMany(EngineIdentityLink, links);
  await history.taskCreated(ctx, task, exec, actInst);
  actInst.taskId = task.id;
  actInst.assignee = assignee;
  await record();
  return task;
}

async function createExternalTask(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
  actInst: EngineHistoricActivityInstance,
): Promise<void> {
  const def = node.externalTask!;
  const resolve = await ctx.resolver(exec);
  const priorityValue = evalText(def.priority, resolve);
  const priority = priorityValue === null ? 0 : Number(priorityValue);
  if (!Number.isInteger(priority))
    throw processEngineError(
      `Priority of external task '${node.id}' is not an integer: ${String(priorityValue)}`,
    );
  const root = await requireExecution(ctx, exec.processInstanceId);
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  await ctx.tx.insert(EngineExternalTask, {
    id: newId(),
    rev: 1,
    topicName: def.topic,
    workerId: null,
    lockExpirationTime: null,
    retries: null,
    errorMessage: null,
    errorDetails: null,
    executionId: exec.id,
    processInstanceId: exec.processInstanceId,
    processDefinitionId: exec.processDefinitionId,
    processDefinitionKey: exec.processDefinitionKey,
    processDefinitionVersionTag: model.versionTag,
    activityId: node.id,
    activityInstanceId: actInst.id,
    priority,
    businessKey: root.businessKey,
    tenantId: exec.tenantId,
    createTime: ctx.now,
    suspended: false,
  });
  ctx.createdTopics.add(def.topic);
}

// ---------------------------------------------------------------------------------------------
// Boundary events, timers and jobs

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
    else if (b.kind === 'signalBoundaryEvent') await subscribe(ctx, exec, 'signal', b.signalName!, b.id);
    else if (b.kind === 'conditionalBoundaryEvent') await subscribe(ctx, exec, 'conditional', b.id, b.id);
    else if (b.kind === 'messageBoundaryEvent') await subscribe(ctx, exec, 'message', b.messageName!, b.id);
  }
}

/**
 * An activity is left or cancelled: the timers and message subscriptions of its boundary events
 * (all on its execution) go in the same transaction.
 */
async function clearWaits(
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
const isEventSubTrigger = (model: ProcessModel, activityId: string) =>
  model.nodes.get(activityId)?.kind === 'eventSubStartEvent';

/**
 * An event subprocess is triggered in `scope` (by a message, signal, timer, error or escalation).
 * Interrupting: everything else in the scope is cancelled — its tokens and the other triggers —
 * and the scope execution runs the event subprocess. Non-interrupting: a new concurrent token
 * runs it while the scope goes on (a message or signal keeps listening, a timer cycle re-arms).
 */
async function triggerEventSubProcess(
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
async function eventSubStartsOf(ctx: CommandContext, model: ProcessModel, scope: EngineExecution) {
  if (scope.isProcessInstance || !scope.parentId) return model.eventSubStarts.get('') ?? [];
  const entered = await requireExecution(ctx, scope.parentId);
  return entered.activityId ? (model.eventSubStarts.get(entered.activityId) ?? []) : [];
}

/** Evaluates a timer event's definition now and schedules its job. */
export async function createTimerJob(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
  handlerType: 'timer-intermediate' | 'timer-boundary' | 'timer-event-sub',
): Promise<void> {
  const timer = node.timer!;
  const resolve = await ctx.resolver(exec);
  const value = evalText(timer.expression, resolve);
  let when;
  try {
    when = schedule(timer.kind, value, ctx.now);
  } catch (err) {
    throw processEngineError(`Timer '${node.id}': ${(err as Error).message}`);
  }
  // Only start events and non-interrupting boundary timers repeat; a catch event fires once.
  const repeats =
    (handlerType === 'timer-boundary' && node.boundary?.cancelActivity === false) ||
    (handlerType === 'timer-event-sub' && node.interrupting === false);
  await createJob(ctx, exec, node, handlerType, {
    dueDate: when.dueDate,
    repeat: repeats ? when.repeat : null,
  });
}

async function createJob(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
  handlerType: string,
  when: { dueDate: Date; repeat: string | null },
): Promise<void> {
  const job = newJob(ctx, exec.processDefinitionId, exec.processDefinitionKey, node, handlerType, when);
  job.executionId = exec.id;
  job.processInstanceId = exec.processInstanceId;
  job.tenantId = exec.tenantId;
  await ctx.tx.insert(EngineJob, job);
  ctx.createdJobs = true;
}

export function newJob(
  ctx: CommandContext,
  processDefinitionId: string,
  processDefinitionKey: string,
  node: FlowNode,
  handlerType: string,
  when: { dueDate: Date; repeat: string | null },
): EngineJob {
  return {
    id: newId(),
    rev: 1,
    type: handlerType.startsWith('timer') ? 'timer' : 'message',
    handlerType,
    activityId: node.id,
    executionId: null,
    processInstanceId: null,
    processDefinitionId,
    processDefinitionKey,
    dueDate: when.dueDate,
    repeatCycle: when.repeat,
    retries: 3,
    retryTimeCycle: node.failedJobRetryTimeCycle ?? null,
    exceptionMessage: null,
    exceptionStacktrace: null,
    lockOwner: null,
    lockExpirationTime: null,
    suspended: false,
    priority: 0,
    createTime: ctx.now,
    tenantId: null,
  };
}

/** Schedules the timer start events of a newly deployed definition. */
export async function scheduleTimerStarts(
  ctx: CommandContext,
  def: EngineProcessDefinition,
  model: ProcessModel,
): Promise<void> {
  for (const id of model.timerStartIds) {
    const node = nodeOf(model, id);
    const value = evalText(node.timer!.expression, () => ({ found: false }));
    const when = schedule(node.timer!.kind, value, ctx.now);
    const job = newJob(ctx, def.id, def.key, node, 'timer-start', when);
    job.tenantId = def.tenantId;
    await ctx.tx.insert(EngineJob, job);
    ctx.createdJobs = true;
  }
}

/**
 * Runs a job inside the command that acquired it: the job row goes first (revision-checked, so a
 * concurrent completion of the same activity makes one of the two roll back), then its behaviour.
 */
export async function executeJobBehaviour(ctx: CommandContext, job: EngineJob): Promise<void> {
  await ctx.tx.remove(EngineJob, job);
  const model = await ctx.models.get(ctx.tx, job.processDefinitionId);
  const node = nodeOf(model, job.activityId);
  if (job.handlerType === 'timer-start') {
    const next = nextFiring(job.repeatCycle, job.dueDate ?? ctx.now, ctx.now);
    if (next) {
      const again = newJob(ctx, job.processDefinitionId, job.processDefinitionKey, node, 'timer-start', next);
      again.tenantId = job.tenantId;
      await ctx.tx.insert(EngineJob, again);
      ctx.createdJobs = true;
    }
    const def = await ctx.tx.get(EngineProcessDefinition, job.processDefinitionId);
    if (!def) throw processEngineError(`Process definition ${job.processDefinitionId} does not exist`);
    await startProcessInstance(ctx, def, null, new Map(), { startAt: node.id });
    return;
  }
  const exec = await requireExecution(ctx, job.executionId!);
  switch (job.handlerType) {
    case 'timer-intermediate':
      await triggerCatchEvent(ctx, model, exec, node);
      return;
    case 'timer-boundary':
      await fireBoundaryEvent(ctx, model, exec, node, new Map(), job);
      return;
    case 'timer-event-sub':
      await triggerEventSubProcess(ctx, model, exec, node, new Map(), job);
      return;
    case 'async-before':
      await enter(ctx, model, exec, node, { asyncContinuation: true });
      return;
    case 'async-after':
      if (node.kind === 'exclusiveGateway') {
        await takeFlows(ctx, model, exec, [await chooseExclusiveFlow(ctx, model, exec, node)]);
        return;
      }
      await leave(ctx, model, exec, node, { asyncContinuation: true });
      return;
    default:
      throw processEngineError(`Unknown job handler '${job.handlerType}'`);
  }
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
  boundary: FlowNode,
  variables: ReadonlyMap<string, StoredValue>,
  job?: EngineJob,
): Promise<void> {
  if (boundary.boundary!.cancelActivity) {
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

/**
 * Cancels what an execution is doing: its user and external tasks, subscriptions and jobs go,
 * its activity instance ends `canceled`.
 */
export async function cancelActivity(
  ctx: CommandContext,
  exec: EngineExecution,
  reason: string,
): Promise<void> {
  // Everything inside first: scope executions of subprocesses and their tokens.
  for (const child of await ctx.findExecutions({ parentId: exec.id }))
    await destroyExecution(ctx, child, reason);
  for (const task of await ctx.tx.find(EngineTask, { executionId: exec.id })) {
    await ctx.removeTask(task);
    await history.taskEnded(ctx, task, { reason, recordAssignee: false });
  }
  for (const ext of await ctx.tx.find(EngineExternalTask, { executionId: exec.id }))
    await removeExternalTask(ctx, ext);
  await cancelCalledInstances(ctx, { executionId: exec.id }, reason);
  // The activity's waits go; the event subprocess triggers of a scope execution stay with it.
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  for (const job of await ctx.tx.find(EngineJob, { executionId: exec.id }))
    if (!isEventSubTrigger(model, job.activityId)) await ctx.tx.remove(EngineJob, job);
  for (const sub of await ctx.tx.find(EngineEventSubscription, { executionId: exec.id }))
    if (!isEventSubTrigger(model, sub.activityId) && sub.eventType !== 'compensate')
      await ctx.tx.remove(EngineEventSubscription, sub);
  if (exec.activityInstanceId) {
    const inst = await history.activityInstance(ctx, exec.activityInstanceId);
    if (inst) await history.activityInstanceEnded(ctx, inst, { canceled: true, completeScope: false });
  }
}

/** Cancels an execution and everything below it, and removes it with its waits and variables. */
export async function destroyExecution(
  ctx: CommandContext,
  exec: EngineExecution,
  reason: string,
): Promise<void> {
  await cancelActivity(ctx, exec, reason);
  await ctx.tx.removeWhere(EngineJob, { executionId: exec.id });
  await ctx.tx.removeWhere(EngineEventSubscription, { executionId: exec.id });
  await ctx.deleteScopeVariables(exec);
  await ctx.deleteExecution(exec);
}

/**
 * Makes room for a second token beside a running activity. When the process instance itself runs
 * the activity, it becomes the scope: a new concurrent child takes the activity over (its tasks,
 * external tasks, subscriptions, jobs and incidents move along), as Camunda 7 restructures its
 * execution tree. Returns the execution now running the activity and the new concurrent token.
 */
export async function forkFromActivity(
  ctx: CommandContext,
  host: EngineExecution,
): Promise<{ host: EngineExecution; token: EngineExecution }> {
  const root = await scopeOf(ctx, host);
  if (host.isConcurrent) {
    await ctx.saveExecution(root); // serialises with joins and ends, see the header comment
    return { host, token: await newConcurrentExecution(ctx, root) };
  }
  const child = await newConcurrentExecution(ctx, root);
  child.activityId = root.activityId;
  child.activityInstanceId = root.activityInstanceId;
  child.isActive = root.isActive; // a root waiting (at a subprocess, a compensation throw) hands that on
  await ctx.saveExecution(child);
  for (const task of await ctx.tx.find(EngineTask, { executionId: root.id })) {
    task.executionId = child.id;
    await ctx.tx.update(EngineTask, task);
  }
  for (const ext of await ctx.tx.find(EngineExternalTask, { executionId: root.id })) {
    ext.executionId = child.id;
    await ctx.tx.update(EngineExternalTask, ext);
  }
  const model = await ctx.models.get(ctx.tx, root.processDefinitionId);
  for (const sub of await ctx.tx.find(EngineEventSubscription, { executionId: root.id })) {
    if (isEventSubTrigger(model, sub.activityId) || sub.eventType === 'compensate') continue; // the scope's, it stays
    sub.executionId = child.id;
    await ctx.tx.update(EngineEventSubscription, sub);
  }
  for (const job of await ctx.tx.find(EngineJob, { executionId: root.id })) {
    if (isEventSubTrigger(model, job.activityId)) continue;
    job.executionId = child.id;
    await ctx.tx.update(EngineJob, job);
  }
  for (const inc of await ctx.tx.find(EngineIncident, { executionId: root.id })) {
    inc.executionId = child.id;
    await ctx.tx.update(EngineIncident, inc);
  }
  // A subprocess (or activity) scope under the moved activity moves along.
  for (const sub of await ctx.findExecutions({ parentId: root.id, isConcurrent: false })) {
    sub.parentId = child.id;
    await ctx.saveExecution(sub);
  }
  if (child.activityInstanceId) {
    const inst = await history.activityInstance(ctx, child.activityInstanceId);
    if (inst) {
      inst.executionId = child.id;
      await history.activityInstanceUpdated(ctx, inst);
    }
  }
  root.isActive = false;
  root.activityId = null;
  root.activityInstanceId = null;
  await ctx.saveExecution(root);
  return { host: child, token: await newConcurrentExecution(ctx, root) };
}

// ---------------------------------------------------------------------------------------------
// Multi-instance

/*
 * The entering execution waits at the activity (it carries the boundary events and the
 * `multiInstanceBody` activity instance); a body execution below it keeps nrOfInstances,
 * nrOfActiveInstances and nrOfCompletedInstances as local variables; each instance is a scope
 * execution below the body with its own loopCounter and element variable, running the activity.
 */

async function startMultiInstance(
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
  const mi = node.multiInstance!;
  const resolve = await ctx.resolver(exec);
  let items: unknown[] | null = null;
  let count: number;
  if (mi.collection) {
    const value = isExpression(mi.collection)
      ? evaluate(() => compileExpression(mi.collection!).evaluate(resolve))
      : (() => {
          const r = resolve(mi.collection!);
          if (!r.found)
            throw processEngineError(
              `Unknown property used in expression: \${${mi.collection}}. Cause: Cannot resolve identifier '${mi.collection}'`,
            );
          return r.value;
        })();
    if (!Array.isArray(value))
      throw processEngineError(
        `Multi-instance '${node.id}': camunda:collection '${mi.collection}' is not a list`,
      );
    items = value;
    count = value.length;
  } else {
    const value = Number(evalText(mi.cardinality, resolve));
    if (!Number.isInteger(value) || value < 0)
      throw processEngineError(`Multi-instance '${node.id}': loopCardinality must be a non-negative integer`);
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

/** A scope execution below `parent`; `active`: it runs something now (not a waiting multi-instance body). */
export async function newChildScope(
  ctx: CommandContext,
  parent: EngineExecution,
  { active }: { readonly active: boolean },
) {
  const child: EngineExecution = {
    ...parent,
    id: newId(),
    rev: 1,
    parentId: parent.id,
    isProcessInstance: false,
    isConcurrent: false,
    isActive: active,
    startTime: ctx.now,
  };
  await ctx.insertExecution(child);
  return child;
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
  if (items && node.multiInstance!.elementVariable)
    locals.set(node.multiInstance!.elementVariable, fromJs(items[index]));
  await ctx.setLocalVariables(instance, locals, { activityInstanceId: body.activityInstanceId });
  return instance;
}

/**
 * The execution that carries `activity`'s boundary events, seen from `exec` running it: for an
 * instance of a multi-instance activity, the execution above the body (cancelling it takes every
 * instance with it); otherwise `exec` itself.
 */
async function boundaryHost(
  ctx: CommandContext,
  exec: EngineExecution,
  activity: FlowNode,
): Promise<EngineExecution> {
  const body = activity.multiInstance ? await multiInstanceBodyOf(ctx, exec, activity) : null;
  return body?.parentId ? requireExecution(ctx, body.parentId) : exec;
}

/** The body execution when `exec` is an instance of the multi-instance activity `node`. */
async function multiInstanceBodyOf(
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
async function completeMultiInstanceInstance(
  ctx: CommandContext,
  model: ProcessModel,
  instance: EngineExecution,
  node: FlowNode,
  body: EngineExecution,
  actInst?: EngineHistoricActivityInstance,
): Promise<void> {
  const mi = node.multiInstance!;
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

/**
 * Business rule task: evaluates the referenced decision over the variables the execution sees and
 * sets `camunda:resultVariable` to the result, mapped as `camunda:mapDecisionResult` says.
 */
async function decide(ctx: CommandContext, exec: EngineExecution, node: FlowNode): Promise<void> {
  const d = node.decision!;
  const resolve = await ctx.resolver(exec);
  const own = await ctx.tx.get(EngineProcessDefinition, exec.processDefinitionId);
  const def = await findDecisionDefinition(ctx.tx, {
    key: String(evalText(d.ref, resolve)),
    binding: d.binding,
    version: d.version === null ? undefined : Number(evalText(d.version, resolve)),
    versionTag: d.versionTag,
    deploymentId: own?.deploymentId,
    tenantId: own?.tenantId ?? null,
  });
  const variables: Record<string, unknown> = {};
  for (const [name, v] of await ctx.visibleVariables(exec))
    variables[name] = toJs({ type: v.type as StoredValue['type'], text: v.textValue });
  const result = await evaluateDeployed(ctx.tx, def, variables, {
    now: ctx.now,
    processDefinitionId: exec.processDefinitionId,
    processDefinitionKey: exec.processDefinitionKey,
    processInstanceId: exec.processInstanceId,
    activityId: node.id,
    activityInstanceId: exec.activityInstanceId,
  });
  if (d.resultVariable) {
    const value = mapDecisionResult(result, d.mapDecisionResult, def.key);
    await ctx.setVariables(exec, new Map([[d.resultVariable, value]]), {
      activityInstanceId: exec.activityInstanceId,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Conditional events

/** A conditional event's condition; a variable it names that does not exist yet counts as false. */
async function conditionHolds(ctx: CommandContext, exec: EngineExecution, node: FlowNode): Promise<boolean> {
  const resolve = await ctx.resolver(exec);
  try {
    return evaluateCondition(node.conditional!.condition, resolve);
  } catch (err) {
    if (err instanceof ExpressionError && /Cannot resolve identifier/.test(err.message)) return false;
    if (err instanceof ExpressionError) throw processEngineError(err.message);
    throw err;
  }
}

/**
 * After a command that changed variables: the conditional events waiting in those instances
 * (catch, boundary, event subprocess start) whose `camunda:variableName`/`variableEvents` match
 * the change and whose condition now holds fire — once per command, in subscription order.
 */
export async function evaluateConditionalEvents(ctx: CommandContext): Promise<void> {
  if (ctx.variableEvents.size === 0) return;
  const changed = new Map(ctx.variableEvents);
  ctx.variableEvents.clear();
  for (const [processInstanceId, events] of changed) {
    const subs = await ctx.tx.find(
      EngineEventSubscription,
      { processInstanceId, eventType: 'conditional' },
      { order: { created: 'ASC', id: 'ASC' } },
    );
    for (const sub of subs) {
      const current = await ctx.tx.get(EngineEventSubscription, sub.id);
      const exec = current ? await ctx.execution(current.executionId) : null;
      if (!current || !exec) continue;
      const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
      const node = nodeOf(model, current.activityId);
      const c = node.conditional!;
      const relevant = c.variableName ? [events.get(c.variableName)] : [...events.values()];
      const happened = relevant.filter((e): e is Set<string> => !!e);
      if (happened.length === 0) continue;
      if (c.variableEvents.length && !happened.some((e) => c.variableEvents.some((v) => e.has(v)))) continue;
      if (!(await conditionHolds(ctx, exec, node))) continue;
      if (node.kind === 'conditionalCatchEvent') {
        await ctx.tx.remove(EngineEventSubscription, current);
        await triggerCatchEvent(ctx, model, exec, node);
      } else if (node.kind === 'conditionalBoundaryEvent') {
        if (node.boundary!.cancelActivity) await ctx.tx.remove(EngineEventSubscription, current);
        else await ctx.tx.update(EngineEventSubscription, current);
        await fireBoundaryEvent(ctx, model, exec, node, new Map());
      } else {
        if (node.interrupting === false) await ctx.tx.update(EngineEventSubscription, current);
        else await ctx.tx.remove(EngineEventSubscription, current);
        await triggerEventSubProcess(ctx, model, exec, node, new Map());
      }
    }
  }
  // Whatever those paths set is not re-evaluated in this command (no loops).
  ctx.variableEvents.clear();
}

// ---------------------------------------------------------------------------------------------
// Compensation

/**
 * An activity with a compensation boundary event completed: its scope remembers it (a
 * `compensate` subscription naming the handler), so a later compensation throw can undo it.
 */
async function rememberForCompensation(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
): Promise<void> {
  for (const id of model.boundaryEvents.get(node.id) ?? []) {
    const b = nodeOf(model, id);
    if (b.kind !== 'compensationBoundaryEvent' || !b.compensation?.handler) continue;
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
async function compensate(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  node: FlowNode,
): Promise<void> {
  const scope = await scopeOf(ctx, exec);
  const subs = (
    await ctx.tx.find(
      EngineEventSubscription,
      { executionId: scope.id, eventType: 'compensate' },
      { order: { created: 'DESC', id: 'DESC' } },
    )
  ).filter((s) => !node.compensation?.activityRef || s.activityId === node.compensation.activityRef);
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
async function resumeAfterCompensation(ctx: CommandContext, scope: EngineExecution): Promise<void> {
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

/**
 * `POST /execution/{id}/signal` (Camunda's trigger): an execution waiting in a receive task —
 * with or without a message — or a message catch event moves on, with the variables set first.
 * False when the execution waits in nothing that can be signalled.
 */
export async function signalExecution(
  ctx: CommandContext,
  executionId: string,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<boolean> {
  const exec = await ctx.execution(executionId);
  if (!exec?.activityId) return false;
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  const node = nodeOf(model, exec.activityId);
  if (node.kind !== 'receiveTask' && node.kind !== 'messageCatchEvent') return false;
  await ctx.tx.removeWhere(EngineEventSubscription, {
    executionId: exec.id,
    activityId: node.id,
    eventType: 'message',
  });
  await ctx.setVariables(exec, variables, { activityInstanceId: exec.activityInstanceId });
  await leave(ctx, model, exec, node);
  return true;
}
