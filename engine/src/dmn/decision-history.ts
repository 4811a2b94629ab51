import {
  EngineDecisionDefinition,
  EngineHistoricDecisionInput,
  EngineHistoricDecisionInstance,
  EngineHistoricDecisionOutput,
  type EngineTx,
} from '@motcua/db/engine';
import { actingUserId } from '../operation-log/operation-log.js';
import { newId } from '../runtime/ids.js';
import { fromJs } from '../runtime/io-mapping.js';
import type { DecisionTrace } from './evaluate-decision.js';

/** Where a decision was evaluated: a business rule task, or nothing (REST evaluate). */
export interface DecisionOrigin {
  now: Date;
  processDefinitionId?: string;
  processDefinitionKey?: string;
  processInstanceId?: string;
  activityId?: string;
  activityInstanceId?: string | null;
}

/**
 * Writes the decision history of one evaluation, in the caller's transaction: the decision asked
 * for (the last trace) and each decision it required, those pointing at it as their root, as
 * Camunda's HistoricDecisionInstance rows.
 */
export async function recordDecisionEvaluation(
  tx: EngineTx,
  root: EngineDecisionDefinition,
  traces: readonly DecisionTrace[],
  origin: DecisionOrigin,
): Promise<void> {
  const rootTrace = traces.at(-1);
  if (!rootTrace) return;
  const rootId = newId();
  for (const trace of traces) {
    const isRoot = trace === rootTrace;
    // A required decision is a definition of its own, deployed from the same file.
    const def = isRoot
      ? root
      : ((await tx.findOne(EngineDecisionDefinition, {
          key: trace.key,
          deploymentId: root.deploymentId,
        })) ?? root);
    const id = isRoot ? rootId : newId();
    await tx.insert(EngineHistoricDecisionInstance, {
      id,
      decisionDefinitionId: def.id,
      decisionDefinitionKey: trace.key,
      decisionDefinitionName: def.key === trace.key ? def.name : null,
      evaluationTime: origin.now,
      processDefinitionId: origin.processDefinitionId ?? null,
      processDefinitionKey: origin.processDefinitionKey ?? null,
      processInstanceId: origin.processInstanceId ?? null,
      activityId: origin.activityId ?? null,
      activityInstanceId: origin.activityInstanceId ?? null,
      rootDecisionInstanceId: isRoot ? null : rootId,
      collectResultValue: trace.collectResultValue,
      userId: actingUserId(tx),
      tenantId: def.tenantId,
    });
    let position = 0;
    for (const input of trace.inputs) {
      const value = fromJs(input.value);
      await tx.insert(EngineHistoricDecisionInput, {
        id: newId(),
        decisionInstanceId: id,
        clauseId: input.clauseId,
        clauseName: input.clauseName,
        type: value.type,
        textValue: value.text,
        createTime: origin.now,
        position: position++,
      });
    }
    position = 0;
    for (const output of trace.outputs) {
      const value = fromJs(output.value);
      await tx.insert(EngineHistoricDecisionOutput, {
        id: newId(),
        decisionInstanceId: id,
        clauseId: output.clauseId,
        clauseName: output.clauseName,
        ruleId: output.ruleId,
        ruleOrder: output.ruleOrder,
        variableName: output.variableName,
        type: value.type,
        textValue: value.text,
        createTime: origin.now,
        position: position++,
      });
    }
  }
}
