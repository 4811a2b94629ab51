import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { EngineExternalTask, EngineIdentityLink, EngineIncident, EngineJob } from './entities.js';
import {
  EngineJobDefinitionState,
  EngineHistoricExternalTaskLog,
  EngineHistoricIdentityLink,
  EngineHistoricIncident,
} from './identity.entities.js';
import { EngineHistoricJobLog } from './job-log.entities.js';
import type { StatementShapes } from './statement-shapes.js';
import type { EntityClass } from './store-where.js';
import type { WriteQueue } from './write-queue.js';

/**
 * The history the store writes by itself, whoever changes the runtime rows: the external-task
 * and job logs, incident history, identity-link history, and a new job's definition state. EngineTx
 * calls it from insert/remove, so no command can forget a log row.
 */

let idSequence = 0;
/**
 * Ids of log rows the store writes itself: unique (random tail) and, within this process, in
 * insertion order (wall-clock time + a counter), so rows of one command time sort as written.
 */
function orderedId(): string {
  idSequence = (idSequence + 1) % 1_679_616; // 36^4
  return `${Date.now().toString(36).padStart(9, '0')}-${idSequence.toString(36).padStart(4, '0')}-${randomUUID().slice(0, 13)}`;
}

/**
 * A job definition's id: the definition, the activity and the kind of job (timers share one per
 * activity; async continuations have one per side), as Camunda keeps one job definition each.
 */
/** Camunda's job definition types by our job handler type (the job log's `jobDefinitionType`). */
const JOB_DEFINITION_TYPES: Record<string, string> = {
  'timer-start': 'timer-start-event',
  'timer-boundary': 'timer-transition',
  'timer-intermediate': 'timer-intermediate-transition',
  'timer-event-sub': 'timer-start-event-subprocess',
  'async-before': 'async-continuation',
  'async-after': 'async-continuation',
};

export function jobDefinitionIdOf(
  processDefinitionId: string,
  activityId: string,
  handlerType: string,
): string {
  const kind = handlerType.startsWith('timer') ? 'timer' : handlerType;
  return `${processDefinitionId}#${activityId}#${kind}`;
}

/** What the bookkeeping needs of its transaction: the manager, its write queue, the read count, the clock. */
export interface BookkeepingContext {
  em: EntityManager;
  /** The transaction's deferred writes: the log rows go in the same flush as the rows they log. */
  writes: WriteQueue;
  /** The cached statement texts (the log rows are INSERTs of one shape each). */
  shapes: StatementShapes;
  /** Counts one read (EngineTx's statement counter). */
  countRead(): void;
  /** The command's time, or now. */
  now(): Date;
}

/** The bookkeeping of one transaction (it remembers what ended successfully in it). */
export class TxBookkeeping {
  constructor(private readonly ctx: BookkeepingContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  private get writes(): WriteQueue {
    return this.ctx.writes;
  }

  /** Queues one INSERT of `rows` (see statement-shapes.ts; TypeORM builds what it does not cover). */
  private insertRows<T extends ObjectLiteral>(entity: EntityClass<T>, rows: T | T[]): Promise<void> {
    const list = Array.isArray(rows) ? rows : [rows];
    return this.writes.add(
      this.ctx.shapes.insert(entity, list) ??
        this.em
          .createQueryBuilder()
          .insert()
          .into(entity)
          .values(list as never),
    );
  }

  // ---- job definitions: a job is born with its definition's suspension and overriding priority

  async applyJobDefinition(job: EngineJob): Promise<void> {
    await this.writes.flushBeforeReading(EngineJobDefinitionState);
    this.ctx.countRead();
    const id = jobDefinitionIdOf(job.processDefinitionId, job.activityId, job.handlerType);
    const shaped = this.ctx.shapes.select(EngineJobDefinitionState, { id });
    const state = shaped
      ? (shaped.hydrate(await this.em.query(shaped.sql, shaped.parameters))[0] ?? null)
      : await this.em.getRepository(EngineJobDefinitionState).findOne({ where: { id } });
    if (!state) return;
    if (state.suspended) job.suspended = true;
    if (state.overridingJobPriority !== null) job.priority = state.overridingJobPriority;
  }

  // ---- external-task log: created and deleted here, whoever does it; failed and successful by the service

  /** External tasks that ended successfully in this transaction: their removal is no deletion. */
  private readonly externalTasksEnded = new Set<string>();

  async logExternalTask(
    t: EngineExternalTask,
    state: 'created' | 'failed' | 'successful' | 'deleted',
  ): Promise<void> {
    if (state === 'successful') this.externalTasksEnded.add(t.id);
    const timestamp = this.ctx.now();
    await this.insertRows(EngineHistoricExternalTaskLog, {
      id: orderedId(),
      timestamp,
      externalTaskId: t.id,
      topicName: t.topicName,
      workerId: t.workerId,
      retries: t.retries,
      priority: t.priority,
      errorMessage: state === 'failed' ? t.errorMessage : null,
      errorDetails: state === 'failed' ? t.errorDetails : null,
      activityId: t.activityId,
      activityInstanceId: t.activityInstanceId,
      executionId: t.executionId,
      processInstanceId: t.processInstanceId,
      processDefinitionId: t.processDefinitionId,
      processDefinitionKey: t.processDefinitionKey,
      tenantId: t.tenantId,
      state,
    });
  }

  async logExternalTasksRemoved(tasks: EngineExternalTask[]): Promise<void> {
    for (const t of tasks) if (!this.externalTasksEnded.has(t.id)) await this.logExternalTask(t, 'deleted');
  }

  // ---- job log: created and deleted here, whoever does it; failed and successful by the executor

  /** Jobs run successfully in this transaction: their removal is the end of the run, no deletion. */
  private readonly jobsEnded = new Set<string>();

  async logJob(job: EngineJob, state: 'created' | 'failed' | 'successful' | 'deleted'): Promise<void> {
    if (state === 'successful') this.jobsEnded.add(job.id);
    await this.insertRows(EngineHistoricJobLog, {
      id: orderedId(),
      timestamp: this.ctx.now(),
      jobId: job.id,
      jobDueDate: job.dueDate,
      jobRetries: job.retries,
      jobPriority: job.priority,
      jobExceptionMessage: state === 'failed' ? job.exceptionMessage : null,
      jobExceptionStacktrace: state === 'failed' ? job.exceptionStacktrace : null,
      jobDefinitionId: jobDefinitionIdOf(job.processDefinitionId, job.activityId, job.handlerType),
      jobDefinitionType: JOB_DEFINITION_TYPES[job.handlerType] ?? job.handlerType,
      jobDefinitionConfiguration: job.handlerType.startsWith('async-') ? job.handlerType : null,
      activityId: job.activityId,
      executionId: job.executionId,
      processInstanceId: job.processInstanceId,
      processDefinitionId: job.processDefinitionId,
      processDefinitionKey: job.processDefinitionKey,
      tenantId: job.tenantId,
      hostname: hostname(),
      state,
    });
  }

  async logJobsRemoved(jobs: EngineJob[]): Promise<void> {
    for (const j of jobs) if (!this.jobsEnded.has(j.id)) await this.logJob(j, 'deleted');
  }

  // ---- incident history: every runtime incident insert/removal is mirrored, whoever does it

  async openHistoricIncident(i: EngineIncident): Promise<void> {
    await this.insertRows(EngineHistoricIncident, {
      id: i.id,
      rev: 1,
      incidentType: i.incidentType,
      incidentMessage: i.incidentMessage,
      createTime: i.incidentTimestamp,
      endTime: null,
      executionId: i.executionId,
      processInstanceId: i.processInstanceId,
      processDefinitionId: i.processDefinitionId,
      activityId: i.activityId,
      configuration: i.configuration,
      tenantId: i.tenantId,
      state: 'open',
      annotation: i.annotation ?? null,
    });
  }

  /**
   * Ends the history of the incidents `ids`: `resolved` (retries given back, resolved by an
   * operator) or `deleted` (their execution went away). Already ended ones keep their state.
   */
  async endHistoricIncidents(ids: string[], state: 'resolved' | 'deleted'): Promise<void> {
    await this.writes.add(
      this.em
        .createQueryBuilder()
        .update(EngineHistoricIncident)
        .set({ state, endTime: this.ctx.now(), rev: () => 'rev + 1' } as never)
        .where('id IN (:...ids) AND endTime IS NULL', { ids }),
    );
  }

  // ---- identity-link history: candidate links added and removed, whoever does it

  async logIdentityLinks(links: EngineIdentityLink[], operationType: 'add' | 'delete'): Promise<void> {
    if (links.length === 0) return;
    const time = this.ctx.now();
    await this.insertRows(
      EngineHistoricIdentityLink,
      links.map((l) => ({
        id: orderedId(),
        time,
        type: l.type,
        userId: l.userId,
        groupId: l.groupId,
        taskId: l.taskId,
        operationType,
        assignerId: null,
      })),
    );
  }
}
