import { EngineHistoricTaskInstance } from '@motcua/db/engine';
import type { ListQuery, QueryParams } from '../query-params.js';
import { finishedFilter } from './historic-process-instance.service.js';
import { READ_HISTORIC_TASKS, READ_HISTORY } from './history-authorization.js';

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

/**
 * The historic task instance query (`GET`/`POST /history/task`, `…/count`). By `GET` it needs
 * READ on historic tasks, the query in a `POST` body READ_HISTORY on process definitions (as the
 * REST layer's table asked before issue 11).
 */
export function historicTaskQuery(
  p: QueryParams,
  options: { queryInBody: boolean },
): ListQuery<EngineHistoricTaskInstance> {
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
    permission: options.queryInBody ? READ_HISTORY : READ_HISTORIC_TASKS,
  };
}
