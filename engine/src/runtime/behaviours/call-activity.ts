import {
  EngineEventSubscription,
  EngineExecution,
  EngineJob,
  EngineProcessDefinition,
} from '@motcua/db/engine';
import { nodeOfKind, type CallActivityNode, type CallMapping, type ProcessModel } from '../../bpmn/model.js';
import { evaluateTyped } from '../io-mapping.js';
import type { StoredValue } from '../../variables/typed-value.js';
import type { CommandContext } from '../command-context.js';
import { ProcessEngineError } from '../errors.js';
import * as history from '../history.js';
import type { ElementBehaviour } from './element-behaviour.js';
import { cancelActivity, destroyExecution } from '../execution-tree.js';
import { startProcessInstance } from '../process-instances.js';
import { evalText, evaluate } from '../runtime-expressions.js';

/**
 * Call activity: starts the called process with the `camunda:in` variables and waits; the called
 * instance's end (`endProcessInstance`) maps `camunda:out` back and moves the caller on.
 */

export const callActivityBehaviour: ElementBehaviour<CallActivityNode> = {
  async execute({ ctx, model, exec, node, record, armBoundaryEvents }) {
    await record();
    await armBoundaryEvents();
    await callProcess(ctx, model, exec, node);
  },
};

/** A call activity's `camunda:out` values, read from the called instance before it goes. */
export async function calledOutputs(
  ctx: CommandContext,
  child: EngineExecution,
  callActivityId: string,
  callerDefinitionId: string,
): Promise<Map<string, StoredValue>> {
  const model = await ctx.models.get(ctx.tx, callerDefinitionId);
  const call = nodeOfKind(model, callActivityId, 'callActivity').callActivity;
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
  node: CallActivityNode,
): Promise<void> {
  const call = node.callActivity;
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
    throw new ProcessEngineError(
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
