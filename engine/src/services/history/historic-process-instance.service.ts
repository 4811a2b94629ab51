import {
  EngineHistoricProcessInstance,
  EngineHistoricVariableInstance,
  type VariableCondition,
  type Where,
  type WhereOp,
} from '@motcua/db/engine';
import type { EngineCore } from '../../engine-core.js';
import { InvalidArgumentError, NotFoundError } from '../../runtime/errors.js';
import { logOperation } from '../../operation-log/operation-log.js';
import { removeInstanceHistory } from '../history-cleanup.service.js';
import { listCount, type ListQuery, type QueryParams } from '../query-params.js';
import { requirePermission } from '../../identity/authorization.service.js';
import { removeVariableHistory } from './historic-variable.service.js';
import { READ_HISTORY, requireHistoryPermission } from './history-authorization.js';

/** `finished`/`unfinished` as an end-time filter (both: an impossible end time). */
export function finishedFilter<T extends { endTime: Date | null }>(p: QueryParams): Where<T>['endTime'] {
  const finished = p.bool('finished');
  const unfinished = p.bool('unfinished');
  if (finished && unfinished) return { op: 'lt', value: new Date(0) };
  if (finished) return { op: 'notNull' };
  if (unfinished) return null;
  return undefined;
}

// A sort's tie-breaker (id) runs in the sort's direction: the (…, sortColumn) index, which ends
// in the primary key on MariaDB, is then read backwards for a descending sort instead of sorting
// every matching row (issue 17). Camunda leaves the order of ties open.
const SORT: Record<string, keyof EngineHistoricProcessInstance> = {
  instanceId: 'id',
  definitionKey: 'processDefinitionKey',
  definitionId: 'processDefinitionId',
  businessKey: 'businessKey',
  startTime: 'startTime',
  endTime: 'endTime',
};

/**
 * `variables`: the instances with a variable of that value in their history (its last value, any
 * scope, as the runtime query looks at any scope), each condition a semi-join on the history's
 * (name, textValue) rows; ANDed with the id filters.
 */
function idFilter(p: QueryParams): Where<EngineHistoricProcessInstance>['id'] {
  const ids = p.list('processInstanceIds');
  const id = p.string('processInstanceId');
  const conditions: (WhereOp<string> | string[])[] = p.variables('variables').map((c: VariableCondition) => ({
    op: 'inSelect',
    table: 'eng_hi_varinst',
    column: 'processInstanceId',
    where: {
      name: c.name,
      textValue:
        c.text === null
          ? c.op === 'neq'
            ? { op: 'notNull' }
            : null
          : c.op === 'eq'
            ? c.text
            : { op: c.op === 'neq' ? 'ne' : 'like', value: c.text },
    },
  }));
  const byId = ids ?? (id !== undefined ? [id] : undefined);
  if (!conditions.length) return byId;
  return { op: 'all', of: byId ? [byId, ...conditions] : conditions };
}

/** The historic process instance query (`GET`/`POST /history/process-instance`, `…/count`). */
export function historicProcessInstanceQuery(p: QueryParams): ListQuery<EngineHistoricProcessInstance> {
  const sortBy = p.sortBy(Object.keys(SORT));
  const keyLike = p.string('processInstanceBusinessKeyLike');
  return {
    entity: EngineHistoricProcessInstance,
    where: {
      id: idFilter(p),
      businessKey:
        keyLike !== undefined ? { op: 'like', value: keyLike } : p.string('processInstanceBusinessKey'),
      processDefinitionKey: p.string('processDefinitionKey'),
      processDefinitionId: p.string('processDefinitionId'),
      superProcessInstanceId: p.string('superProcessInstanceId'),
      state: p.string('state'),
      endTime: finishedFilter(p),
    },
    order: sortBy ? { [SORT[sortBy]!]: p.sortOrder(), id: p.sortOrder() } : { id: 'ASC' },
    permission: READ_HISTORY,
  };
}

/**
 * `…/history/process-instance/count`: the finished count (db's finished-instance-count.ts) answers
 * what it answers exactly — finished instances, or all of them, of every definition or of one
 * definition id and/or key (the admin list's total, the studio's count) — without reading a row
 * per instance; every other criterion is counted by the database as the list filters.
 */
export function countHistoricProcessInstances(core: EngineCore, p: QueryParams): Promise<number> {
  const q = historicProcessInstanceQuery(p);
  const { endTime, processDefinitionId, processDefinitionKey } = q.where;
  // Any criterion beyond these three (today's or one added later) counts the rows.
  const others = Object.entries(q.where).filter(
    ([k, v]) => v !== undefined && !COUNTER_CRITERIA.has(k as keyof EngineHistoricProcessInstance),
  );
  const byCounter =
    others.length === 0 &&
    (endTime === undefined ||
      (typeof endTime === 'object' && endTime !== null && 'op' in endTime && endTime.op === 'notNull')) &&
    (processDefinitionId === undefined || typeof processDefinitionId === 'string') &&
    (processDefinitionKey === undefined || typeof processDefinitionKey === 'string');
  if (!byCounter) return listCount(core, q);
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, READ_HISTORY);
    return tx.countFinishedHistoricInstances({
      processDefinitionId,
      processDefinitionKey,
      withUnfinished: endTime === undefined,
    });
  });
}

/** The criteria the finished count answers (see countHistoricProcessInstances). */
const COUNTER_CRITERIA = new Set<keyof EngineHistoricProcessInstance>([
  'endTime',
  'processDefinitionId',
  'processDefinitionKey',
]);

export async function getHistoricProcessInstance(
  core: EngineCore,
  id: string,
): Promise<EngineHistoricProcessInstance> {
  await requireHistoryPermission(core);
  const h = await core.query((tx) => tx.get(EngineHistoricProcessInstance, id));
  if (!h) throw new NotFoundError(`Historic process instance with id ${id} does not exist`);
  return h;
}

/** Deletes a finished instance's history, logged as Operaton logs it. */
export async function deleteHistoricProcessInstance(
  core: EngineCore,
  id: string,
  options: { failIfNotExists: boolean },
): Promise<void> {
  await requireHistoryPermission(core);
  await core.command(async ({ tx, now }) => {
    const h = await tx.get(EngineHistoricProcessInstance, id);
    if (!h) {
      if (options.failIfNotExists)
        throw new NotFoundError(`No historic process instance found with id: ${id}`);
      return;
    }
    if (h.endTime === null)
      throw new InvalidArgumentError(`Process instance ${id} is still running: delete it before its history`);
    await removeInstanceHistory(tx, h);
    // As Operaton logs it (DeleteHistory, nrOfInstances); we also keep the instance's id.
    await logOperation(tx, now, {
      operationType: 'DeleteHistory',
      entityType: 'ProcessInstance',
      category: 'Operator',
      changes: [{ property: 'nrOfInstances', orgValue: null, newValue: '1' }],
      processDefinitionId: h.processDefinitionId,
      processDefinitionKey: h.processDefinitionKey,
      processInstanceId: id,
    });
  });
}

/** Removes the variable history of one historic instance (each variable logged). */
export async function deleteHistoricVariablesOfInstance(core: EngineCore, id: string): Promise<void> {
  await requireHistoryPermission(core);
  await core.command(async ({ tx, now }) => {
    if (!(await tx.get(EngineHistoricProcessInstance, id)))
      throw new NotFoundError(`Historic process instance with id '${id}' does not exist`);
    for (const v of await tx.find(EngineHistoricVariableInstance, { processInstanceId: id }))
      await removeVariableHistory(tx, now, v);
  });
}

export interface DurationReportRow {
  period: number;
  periodUnit: string;
  minimum: number;
  maximum: number;
  average: number;
}

/** Camunda's duration report of finished instances, grouped by the month or quarter they ended in (UTC). */
export async function durationReport(core: EngineCore, p: QueryParams): Promise<DurationReportRow[]> {
  await requireHistoryPermission(core);
  const reportType = p.string('reportType');
  if (reportType !== 'duration') throw new InvalidArgumentError(`Unknown report type ${String(reportType)}`);
  const unit = p.string('periodUnit');
  if (unit !== 'month' && unit !== 'quarter')
    throw new InvalidArgumentError(`Unknown period unit ${String(unit)}`);
  const ids = p.list('processDefinitionIdIn');
  const keys = p.list('processDefinitionKeyIn');
  const after = p.camundaDate('startedAfter');
  const before = p.camundaDate('startedBefore');
  const rows = (
    await core.query((tx) =>
      tx.find(EngineHistoricProcessInstance, {
        endTime: { op: 'notNull' },
        processDefinitionId: ids,
        processDefinitionKey: keys,
      }),
    )
  ).filter((h) => (!after || h.startTime > after) && (!before || h.startTime < before));
  const groups = new Map<number, number[]>();
  for (const h of rows) {
    const month = h.endTime!.getUTCMonth();
    const period = unit === 'month' ? month + 1 : Math.floor(month / 3) + 1;
    const list = groups.get(period) ?? [];
    list.push(h.endTime!.getTime() - h.startTime.getTime());
    groups.set(period, list);
  }
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([period, durations]) => ({
      period,
      periodUnit: unit.toUpperCase(),
      minimum: Math.min(...durations),
      maximum: Math.max(...durations),
      average: Math.round(durations.reduce((a, b) => a + b, 0) / durations.length),
    }));
}
