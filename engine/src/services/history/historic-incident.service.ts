import { EngineHistoricIncident } from '@motcua/db/engine';
import type { ListQuery, QueryParams } from '../query-params.js';
import { READ_HISTORY } from './history-authorization.js';

const SORT = {
  incidentId: 'id',
  createTime: 'createTime',
  endTime: 'endTime',
  incidentType: 'incidentType',
  activityId: 'activityId',
  processInstanceId: 'processInstanceId',
} as const;

/** The history of incidents, open, resolved and deleted (`GET /history/incident`, `…/count`). */
export function historicIncidentQuery(p: QueryParams): ListQuery<EngineHistoricIncident> {
  const sortBy = p.sortBy(Object.keys(SORT) as (keyof typeof SORT)[]);
  const open = p.bool('open');
  const resolved = p.bool('resolved');
  const deleted = p.bool('deleted');
  const states = [open && 'open', resolved && 'resolved', deleted && 'deleted'].filter(
    (x): x is string => !!x,
  );
  const messageLike = p.string('incidentMessageLike');
  return {
    entity: EngineHistoricIncident,
    where: {
      id: p.string('incidentId'),
      incidentType: p.string('incidentType'),
      incidentMessage:
        messageLike !== undefined ? { op: 'like', value: messageLike } : p.string('incidentMessage'),
      processDefinitionId: p.string('processDefinitionId'),
      processInstanceId: p.string('processInstanceId'),
      executionId: p.string('executionId'),
      activityId: p.string('activityId'),
      configuration: p.string('configuration'),
      state: states.length ? states : undefined,
    },
    order: sortBy ? { [SORT[sortBy]]: p.sortOrder(), id: p.sortOrder() } : { createTime: 'ASC', id: 'ASC' },
    permission: READ_HISTORY,
  };
}
