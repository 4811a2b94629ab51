import {
  EngineDecisionDefinition,
  EngineDecisionRequirementsDefinition,
  EngineHistoricActivityInstance,
  EngineHistoricDecisionInstance,
  EngineHistoricIncident,
  EngineProcessDefinition,
} from '@motcua/db/engine';
import type { EngineCore } from '../../engine-core.js';
import { NotFoundError, NullValueError } from '../../runtime/errors.js';
import type { QueryParams } from '../query-params.js';
import { READ_DECISION_HISTORY, requireHistoryPermission } from './history-authorization.js';

export interface HistoricActivityStatistics {
  id: string;
  instances: number;
  canceled: number;
  finished: number;
  completeScope: number;
  openIncidents: number;
  resolvedIncidents: number;
  deletedIncidents: number;
}

/**
 * Per activity of a definition, over history (`GET /history/process-definition/{id}/statistics`):
 * running, finished, canceled, scope-completing; incidents by state.
 */
export async function historicActivityStatistics(
  core: EngineCore,
  definitionId: string,
  p: QueryParams,
): Promise<HistoricActivityStatistics[]> {
  await requireHistoryPermission(core);
  const sortBy = p.sortBy(['activityId'] as const);
  const [sb, sa, fb, fa] = ['startedBefore', 'startedAfter', 'finishedBefore', 'finishedAfter'].map((k) =>
    p.camundaDate(k),
  );
  const instances = p.list('processInstanceIdIn');
  const rows = await core.query(async (tx) => {
    if (!(await tx.get(EngineProcessDefinition, definitionId)))
      throw new NotFoundError(`No process definition found with id '${definitionId}'`);
    const acts = (
      await tx.find(EngineHistoricActivityInstance, {
        processDefinitionId: definitionId,
        processInstanceId: instances,
      })
    ).filter(
      (a) =>
        (!sb || a.startTime < sb) &&
        (!sa || a.startTime > sa) &&
        (!fb || (a.endTime !== null && a.endTime < fb)) &&
        (!fa || (a.endTime !== null && a.endTime > fa)),
    );
    const incidents = p.bool('incidents')
      ? await tx.find(EngineHistoricIncident, { processDefinitionId: definitionId })
      : [];
    const ids = [...new Set([...acts.map((a) => a.activityId), ...incidents.map((i) => i.activityId)])];
    return ids.map((id) => {
      const mine = acts.filter((a) => a.activityId === id);
      const inc = incidents.filter((i) => i.activityId === id);
      return {
        id,
        instances: mine.filter((a) => a.endTime === null).length,
        canceled: p.bool('canceled') ? mine.filter((a) => a.canceled).length : 0,
        finished: p.bool('finished') ? mine.filter((a) => a.endTime !== null).length : 0,
        completeScope: p.bool('completeScope') ? mine.filter((a) => a.completeScope).length : 0,
        openIncidents: inc.filter((i) => i.state === 'open').length,
        resolvedIncidents: inc.filter((i) => i.state === 'resolved').length,
        deletedIncidents: inc.filter((i) => i.state === 'deleted').length,
      };
    });
  });
  rows.sort((a, b) => a.id.localeCompare(b.id) * (sortBy && p.sortOrder() === 'DESC' ? -1 : 1));
  return rows;
}

/**
 * Evaluations per decision of a DRD (`GET /history/decision-requirements-definition/{id}/statistics`),
 * or, with `decisionInstanceId`, of that evaluation and the decisions it required.
 */
export async function decisionRequirementsStatistics(
  core: EngineCore,
  id: string,
  rootId: string | undefined,
): Promise<{ decisionDefinitionKey: string; evaluations: number }[]> {
  await requireHistoryPermission(core, READ_DECISION_HISTORY);
  return core.query(async (tx) => {
    const drd = await tx.get(EngineDecisionRequirementsDefinition, id);
    // Operaton's words for an unknown DRD (answered 500 NullValueException).
    if (!drd)
      throw new NullValueError(
        `no deployed decision requirements definition found with id '${id}': decisionRequirementsDefinition is null`,
      );
    const defs = await tx.find(EngineDecisionDefinition, {
      deploymentId: drd.deploymentId,
      resourceName: drd.resourceName,
    });
    if (defs.length === 0) return [];
    const rows = await tx.find(EngineHistoricDecisionInstance, {
      decisionDefinitionId: defs.map((d) => d.id),
    });
    // With decisionInstanceId: that evaluation and the decisions it required.
    const picked =
      rootId === undefined
        ? rows
        : rows.filter((r) => r.id === rootId || r.rootDecisionInstanceId === rootId);
    const counts = new Map<string, number>();
    for (const r of picked)
      counts.set(r.decisionDefinitionKey, (counts.get(r.decisionDefinitionKey) ?? 0) + 1);
    return [...counts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([decisionDefinitionKey, evaluations]) => ({ decisionDefinitionKey, evaluations }));
  });
}
