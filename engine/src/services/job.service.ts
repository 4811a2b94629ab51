import { EngineIncident, EngineJob, type EngineTx, type Where } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, UPDATE_PROCESS_INSTANCES } from '../identity/authorization.service.js';
import {
  BadUserRequestError,
  InvalidArgumentError,
  NotFoundError,
  ProcessEngineError,
} from '../runtime/errors.js';
import { logOperation } from '../operation-log/operation-log.js';
import type { ListQuery, QueryParams } from './query-params.js';

/** Jobs (timers, async continuations): the query, one job, and the operator's changes to them. */

/** `now`: the engine clock's, so `executable` agrees with the job executor (and a test clock). */
function jobWhere(p: QueryParams, now: Date): Where<EngineJob> {
  const where: Where<EngineJob> = {};
  const s = (k: string) => p.string(k);
  if (s('jobId')) where.id = s('jobId');
  if (s('processInstanceId')) where.processInstanceId = s('processInstanceId');
  if (s('executionId')) where.executionId = s('executionId');
  if (s('processDefinitionId')) where.processDefinitionId = s('processDefinitionId');
  if (s('processDefinitionKey')) where.processDefinitionKey = s('processDefinitionKey');
  if (s('activityId')) where.activityId = s('activityId');
  if (p.bool('timers')) where.type = 'timer';
  if (p.bool('messages')) where.type = 'message';
  if (p.bool('withException')) where.exceptionMessage = { op: 'notNull' };
  if (p.bool('noRetriesLeft')) where.retries = 0;
  const executable = p.bool('executable');
  const withRetriesLeft = p.bool('withRetriesLeft');
  if (withRetriesLeft || executable)
    where.retries =
      where.retries === 0
        ? {
            op: 'all',
            of: [
              { op: 'gt', value: 0 },
              { op: 'lte', value: 0 },
            ],
          }
        : { op: 'gt', value: 0 };
  // Executable: retries left and due (a job without a due date is due at once).
  if (executable) where.dueDate = { op: 'nullOrLte', value: now };
  return where;
}

/** The job query (`GET`/`POST /job`, `…/count`): the filters a process needs to find its timers and failed jobs. */
export function jobQuery(core: EngineCore, p: QueryParams): ListQuery<EngineJob> {
  return {
    entity: EngineJob,
    where: jobWhere(p, core.clock.now()),
    order: { dueDate: 'ASC', id: 'ASC' },
    permission: UPDATE_PROCESS_INSTANCES,
  };
}

async function jobOr404(tx: EngineTx, id: string): Promise<EngineJob> {
  const j = await tx.get(EngineJob, id);
  if (!j) throw new NotFoundError(`Job with id ${id} does not exist`);
  return j;
}

export function getJob(core: EngineCore, id: string): Promise<EngineJob> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    return jobOr404(tx, id);
  });
}

/** `POST /job/{id}/execute`: runs the job now, for a caller who may update process instances. */
export async function executeJob(
  core: EngineCore,
  executor: { execute(jobId: string): Promise<void> },
  id: string,
): Promise<void> {
  await core.query((tx, caller) => requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES));
  await executor.execute(id);
}

/** Sets a job's retries; retries above 0 resolve its failedJob incident, as in Camunda. */
export async function setJobRetries(core: EngineCore, id: string, retries: number): Promise<void> {
  if (retries < 0) throw new BadUserRequestError('The number of job retries must be a non-negative Integer');
  await core.command(async (c) => {
    await requirePermission(c.tx, c.caller, UPDATE_PROCESS_INSTANCES);
    const job = await c.tx.get(EngineJob, id);
    if (!job) throw new NotFoundError(`No job found with id '${id}'`);
    job.retries = retries;
    await c.tx.update(EngineJob, job);
    if (retries > 0)
      await c.tx.removeWhere(EngineIncident, { configuration: job.id, incidentType: 'failedJob' });
    c.createdJobs = true;
  });
}

/** Suspends or activates every job of an instance or a definition (a suspended job is not acquired). */
export async function suspendJobs(
  core: EngineCore,
  of: { processInstanceId?: string; processDefinitionId?: string; processDefinitionKey?: string },
  change: { suspended: boolean },
): Promise<void> {
  if (Object.values(of).every((v) => v === undefined))
    throw new InvalidArgumentError('Give processInstanceId, processDefinitionId or processDefinitionKey');
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    for (const j of await tx.find(EngineJob, { ...of, suspended: !change.suspended })) {
      j.suspended = change.suspended;
      await tx.update(EngineJob, j);
    }
  });
}

type FieldChange = { property: string; orgValue: string | null; newValue: string | null };

/** One logged change of a job's field (Camunda: SetJobDuedate, SuspendJob, SetPriority). */
async function changeJob(
  core: EngineCore,
  id: string,
  operationType: string,
  apply: (j: EngineJob) => FieldChange,
): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    const job = await jobOr404(tx, id);
    const change = apply(job);
    await tx.update(EngineJob, job);
    await logOperation(tx, now, {
      operationType,
      entityType: 'Job',
      category: 'Operator',
      changes: [change],
      processDefinitionId: job.processDefinitionId,
      processDefinitionKey: job.processDefinitionKey,
      processInstanceId: job.processInstanceId,
    });
  });
}

const text = (d: Date | null) => (d ? d.toISOString() : null);

export function setJobDueDate(core: EngineCore, id: string, due: Date | null): Promise<void> {
  return changeJob(core, id, 'SetDueDate', (j) => {
    const change = { property: 'duedate', orgValue: text(j.dueDate), newValue: text(due) };
    j.dueDate = due;
    return change;
  });
}

export function setJobSuspended(core: EngineCore, id: string, change: { suspended: boolean }): Promise<void> {
  const { suspended } = change;
  return changeJob(core, id, suspended ? 'SuspendJob' : 'ActivateJob', (j) => {
    const logged = {
      property: 'suspensionState',
      orgValue: String(j.suspended),
      newValue: String(suspended),
    };
    j.suspended = suspended;
    return logged;
  });
}

export function setJobPriority(core: EngineCore, id: string, priority: number): Promise<void> {
  return changeJob(core, id, 'SetPriority', (j) => {
    const change = { property: 'priority', orgValue: String(j.priority), newValue: String(priority) };
    j.priority = priority;
    return change;
  });
}

/**
 * Deletes a job. Operaton (the reference) deletes any job, also the timer an instance waits on —
 * that instance then waits until it is modified or deleted; only a job being executed is refused.
 */
export async function deleteJob(core: EngineCore, id: string): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    const job = await jobOr404(tx, id);
    if (job.lockOwner !== null && job.lockExpirationTime !== null && job.lockExpirationTime > now)
      throw new ProcessEngineError('Cannot delete job when the job is being executed. Try again later.');
    await tx.removeWhere(EngineIncident, { configuration: job.id });
    await tx.remove(EngineJob, job);
    await logOperation(tx, now, {
      operationType: 'Delete',
      entityType: 'Job',
      category: 'Operator',
      changes: [],
      processDefinitionId: job.processDefinitionId,
      processDefinitionKey: job.processDefinitionKey,
    });
  });
}
