import { EngineHistoricTaskInstance } from '@motcua/db/engine';
import type { ListQuery, QueryParams } from '../query-params.js';
import { finishedFilter } from './historic-process-instance.service.js';

const SORT: Record<string, keyof EngineHistoricTaskInstance> = {
  taskId: 'id',
  activityInstanceId: 'activityInstanceId',
  processDefinitionId: 'processDefinitionId',
  processInstanceId: 'processInstanceId',
  executionId: 'executionId',
  startTime: 'startTime',
  endTime: 'endTime',
  taskName: 'name',
  assignee: 'assignee',
  owner: 'owner',
  dueDate: 'dueDate',
  followUpDate: 'followUpDate',
  deleteReason: 'deleteReason',
  taskDefinitionKey: 'taskDefinitionKey',
  priority: 'priority',
};

/** The historic task instance query (`GET`/`POST /history/task`, `…/count`). */
export function historicTaskQuery(p: QueryParams): ListQuery<EngineHistoricTaskInstance> {
  const sortBy = p.sortBy(Object.keys(SORT));
  const nameLike = p.string('taskNameLike');
  const assigned = p.bool('assigned');
  const unassigned = p.bool('unassigned');
  return {
    entity: EngineHistoricTaskInstance,
    where: {
      id: p.string('taskId'),
      processInstanceId: p.string('processInstanceId'),
      businessKey: p.string('processInstanceBusinessKey'),
      processDefinitionKey: p.string('processDefinitionKey'),
      processDefinitionId: p.string('processDefinitionId'),
      executionId: p.string('executionId'),
      taskDefinitionKey: p.list('taskDefinitionKeyIn') ?? p.string('taskDefinitionKey'),
      name: nameLike !== undefined ? { op: 'like', value: nameLike } : p.string('taskName'),
      assignee: unassigned ? null : assigned ? { op: 'notNull' } : p.string('taskAssignee'),
      owner: p.string('taskOwner'),
      deleteReason: p.string('taskDeleteReason'),
      endTime: finishedFilter(p),
    },
    order: sortBy ? { [SORT[sortBy]!]: p.sortOrder(), id: p.sortOrder() } : { id: 'ASC' },
  };
}
