import { EngineHistoricActivityInstance } from '@motcua/db/engine';
import type { EngineCore } from '../../engine-core.js';
import { NotFoundError } from '../../runtime/errors.js';
import type { ListQuery, QueryParams } from '../query-params.js';
import { finishedFilter } from './historic-process-instance.service.js';
import { READ_HISTORY, requireHistoryPermission } from './history-authorization.js';

const SORT: Record<string, keyof EngineHistoricActivityInstance> = {
  activityInstanceId: 'id',
  instanceId: 'processInstanceId',
  executionId: 'executionId',
  activityId: 'activityId',
  activityName: 'activityName',
  activityType: 'activityType',
  startTime: 'startTime',
  endTime: 'endTime',
};

/** The historic activity instance query (`GET`/`POST /history/activity-instance`, `…/count`). */
export function historicActivityQuery(p: QueryParams): ListQuery<EngineHistoricActivityInstance> {
  const sortBy = p.sortBy(Object.keys(SORT));
  const canceled = p.bool('canceled');
  const completeScope = p.bool('completeScope');
  return {
    entity: EngineHistoricActivityInstance,
    where: {
      id: p.string('activityInstanceId'),
      processInstanceId: p.string('processInstanceId'),
      processDefinitionId: p.string('processDefinitionId'),
      executionId: p.string('executionId'),
      activityId: p.string('activityId'),
      activityType: p.string('activityType'),
      taskId: p.string('taskId'),
      assignee: p.string('taskAssignee'),
      canceled: canceled === true ? true : undefined,
      completeScope: completeScope === true ? true : undefined,
      endTime: finishedFilter(p),
    },
    // Ids are time-ordered, so id breaks ties between activities started in the same millisecond.
    order: sortBy ? { [SORT[sortBy]!]: p.sortOrder(), id: p.sortOrder() } : { id: 'ASC' },
    permission: READ_HISTORY,
  };
}

export async function getHistoricActivityInstance(
  core: EngineCore,
  id: string,
): Promise<EngineHistoricActivityInstance> {
  await requireHistoryPermission(core);
  const a = await core.query((tx) => tx.get(EngineHistoricActivityInstance, id));
  if (!a) throw new NotFoundError(`Historic activity instance with id '${id}' does not exist`);
  return a;
}
