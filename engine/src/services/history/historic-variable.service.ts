import {
  EngineHistoricVariableInstance,
  EngineHistoricVariableUpdate,
  type EngineTx,
  type Where,
} from '@motcua/db/engine';
import type { EngineCore } from '../../engine-core.js';
import { InvalidArgumentError, NotFoundError } from '../../runtime/errors.js';
import { logOperation } from '../../operation-log/operation-log.js';
import { queryText } from '../../variables/typed-value.js';
import {
  between,
  listCount,
  listPage,
  type ListQuery,
  type Page,
  type QueryParams,
} from '../query-params.js';
import { readVariableData, type VariableData } from '../variable-data.service.js';
import { READ_HISTORY, requireHistoryPermission } from './history-authorization.js';

const VARIABLE_SORT = {
  instanceId: 'processInstanceId',
  variableName: 'name',
  tenantId: 'tenantId',
} as const;

/** The historic variable instance query (`GET`/`POST /history/variable-instance`, `…/count`). */
export function historicVariableQuery(p: QueryParams): ListQuery<EngineHistoricVariableInstance> {
  const value = p.string('variableValue');
  const nameLike = p.string('variableNameLike');
  if (value !== undefined && p.string('variableName') === undefined) {
    throw new InvalidArgumentError(
      'Only a single variable value parameter specified: variable name and value are required to be able to query after a specific variable value.',
    );
  }
  const sortBy = p.sortBy(Object.keys(VARIABLE_SORT) as (keyof typeof VARIABLE_SORT)[]);
  const names = p.list('variableNameIn');
  const name = nameLike !== undefined ? { op: 'like' as const, value: nameLike } : p.string('variableName');
  return {
    entity: EngineHistoricVariableInstance,
    where: {
      name:
        names && name !== undefined
          ? { op: 'all', of: [names, typeof name === 'string' ? [name] : name] }
          : (names ?? name),
      textValue: value === undefined ? undefined : queryText(value),
      processInstanceId: p.list('processInstanceIdIn') ?? p.string('processInstanceId'),
      processDefinitionKey: p.string('processDefinitionKey'),
      processDefinitionId: p.string('processDefinitionId'),
      executionId: p.list('executionIdIn'),
      taskId: p.list('taskIdIn'),
      activityInstanceId: p.list('activityInstanceIdIn'),
      tenantId: p.bool('withoutTenantId') ? null : p.list('tenantIdIn'),
    },
    order: sortBy ? { [VARIABLE_SORT[sortBy]]: p.sortOrder(), id: p.sortOrder() } : { id: 'ASC' },
    permission: READ_HISTORY,
  };
}

const variableAbsent = (id: string) =>
  new NotFoundError(`Historic variable instance with id '${id}' does not exist`);

export async function getHistoricVariable(
  core: EngineCore,
  id: string,
): Promise<EngineHistoricVariableInstance> {
  await requireHistoryPermission(core);
  const v = await core.query((tx) => tx.get(EngineHistoricVariableInstance, id));
  if (!v) throw variableAbsent(id);
  return v;
}

/** Removes a variable's history (its instance and its updates), logged. */
export async function removeVariableHistory(
  tx: EngineTx,
  now: Date,
  v: EngineHistoricVariableInstance,
): Promise<void> {
  await tx.removeWhere(EngineHistoricVariableUpdate, { variableInstanceId: v.id });
  await tx.remove(EngineHistoricVariableInstance, v);
  await logOperation(tx, now, {
    operationType: 'DeleteHistory',
    entityType: 'Variable',
    category: 'Operator',
    changes: [{ property: 'name', orgValue: v.name, newValue: null }],
    processDefinitionId: v.processDefinitionId,
    processDefinitionKey: v.processDefinitionKey,
    processInstanceId: v.processInstanceId,
  });
}

export async function deleteHistoricVariable(core: EngineCore, id: string): Promise<void> {
  await requireHistoryPermission(core);
  await core.command(async ({ tx, now }) => {
    const v = await tx.get(EngineHistoricVariableInstance, id);
    if (!v) throw variableAbsent(id);
    await removeVariableHistory(tx, now, v);
  });
}

export async function historicVariableData(core: EngineCore, id: string): Promise<VariableData> {
  await requireHistoryPermission(core);
  const v = await readVariableData(core, (tx) => tx.get(EngineHistoricVariableInstance, id));
  if (!v) throw new NotFoundError(`Historic variable instance with Id '${id}' does not exist.`);
  return v;
}

// ---- details: one row per variable write (Camunda's HistoricVariableUpdate)

const DETAIL_SORT = {
  time: 'time',
  variableName: 'name',
  processInstanceId: 'processInstanceId',
  variableRevision: 'revision',
} as const;

function detailQuery(p: QueryParams): ListQuery<EngineHistoricVariableUpdate> {
  const sortBy = p.sortBy(Object.keys(DETAIL_SORT) as (keyof typeof DETAIL_SORT)[]);
  const nameLike = p.string('variableNameLike');
  const after = p.date('occurredAfter');
  const before = p.date('occurredBefore');
  const where: Where<EngineHistoricVariableUpdate> = {
    processInstanceId: p.list('processInstanceIdIn') ?? p.string('processInstanceId'),
    executionId: p.string('executionId'),
    taskId: p.string('taskId'),
    activityInstanceId: p.string('activityInstanceId'),
    variableInstanceId: p.string('variableInstanceId'),
    type: p.list('variableTypeIn'),
    name: nameLike !== undefined ? { op: 'like', value: nameLike } : undefined,
    time: between(after, before),
    revision: p.bool('initial') ? 1 : undefined,
  };
  return {
    entity: EngineHistoricVariableUpdate,
    where,
    order: sortBy ? { [DETAIL_SORT[sortBy]]: p.sortOrder(), id: p.sortOrder() } : { time: 'ASC', id: 'ASC' },
  };
}

/** No form-field details are written: a formFields query matches nothing. */
export async function listHistoricDetails(
  core: EngineCore,
  p: QueryParams,
  page: Page,
): Promise<EngineHistoricVariableUpdate[]> {
  await requireHistoryPermission(core);
  return p.bool('formFields') ? [] : listPage(core, detailQuery(p), page);
}

export async function countHistoricDetails(core: EngineCore, p: QueryParams): Promise<number> {
  await requireHistoryPermission(core);
  return p.bool('formFields') ? 0 : listCount(core, detailQuery(p));
}

export async function getHistoricDetail(core: EngineCore, id: string): Promise<EngineHistoricVariableUpdate> {
  await requireHistoryPermission(core);
  const d = await core.query((tx) => tx.get(EngineHistoricVariableUpdate, id));
  if (!d) throw new NotFoundError(`Historic detail with Id '${id}' does not exist`);
  return d;
}

export async function historicDetailData(core: EngineCore, id: string): Promise<VariableData> {
  await requireHistoryPermission(core);
  const v = await readVariableData(core, (tx) => tx.get(EngineHistoricVariableUpdate, id));
  if (!v) throw new NotFoundError(`Historic detail with Id '${id}' does not exist.`);
  return v;
}
