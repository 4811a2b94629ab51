import { EngineHistoricJobLog, type Where } from '@motcua/db/engine';
import type { EngineCore } from '../../engine-core.js';
import { InvalidArgumentError, NotFoundError } from '../../runtime/errors.js';
import type { ListQuery, QueryParams } from '../query-params.js';
import { READ_HISTORY, requireHistoryPermission } from './history-authorization.js';

const SORT = {
  timestamp: 'timestamp',
  jobId: 'jobId',
  jobDefinitionId: 'jobDefinitionId',
  jobDueDate: 'jobDueDate',
  jobRetries: 'jobRetries',
  jobPriority: 'jobPriority',
  activityId: 'activityId',
  executionId: 'executionId',
  processInstanceId: 'processInstanceId',
  processDefinitionId: 'processDefinitionId',
  processDefinitionKey: 'processDefinitionKey',
  hostname: 'hostname',
  tenantId: 'tenantId',
  // Ids are insertion-ordered: the order in which the events happened.
  occurrence: 'id',
} as const;

const STATES = {
  creationLog: 'created',
  failureLog: 'failed',
  successLog: 'successful',
  deletionLog: 'deleted',
};

function whereOf(p: QueryParams): Where<EngineHistoricJobLog> {
  if (p.string('batchId') !== undefined)
    throw new InvalidArgumentError('The job log filter batchId is not supported by this engine');
  // Each flag sets the one state the query asks for: with several, the last of creation,
  // failure, success, deletion wins (Camunda applies them in that order; seen on Operaton).
  const state = Object.entries(STATES)
    .filter(([flag]) => p.bool(flag) === true)
    .map(([, st]) => st)
    .at(-1);
  const low = p.int('jobPriorityHigherThanOrEquals');
  const high = p.int('jobPriorityLowerThanOrEquals');
  const failedIn = p.list('failedActivityIdIn');
  const priority = [
    ...(low === undefined ? [] : [{ op: 'gte', value: low } as const]),
    ...(high === undefined ? [] : [{ op: 'lte', value: high } as const]),
  ];
  const activityIdIn = p.list('activityIdIn');
  // failedActivityIdIn: failures of these activities (so also state = failed).
  const activities = [...(activityIdIn ? [activityIdIn] : []), ...(failedIn ? [failedIn] : [])];
  // deploymentId: the jobs of the definitions that deployment deployed, a semi-join.
  const definitionId = p.string('processDefinitionId');
  const deploymentId = p.string('deploymentId');
  const ofDeployment =
    deploymentId === undefined
      ? undefined
      : ({
          op: 'inSelect',
          table: 'eng_process_definition',
          column: 'id',
          where: { deploymentId },
        } as const);
  return {
    id: p.string('logId'),
    jobId: p.string('jobId'),
    jobExceptionMessage: p.string('jobExceptionMessage'),
    jobDefinitionId: p.string('jobDefinitionId'),
    jobDefinitionType: p.string('jobDefinitionType'),
    jobDefinitionConfiguration: p.string('jobDefinitionConfiguration'),
    activityId: activities.length > 1 ? { op: 'all', of: activities } : activities[0],
    executionId: p.list('executionIdIn'),
    processInstanceId: p.string('processInstanceId'),
    processDefinitionId:
      ofDeployment && definitionId !== undefined
        ? { op: 'all', of: [[definitionId], ofDeployment] }
        : (ofDeployment ?? definitionId),
    processDefinitionKey: p.string('processDefinitionKey'),
    tenantId: p.bool('withoutTenantId') ? null : p.list('tenantIdIn'),
    hostname: p.string('hostname'),
    state: failedIn !== undefined ? (state === undefined || state === 'failed' ? 'failed' : []) : state,
    jobPriority: priority.length ? { op: 'all', of: priority } : undefined,
  };
}

export function jobLogQuery(p: QueryParams): ListQuery<EngineHistoricJobLog> {
  const sortBy = p.sortBy(Object.keys(SORT) as (keyof typeof SORT)[]);
  return {
    entity: EngineHistoricJobLog,
    where: whereOf(p),
    order: sortBy ? { [SORT[sortBy]]: p.sortOrder(), id: 'ASC' as const } : { id: 'ASC' as const },
    permission: READ_HISTORY,
  };
}

export async function getJobLog(core: EngineCore, id: string): Promise<EngineHistoricJobLog> {
  await requireHistoryPermission(core);
  const row = await core.query((tx) => tx.get(EngineHistoricJobLog, id));
  if (!row) throw new NotFoundError(`Historic job log with id ${id} does not exist`);
  return row;
}

/** The stack trace of a failure's log entry; null for the other entries. */
export async function jobLogStacktrace(core: EngineCore, id: string): Promise<string | null> {
  await requireHistoryPermission(core);
  const row = await core.query((tx) => tx.get(EngineHistoricJobLog, id));
  if (!row) throw new NotFoundError(`No historic job log found with id ${id}: historicJobLog is null`);
  return row.jobExceptionStacktrace;
}
