import {
  EngineHistoricActivityInstance,
  EngineHistoricDecisionInput,
  EngineHistoricDecisionInstance,
  EngineHistoricDecisionOutput,
  EngineHistoricJobLog,
  EngineHistoricIncident,
  EngineHistoricProcessInstance,
  EngineHistoricTaskInstance,
  EngineHistoricVariableInstance,
  EngineHistoricVariableUpdate,
  EngineProcessDefinition,
  type EngineTx,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { newId } from '../runtime/ids.js';
import { requireHistoryPermission } from './history/history-authorization.js';

/** Removes all history of one finished instance (the user-operation log stays: it is the audit trail). */
export async function removeInstanceHistory(tx: EngineTx, h: EngineHistoricProcessInstance): Promise<void> {
  const processInstanceId = h.id;
  await tx.removeWhere(EngineHistoricActivityInstance, { processInstanceId });
  await tx.removeWhere(EngineHistoricTaskInstance, { processInstanceId });
  await tx.removeWhere(EngineHistoricVariableInstance, { processInstanceId });
  await tx.removeWhere(EngineHistoricVariableUpdate, { processInstanceId });
  await tx.removeWhere(EngineHistoricIncident, { processInstanceId });
  // The decisions its business rule tasks evaluated, and its jobs' log.
  const decisions = (await tx.find(EngineHistoricDecisionInstance, { processInstanceId })).map((d) => d.id);
  if (decisions.length) {
    await tx.removeWhere(EngineHistoricDecisionInput, { decisionInstanceId: decisions });
    await tx.removeWhere(EngineHistoricDecisionOutput, { decisionInstanceId: decisions });
    await tx.removeWhere(EngineHistoricDecisionInstance, { id: decisions });
  }
  await tx.removeWhere(EngineHistoricJobLog, { processInstanceId });
  await tx.remove(EngineHistoricProcessInstance, h);
}

const DAY = 86_400_000;

/**
 * History cleanup by time-to-live (Camunda's removal-time strategy `end`): a finished instance
 * whose definition has `historyTimeToLive` days goes once that many days have passed since it
 * ended. Runs now, in one transaction, and answers a job-shaped record of the run (Camunda
 * schedules a cleanup job instead).
 */
/** `GET /history/cleanup/configuration`: cleanup runs when asked, there is no batch window. */
export async function cleanupConfiguration(core: EngineCore): Promise<{
  batchWindowStartTime: null;
  batchWindowEndTime: null;
  enabled: boolean;
}> {
  await requireHistoryPermission(core);
  return { batchWindowStartTime: null, batchWindowEndTime: null, enabled: true };
}

export async function cleanupHistory(core: EngineCore): Promise<{ id: string; removed: number; at: Date }> {
  await requireHistoryPermission(core);
  return core.command(async ({ tx, now }) => {
    const ttl = new Map(
      (await tx.find(EngineProcessDefinition, { historyTimeToLive: { op: 'notNull' } })).map((d) => [
        d.id,
        d.historyTimeToLive!,
      ]),
    );
    let removed = 0;
    if (ttl.size > 0) {
      const finished = await tx.find(EngineHistoricProcessInstance, {
        processDefinitionId: [...ttl.keys()],
        endTime: { op: 'notNull' },
      });
      for (const h of finished) {
        if (h.endTime!.getTime() + ttl.get(h.processDefinitionId)! * DAY > now.getTime()) continue;
        await removeInstanceHistory(tx, h);
        removed += 1;
      }
    }
    return { id: newId(), removed, at: now };
  });
}
