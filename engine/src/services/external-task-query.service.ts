import { EngineExternalTask, type Where } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, UPDATE_PROCESS_INSTANCES } from '../identity/authorization.service.js';
import type { ListQuery, QueryParams } from './query-params.js';

/** Reading external tasks: the queries, topic names, the tasks of instances. */

const SORT = {
  id: 'id',
  lockExpirationTime: 'lockExpirationTime',
  processInstanceId: 'processInstanceId',
  processDefinitionKey: 'processDefinitionKey',
  taskPriority: 'priority',
  createTime: 'createTime',
} as const;

/** `now`: the engine clock's; a lock that expired counts as unlocked (Camunda compares with the clock). */
function externalTaskWhere(p: QueryParams, now: Date): Where<EngineExternalTask> {
  const locked = p.bool('locked');
  const notLocked = p.bool('notLocked');
  const withRetriesLeft = p.bool('withRetriesLeft');
  const noRetriesLeft = p.bool('noRetriesLeft');
  return {
    id: p.list('externalTaskIdIn') ?? p.string('externalTaskId'),
    topicName: p.string('topicName'),
    workerId: p.string('workerId'),
    processInstanceId: p.list('processInstanceIdIn') ?? p.string('processInstanceId'),
    processDefinitionId: p.string('processDefinitionId'),
    processDefinitionKey: p.string('processDefinitionKey'),
    activityId: p.list('activityIdIn') ?? p.string('activityId'),
    executionId: p.string('executionId'),
    tenantId: p.list('tenantIdIn'),
    // Locked means a worker holds it now: its lock expires after the clock's now.
    lockExpirationTime:
      locked && notLocked
        ? {
            op: 'all',
            of: [
              { op: 'gt', value: now },
              { op: 'lte', value: now },
            ],
          }
        : locked
          ? { op: 'gt', value: now }
          : notLocked
            ? { op: 'nullOrLte', value: now }
            : undefined,
    retries: noRetriesLeft ? 0 : withRetriesLeft ? { op: 'ne', value: 0 } : undefined,
    suspended: p.bool('suspended') ? true : p.bool('active') ? false : undefined,
  };
}

/** The external task query (`GET`/`POST /external-task` and their `/count`). */
export function externalTaskQuery(core: EngineCore, p: QueryParams): ListQuery<EngineExternalTask> {
  const sortBy = p.sortBy(Object.keys(SORT) as (keyof typeof SORT)[]);
  return {
    entity: EngineExternalTask,
    where: externalTaskWhere(p, core.clock.now()),
    order: sortBy ? { [SORT[sortBy]]: p.sortOrder(), id: 'ASC' } : { createTime: 'ASC', id: 'ASC' },
    permission: UPDATE_PROCESS_INSTANCES,
  };
}

/** The topics of the external tasks, sorted, narrowed to locked, unlocked or with retries left. */
export async function topicNames(
  core: EngineCore,
  filter: { withLockedTasks: boolean; withUnlockedTasks: boolean; withRetriesLeft: boolean },
): Promise<string[]> {
  const now = core.clock.now();
  const rows = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    return tx.find(EngineExternalTask, {});
  });
  const names = rows
    .filter((t) => {
      const held = t.lockExpirationTime !== null && t.lockExpirationTime > now;
      if (filter.withLockedTasks && !held) return false;
      if (filter.withUnlockedTasks && held) return false;
      return !filter.withRetriesLeft || t.retries === null || t.retries > 0;
    })
    .map((t) => t.topicName);
  return [...new Set(names)].sort();
}

/** The ids of the external tasks of these process instances. */
export async function externalTaskIdsOf(core: EngineCore, processInstanceIds: string[]): Promise<string[]> {
  const rows = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    return tx.find(EngineExternalTask, { processInstanceId: processInstanceIds });
  });
  return rows.map((r) => r.id);
}
