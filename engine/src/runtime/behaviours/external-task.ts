import { EngineExecution, EngineExternalTask, EngineHistoricActivityInstance } from '@motcua/db/engine';
import { evaluateCondition } from '../../expressions/index.js';
import { nodeOf, type ExternalTaskNode, type FlowNode, type ProcessModel } from '../../bpmn/model.js';
import type { StoredValue } from '../../variables/typed-value.js';
import type { CommandContext } from '../command-context.js';
import { ProcessEngineError } from '../errors.js';
import * as history from '../history.js';
import { newId } from '../ids.js';
import { clearWaits } from './boundary-events.js';
import type { ElementBehaviour } from './element-behaviour.js';
import { throwError } from './errors-and-escalations.js';
import { activityScopeParent, removeExternalTask, requireExecution } from '../execution-tree.js';
import { evalText, evaluate } from '../runtime-expressions.js';
import { endExecution, leave } from '../token-flow.js';

/**
 * External tasks (service, send and business-rule tasks and message events with
 * `camunda:type="external"`): a row for workers to fetch; completing it or reporting a BPMN error
 * moves the token on.
 */

export const externalTaskBehaviour: ElementBehaviour<ExternalTaskNode> = {
  async execute({ ctx, exec, node, actInst, record, armBoundaryEvents }) {
    await record();
    await createExternalTask(ctx, exec, node, actInst);
    await armBoundaryEvents();
    await ctx.saveExecution(exec);
  },
};

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

async function createExternalTask(
  ctx: CommandContext,
  exec: EngineExecution,
  node: ExternalTaskNode,
  actInst: EngineHistoricActivityInstance,
): Promise<void> {
  const def = node.externalTask;
  const resolve = await ctx.resolver(exec);
  const priorityValue = evalText(def.priority, resolve);
  const priority = priorityValue === null ? 0 : Number(priorityValue);
  if (!Number.isInteger(priority))
    throw new ProcessEngineError(
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
