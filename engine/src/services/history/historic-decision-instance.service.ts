import {
  EngineDecisionDefinition,
  EngineDecisionRequirementsDefinition,
  EngineHistoricDecisionInput,
  EngineHistoricDecisionInstance,
  EngineHistoricDecisionOutput,
  type Where,
} from '@motcua/db/engine';
import type { EngineCore } from '../../engine-core.js';
import { InvalidArgumentError, NotFoundError } from '../../runtime/errors.js';
import { drdsOf } from '../../dmn/decision-lookup.js';
import type { Page, QueryParams } from '../query-params.js';
import { READ_DECISION_HISTORY, requireHistoryPermission } from './history-authorization.js';

/** Filters of Camunda's historic decision instance query that this engine cannot answer. */
const UNSUPPORTED = ['caseDefinitionId', 'caseDefinitionKey', 'caseInstanceId'];

const SORT = { evaluationTime: 'evaluationTime', tenantId: 'tenantId' } as const;

function filterOf(p: QueryParams): Where<EngineHistoricDecisionInstance> {
  for (const key of UNSUPPORTED)
    if (p.string(key) !== undefined)
      throw new InvalidArgumentError(
        `The historic decision instance filter '${key}' is not supported by this engine`,
      );
  const one = (single: string, list: string) =>
    p.list(list) ?? (p.string(single) !== undefined ? [p.string(single)!] : undefined);
  const nameLike = p.string('decisionDefinitionNameLike');
  const after = p.date('evaluatedAfter');
  const before = p.date('evaluatedBefore');
  // Camunda's bounds are inclusive.
  const bounds = [
    ...(after ? [{ op: 'gte', value: after } as const] : []),
    ...(before ? [{ op: 'lte', value: before } as const] : []),
  ];
  return {
    id: one('decisionInstanceId', 'decisionInstanceIdIn'),
    decisionDefinitionId: one('decisionDefinitionId', 'decisionDefinitionIdIn'),
    decisionDefinitionKey: one('decisionDefinitionKey', 'decisionDefinitionKeyIn'),
    decisionDefinitionName:
      nameLike !== undefined ? { op: 'like', value: nameLike } : p.string('decisionDefinitionName'),
    processDefinitionId: p.string('processDefinitionId'),
    processDefinitionKey: p.string('processDefinitionKey'),
    processInstanceId: p.string('processInstanceId'),
    activityId: p.list('activityIdIn'),
    activityInstanceId: p.list('activityInstanceIdIn'),
    userId: p.string('userId'),
    tenantId: p.bool('withoutTenantId') ? null : p.list('tenantIdIn'),
    rootDecisionInstanceId: p.bool('rootDecisionInstancesOnly') ? null : p.string('rootDecisionInstanceId'),
    evaluationTime: bounds.length === 2 ? { op: 'all', of: bounds } : bounds[0],
  };
}

/**
 * The query's WHERE, for the list and the count alike (the count is a `COUNT(*)` in the database,
 * never the length of a list read into the process); null when nothing can match.
 */
async function whereOf(
  core: EngineCore,
  p: QueryParams,
): Promise<Where<EngineHistoricDecisionInstance> | null> {
  const where = filterOf(p);
  // A DRD filter is a filter on the decision definitions deployed from its file.
  const drdId = p.string('decisionRequirementsDefinitionId');
  const drdKey = p.string('decisionRequirementsDefinitionKey');
  if (drdId !== undefined || drdKey !== undefined) {
    const defIds = await core.query(async (tx) => {
      const drds = await tx.find(EngineDecisionRequirementsDefinition, { id: drdId, key: drdKey });
      const ids: string[] = [];
      for (const drd of drds)
        for (const d of await tx.find(EngineDecisionDefinition, {
          deploymentId: drd.deploymentId,
          resourceName: drd.resourceName,
        }))
          ids.push(d.id);
      return ids;
    });
    const asked = where.decisionDefinitionId as string[] | undefined;
    const ids = asked ? asked.filter((id) => defIds.includes(id)) : defIds;
    if (ids.length === 0) return null;
    where.decisionDefinitionId = ids;
  }
  return where;
}

export async function listDecisionInstances(
  core: EngineCore,
  p: QueryParams,
  page: Page,
): Promise<EngineHistoricDecisionInstance[]> {
  await requireHistoryPermission(core, READ_DECISION_HISTORY);
  const where = await whereOf(core, p);
  if (!where) return [];
  const sortBy = p.sortBy(Object.keys(SORT) as (keyof typeof SORT)[]);
  const order = sortBy ? { [SORT[sortBy]]: p.sortOrder(), id: 'ASC' as const } : { id: 'ASC' as const };
  return core.query((tx) => tx.find(EngineHistoricDecisionInstance, where, { order, ...page }));
}

export async function countDecisionInstances(core: EngineCore, p: QueryParams): Promise<number> {
  await requireHistoryPermission(core, READ_DECISION_HISTORY);
  const where = await whereOf(core, p);
  return where ? core.query((tx) => tx.count(EngineHistoricDecisionInstance, where)) : 0;
}

export async function getDecisionInstance(
  core: EngineCore,
  id: string,
): Promise<EngineHistoricDecisionInstance> {
  await requireHistoryPermission(core, READ_DECISION_HISTORY);
  const row = await core.query((tx) => tx.get(EngineHistoricDecisionInstance, id));
  if (!row) throw new NotFoundError(`Historic decision instance with id '${id}' does not exist`);
  return row;
}

/** What a decision instance's answer adds to its row: inputs and outputs (when asked for) and its DRD. */
export interface DecisionInstanceDetails {
  inputs: EngineHistoricDecisionInput[];
  outputs: EngineHistoricDecisionOutput[];
  drds: Map<string, EngineDecisionRequirementsDefinition>;
}

export async function decisionInstanceDetails(
  core: EngineCore,
  rows: EngineHistoricDecisionInstance[],
  include: { inputs: boolean; outputs: boolean },
): Promise<DecisionInstanceDetails> {
  const ids = rows.map((r) => r.id);
  const drds = await core.query(async (tx) => {
    const defIds = [...new Set(rows.map((r) => r.decisionDefinitionId))];
    return drdsOf(tx, defIds.length ? await tx.find(EngineDecisionDefinition, { id: defIds }) : []);
  });
  const [inputs, outputs] = await core.query(async (tx) => [
    include.inputs && ids.length
      ? await tx.find(
          EngineHistoricDecisionInput,
          { decisionInstanceId: ids },
          { order: { position: 'ASC' } },
        )
      : [],
    include.outputs && ids.length
      ? await tx.find(
          EngineHistoricDecisionOutput,
          { decisionInstanceId: ids },
          { order: { position: 'ASC' } },
        )
      : [],
  ]);
  return {
    inputs: inputs as EngineHistoricDecisionInput[],
    outputs: outputs as EngineHistoricDecisionOutput[],
    drds,
  };
}
