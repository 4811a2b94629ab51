import { EngineHistoricExternalTaskLog } from '@motcua/db/engine';
import type { EngineCore } from '../../engine-core.js';
import { NotFoundError } from '../../runtime/errors.js';
import type { ListQuery, QueryParams } from '../query-params.js';
import { READ_HISTORY, requireHistoryPermission } from './history-authorization.js';

const SORT = {
  timestamp: 'timestamp',
  externalTaskId: 'externalTaskId',
  topicName: 'topicName',
  workerId: 'workerId',
  retries: 'retries',
  priority: 'priority',
  activityId: 'activityId',
  processInstanceId: 'processInstanceId',
  processDefinitionId: 'processDefinitionId',
  processDefinitionKey: 'processDefinitionKey',
} as const;

const STATE_FLAGS = {
  created: 'creationLog',
  failed: 'failureLog',
  successful: 'successLog',
  deleted: 'deletionLog',
} as const;

/** The external-task log query: created, failed, successful, deleted. */
export function externalTaskLogQuery(p: QueryParams): ListQuery<EngineHistoricExternalTaskLog> {
  const sortBy = p.sortBy(Object.keys(SORT) as (keyof typeof SORT)[]);
  const states = (['created', 'failed', 'successful', 'deleted'] as const).filter((st) =>
    p.bool(STATE_FLAGS[st]),
  );
  const lower = p.long('priorityHigherThanOrEquals');
  const upper = p.long('priorityLowerThanOrEquals');
  const priority = [
    ...(lower === undefined ? [] : [{ op: 'gte', value: lower } as const]),
    ...(upper === undefined ? [] : [{ op: 'lte', value: upper } as const]),
  ];
  return {
    entity: EngineHistoricExternalTaskLog,
    where: {
      id: p.string('logId'),
      externalTaskId: p.string('externalTaskId'),
      topicName: p.string('topicName'),
      workerId: p.string('workerId'),
      errorMessage: p.string('errorMessage'),
      activityId: p.list('activityIdIn'),
      activityInstanceId: p.list('activityInstanceIdIn'),
      executionId: p.list('executionIdIn'),
      processInstanceId: p.string('processInstanceId'),
      processDefinitionId: p.string('processDefinitionId'),
      processDefinitionKey: p.string('processDefinitionKey'),
      tenantId: p.list('tenantIdIn'),
      state: states.length ? [...states] : undefined,
      priority: priority.length ? { op: 'all', of: priority } : undefined,
    },
    order: sortBy ? { [SORT[sortBy]]: p.sortOrder(), id: p.sortOrder() } : { timestamp: 'ASC', id: 'ASC' },
    permission: READ_HISTORY,
  };
}

export async function getExternalTaskLog(
  core: EngineCore,
  id: string,
): Promise<EngineHistoricExternalTaskLog> {
  await requireHistoryPermission(core);
  const r = await core.query((tx) => tx.get(EngineHistoricExternalTaskLog, id));
  if (!r) throw new NotFoundError(`Historic external task log with id ${id} does not exist`);
  return r;
}
