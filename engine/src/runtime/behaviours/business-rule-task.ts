import { EngineExecution, EngineProcessDefinition } from '@motcua/db/engine';
import type { BusinessRuleTaskNode } from '../../bpmn/model.js';
import { toJs, type StoredValue } from '../../variables/typed-value.js';
import { evaluateDeployed, findDecisionDefinition, mapDecisionResult } from '../../dmn/decisions.js';
import type { CommandContext } from '../command-context.js';
import type { ElementBehaviour } from './element-behaviour.js';
import { evalText } from '../runtime-expressions.js';
import { leave } from '../token-flow.js';

/** Business rule task with `camunda:decisionRef`: evaluates the decision, sets the result variable, goes on. */

export const businessRuleTaskBehaviour: ElementBehaviour<BusinessRuleTaskNode> = {
  async execute({ ctx, model, exec, node, actInst, record }) {
    await record();
    await decide(ctx, exec, node);
    await leave(ctx, model, exec, node, { actInst });
  },
};

/**
 * Business rule task: evaluates the referenced decision over the variables the execution sees and
 * sets `camunda:resultVariable` to the result, mapped as `camunda:mapDecisionResult` says.
 */
async function decide(ctx: CommandContext, exec: EngineExecution, node: BusinessRuleTaskNode): Promise<void> {
  const d = node.decision;
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
