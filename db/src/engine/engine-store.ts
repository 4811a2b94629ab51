import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  And,
  Brackets,
  In,
  IsNull,
  LessThan,
  LessThanOrEqual,
  Like,
  MoreThan,
  MoreThanOrEqual,
  Not,
  Or,
  Raw,
  type DataSource,
  type EntityManager,
  type FindOperator,
  type ObjectLiteral,
  type SelectQueryBuilder,
} from 'typeorm';
import {
  EngineExternalTask,
  EngineExecution,
  EngineIdentityLink,
  EngineIncident,
  EngineJob,
  EngineTask,
} from './entities.js';
import {
  EngineJobDefinitionState,
  EngineMembership,
  EngineHistoricExternalTaskLog,
  EngineHistoricIdentityLink,
  EngineHistoricIncident,
} from './identity.entities.js';
import { EngineHistoricJobLog } from './job-log.entities.js';
import { metricBuckets, type IntervalMetric } from './metric-buckets.js';
import {
  candidateGroupTaskCounts,
  countTaskQuery,
  deferredPageTaskQuery,
  pageTaskQuery,
  withCandidateUserGroups,
  type TaskQuery,
  type VariableCondition,
} from './task-query.js';
import { DEFAULT_MAX_FILE_BYTES, FileRepository, type FileLimits } from '../files/file-store.js';

/**
 * The engine's only door to the database. The engine never sees typeorm: it runs each REST command
 * inside `store.transaction(tx => …)` and reads/writes plain entity objects through `EngineTx`.
 *
 * Concurrency:
 * - every `update`/`remove` of a row with `rev` checks the revision it read and bumps it; a row that
 *   changed meanwhile throws `ConcurrentModificationError` and the whole transaction rolls back;
 * - SQLite: one engine process; better-sqlite3 is synchronous but TypeORM transactions interleave
 *   across awaits on the single connection, so every transaction (and every read, which would
 *   otherwise see another request's uncommitted writes) runs under an in-process mutex;
 * - MySQL/MariaDB: READ COMMITTED, fetchable external tasks are selected `FOR UPDATE SKIP LOCKED`,
 *   so several engine processes never lock the same task.
 */

export type EngineDialect = 'sqlite' | 'mysql';

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

/** A row changed under us (lost revision check, deadlock, duplicate key): retry the whole command. */
export class ConcurrentModificationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConcurrentModificationError';
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EntityClass<T> = new (...args: any[]) => T;

/** Comparison operators for `find`/`count` beyond equality, null (IS NULL) and arrays (IN). */
export type WhereOp<V> =
  | { op: 'notNull' }
  /** Both bounds exclusive (Camunda's `…After` and `…Before` together). */
  | { op: 'between'; after: V; before: V }
  /** NULL counts as "not yet": unlocked, no due date. */
  | { op: 'nullOrLte' | 'nullOrGt'; value: V }
  /** Every one of the conditions (e.g. an inclusive range: gte and lte). */
  | { op: 'all'; of: (WhereOp<V> | V[])[] }
  | { op: 'lt' | 'lte' | 'gt' | 'gte'; value: V }
  | { op: 'like'; value: string }
  | { op: 'ne'; value: V }
  /**
   * A semi-join answered in the database: the value is in `column` of the `table` rows whose
   * columns equal `where` (e.g. the users of a group's memberships), never a list read first.
   * Table and column names come from code, never from a request.
   */
  | { op: 'inSelect'; table: string; column: string; where: Record<string, string> };
export type Where<T> = { [K in keyof T]?: T[K] | null | T[K][] | WhereOp<T[K]> };
export interface FindOptions<T> {
  order?: { [K in keyof T]?: 'ASC' | 'DESC' };
  skip?: number;
  take?: number;
}

export interface FetchableExternalTaskQuery {
  topicName: string;
  now: Date;
  limit: number;
  usePriority: boolean;
  createTimeOrder?: 'ASC' | 'DESC';
  businessKey?: string;
  processDefinitionIds?: string[];
  processDefinitionKeys?: string[];
  processDefinitionVersionTag?: string;
  tenantIds?: string[];
  withoutTenantId?: boolean;
  /** Only tasks whose process instance has these variables with these canonical texts. */
  processVariables?: { name: string; text: string | null }[];
}

export interface ProcessInstanceQuery {
  processInstanceIds?: string[];
  businessKey?: string;
  businessKeyLike?: string;
  processDefinitionKey?: string;
  processDefinitionId?: string;
  superProcessInstance?: string;
  variables?: VariableCondition[];
  sortBy?: 'id' | 'processDefinitionKey' | 'processDefinitionId' | 'businessKey';
  sortOrder?: 'ASC' | 'DESC';
  skip?: number;
  take?: number;
}

/** Parameter names of `inSelect` semi-joins, unique within any statement. */
let inSelectParams = 0;

function inSelect(w: {
  table: string;
  column: string;
  where: Record<string, string>;
}): FindOperator<unknown> {
  const params: Record<string, string> = {};
  const conds = Object.entries(w.where).map(([col, value]) => {
    const name = `insel${(inSelectParams = (inSelectParams + 1) % 1_000_000)}`;
    params[name] = value;
    return `${col} = :${name}`;
  });
  return Raw(
    (alias) => `${alias} IN (SELECT ${w.column} FROM ${w.table} WHERE ${conds.join(' AND ')})`,
    params,
  );
}

function toFindOperator(value: unknown): unknown {
  if (value === null) return IsNull();
  if (Array.isArray(value)) return In(value);
  if (value && typeof value === 'object' && 'op' in value && !(value instanceof Date)) {
    const w = value as { op: string; value?: unknown; after?: unknown; before?: unknown; of?: unknown[] };
    switch (w.op) {
      case 'all':
        return And(...(w.of ?? []).map((c) => toFindOperator(c) as FindOperator<unknown>));
      case 'between':
        return And(MoreThan(w.after), LessThan(w.before));
      case 'nullOrLte':
        return Or(IsNull(), LessThanOrEqual(w.value));
      case 'nullOrGt':
        return Or(IsNull(), MoreThan(w.value));
      case 'notNull':
        return Not(IsNull());
      case 'lt':
        return LessThan(w.value);
      case 'lte':
        return LessThanOrEqual(w.value);
      case 'gt':
        return MoreThan(w.value);
      case 'gte':
        return MoreThanOrEqual(w.value);
      case 'like':
        return Like(w.value);
      case 'ne':
        return Not(w.value);
      case 'inSelect':
        return inSelect(value as unknown as { table: string; column: string; where: Record<string, string> });
    }
  }
  return value;
}

function toFindWhere<T>(where: Where<T>): Record<string, unknown | FindOperator<unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(where)) if (v !== undefined) out[k] = toFindOperator(v);
  return out;
}

function translateDbError(err: unknown): unknown {
  const e = err as { code?: string; errno?: number; message?: string };
  if (e?.code === 'ER_LOCK_DEADLOCK' || e?.code === 'ER_LOCK_WAIT_TIMEOUT') {
    return new ConcurrentModificationError(`Concurrent transaction conflict: ${e.message}`, { cause: err });
  }
  if (
    e?.code === 'ER_DUP_ENTRY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  ) {
    return new ConcurrentModificationError(`Concurrent insert of the same row: ${e.message}`, { cause: err });
  }
  return err;
}

/** One unit of work. Everything done through it commits or rolls back together. */
export class EngineTx {
  constructor(
    private readonly em: EntityManager,
    readonly dialect: EngineDialect,
    /** Shared count of statements issued, for tests that keep hot paths flat. */
    private readonly counter: { statements: number } = { statements: 0 },
    /** Limits of the file storage (File/Bytes variables, attachments). */
    private readonly fileLimits: FileLimits = { maxBytes: DEFAULT_MAX_FILE_BYTES },
  ) {}

  /** The file storage inside this transaction: a file commits or rolls back with the command. */
  files(): FileRepository {
    return new FileRepository(this.em, this.fileLimits, () => this.commandTime ?? new Date());
  }

  /**
   * The command's time (the engine's clock, set by EngineCore.command): history rows the store
   * writes by itself (incident history) use it.
   */
  commandTime: Date | null = null;

  private count1(): void {
    this.counter.statements += 1;
  }

  async insert<T extends ObjectLiteral>(entity: EntityClass<T>, row: T): Promise<T> {
    if ((entity as unknown) === EngineJob) await this.applyJobDefinition(row as unknown as EngineJob);
    this.count1();
    await this.em.createQueryBuilder().insert().into(entity).values(row).execute();
    if ((entity as unknown) === EngineIncident)
      await this.openHistoricIncident(row as unknown as EngineIncident);
    if ((entity as unknown) === EngineIdentityLink)
      await this.logIdentityLinks([row as unknown as EngineIdentityLink], 'add');
    if ((entity as unknown) === EngineExternalTask)
      await this.logExternalTask(row as unknown as EngineExternalTask, 'created');
    if ((entity as unknown) === EngineJob) await this.logJob(row as unknown as EngineJob, 'created');
    return row;
  }

  // ---- job definitions: a job is born with its definition's suspension and overriding priority

  private async applyJobDefinition(job: EngineJob): Promise<void> {
    this.count1();
    const state = await this.em.getRepository(EngineJobDefinitionState).findOne({
      where: { id: jobDefinitionIdOf(job.processDefinitionId, job.activityId, job.handlerType) },
    });
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
    this.count1();
    const timestamp = this.commandTime ?? new Date();
    await this.em
      .createQueryBuilder()
      .insert()
      .into(EngineHistoricExternalTaskLog)
      .values({
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
      })
      .execute();
  }

  private async logExternalTasksRemoved(tasks: EngineExternalTask[]): Promise<void> {
    for (const t of tasks) if (!this.externalTasksEnded.has(t.id)) await this.logExternalTask(t, 'deleted');
  }

  // ---- job log: created and deleted here, whoever does it; failed and successful by the executor

  /** Jobs run successfully in this transaction: their removal is the end of the run, no deletion. */
  private readonly jobsEnded = new Set<string>();

  async logJob(job: EngineJob, state: 'created' | 'failed' | 'successful' | 'deleted'): Promise<void> {
    if (state === 'successful') this.jobsEnded.add(job.id);
    this.count1();
    await this.em
      .createQueryBuilder()
      .insert()
      .into(EngineHistoricJobLog)
      .values({
        id: orderedId(),
        timestamp: this.commandTime ?? new Date(),
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
      })
      .execute();
  }

  private async logJobsRemoved(jobs: EngineJob[]): Promise<void> {
    for (const j of jobs) if (!this.jobsEnded.has(j.id)) await this.logJob(j, 'deleted');
  }

  // ---- incident history: every runtime incident insert/removal is mirrored, whoever does it

  private async openHistoricIncident(i: EngineIncident): Promise<void> {
    this.count1();
    await this.em
      .createQueryBuilder()
      .insert()
      .into(EngineHistoricIncident)
      .values({
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
      })
      .execute();
  }

  /**
   * Ends the history of the runtime incidents matching `where`: `resolved` (retries given back,
   * resolved by an operator) or `deleted` (their execution went away). Already ended ones keep
   * their state, so a caller may mark `deleted` before removing the runtime rows.
   */
  async closeIncidents(where: Where<EngineIncident>, state: 'resolved' | 'deleted'): Promise<void> {
    const ids = (await this.find(EngineIncident, where)).map((i) => i.id);
    if (ids.length === 0) return;
    this.count1();
    await this.em
      .createQueryBuilder()
      .update(EngineHistoricIncident)
      .set({ state, endTime: this.commandTime ?? new Date(), rev: () => 'rev + 1' } as never)
      .where('id IN (:...ids) AND endTime IS NULL', { ids })
      .execute();
  }

  async insertMany<T extends ObjectLiteral>(entity: EntityClass<T>, rows: T[]): Promise<void> {
    this.count1();
    if (rows.length === 0) return;
    await this.em.createQueryBuilder().insert().into(entity).values(rows).execute();
    if ((entity as unknown) === EngineIdentityLink)
      await this.logIdentityLinks(rows as unknown as EngineIdentityLink[], 'add');
  }

  // ---- identity-link history: candidate links added and removed, whoever does it

  private async logIdentityLinks(
    links: EngineIdentityLink[],
    operationType: 'add' | 'delete',
  ): Promise<void> {
    if (links.length === 0) return;
    this.count1();
    const time = this.commandTime ?? new Date();
    await this.em
      .createQueryBuilder()
      .insert()
      .into(EngineHistoricIdentityLink)
      .values(
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
      )
      .execute();
  }

  /** Writes every column of `row`, if its `rev` is still the one read; bumps `row.rev`. */
  async update<T extends ObjectLiteral & { id: string; rev: number }>(
    entity: EntityClass<T>,
    row: T,
  ): Promise<void> {
    this.count1();
    const { id, rev, ...rest } = row;
    const result = await this.em
      .createQueryBuilder()
      .update(entity)
      .set({ ...rest, rev: rev + 1 } as never)
      .where('id = :id AND rev = :rev', { id, rev })
      .execute();
    if (result.affected !== 1)
      throw new ConcurrentModificationError(`${entity.name} ${id} was updated by another transaction`);
    (row as { rev: number }).rev = rev + 1;
  }

  /** Deletes `row` if its `rev` is still the one read. */
  async remove<T extends ObjectLiteral & { id: string; rev: number }>(
    entity: EntityClass<T>,
    row: T,
  ): Promise<void> {
    if ((entity as unknown) === EngineIncident) await this.closeIncidents({ id: row.id }, 'resolved');
    if ((entity as unknown) === EngineExternalTask)
      await this.logExternalTasksRemoved([row as unknown as EngineExternalTask]);
    if ((entity as unknown) === EngineJob) await this.logJobsRemoved([row as unknown as EngineJob]);
    this.count1();
    const result = await this.em
      .createQueryBuilder()
      .delete()
      .from(entity)
      .where('id = :id AND rev = :rev', { id: row.id, rev: row.rev })
      .execute();
    if (result.affected !== 1)
      throw new ConcurrentModificationError(`${entity.name} ${row.id} was changed by another transaction`);
  }

  /** Deletes rows without revision (identity links and other rows owned by a checked parent). */
  async removeWhere<T extends ObjectLiteral>(entity: EntityClass<T>, where: Where<T>): Promise<void> {
    if ((entity as unknown) === EngineIncident)
      await this.closeIncidents(where as Where<EngineIncident>, 'resolved');
    if ((entity as unknown) === EngineIdentityLink)
      await this.logIdentityLinks(
        await this.find(EngineIdentityLink, where as Where<EngineIdentityLink>),
        'delete',
      );
    if ((entity as unknown) === EngineExternalTask)
      await this.logExternalTasksRemoved(
        await this.find(EngineExternalTask, where as Where<EngineExternalTask>),
      );
    if ((entity as unknown) === EngineJob)
      await this.logJobsRemoved(await this.find(EngineJob, where as Where<EngineJob>));
    this.count1();
    await this.em.getRepository(entity).delete(toFindWhere(where) as never);
  }

  async get<T extends ObjectLiteral>(entity: EntityClass<T>, id: string): Promise<T | null> {
    this.count1();
    return this.em.getRepository(entity).findOne({ where: { id } as never });
  }

  async find<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    where: Where<T> = {},
    options: FindOptions<T> = {},
  ): Promise<T[]> {
    this.count1();
    return this.em.getRepository(entity).find({
      where: toFindWhere(where) as never,
      order: options.order as never,
      skip: options.skip,
      take: options.take,
    });
  }

  async findOne<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    where: Where<T>,
    options: FindOptions<T> = {},
  ): Promise<T | null> {
    const rows = await this.find(entity, where, { ...options, take: 1 });
    return rows[0] ?? null;
  }

  /** `SELECT COUNT(*)` in the database (TypeORM's `count` would say `COUNT(DISTINCT id)`, which sorts). */
  async count<T extends ObjectLiteral>(entity: EntityClass<T>, where: Where<T> = {}): Promise<number> {
    this.count1();
    const row = await this.em
      .getRepository(entity)
      .createQueryBuilder('c')
      .select('COUNT(*)', 'cnt')
      .where(toFindWhere(where) as never)
      .getRawOne<{ cnt: number | string }>();
    return Number(row?.cnt ?? 0);
  }

  /** A metric counted per interval in the database (see metricBuckets). */
  async metricBuckets(
    metric: IntervalMetric,
    intervalMs: number,
    window: { start?: Date; end?: Date },
  ): Promise<{ timestamp: number; value: number }[]> {
    this.count1();
    return metricBuckets(this.em, this.dialect, metric, intervalMs, window);
  }

  /** `SELECT COUNT(DISTINCT column)` in the database. */
  async countDistinct<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    column: keyof T & string,
    where: Where<T> = {},
  ): Promise<number> {
    this.count1();
    const row = await this.em
      .getRepository(entity)
      .createQueryBuilder('c')
      .select(`COUNT(DISTINCT c.${column})`, 'cnt')
      .where(toFindWhere(where) as never)
      .getRawOne<{ cnt: number | string }>();
    return Number(row?.cnt ?? 0);
  }

  async maxValue<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    column: keyof T & string,
    where: Where<T>,
  ): Promise<number | null> {
    this.count1();
    const v = await this.em.getRepository(entity).maximum(column as never, toFindWhere(where) as never);
    return v === null || v === undefined ? null : Number(v);
  }

  /**
   * External tasks of a topic a worker may lock now: unlocked or lock expired, retries not
   * exhausted, not suspended, in fetch order.
   *
   * On MySQL/MariaDB several engine processes may fetch at once. A single
   * `… ORDER BY … LIMIT n FOR UPDATE SKIP LOCKED` is not enough there: InnoDB locks every row it
   * reads before sorting, so one fetch would lock (and hide from the others) all matching tasks
   * while returning only n. So: read candidates without locks, then lock them one by one by
   * primary key with SKIP LOCKED, re-checking that each is still fetchable (another fetch may have
   * committed a lock since), until n are locked.
   */
  async findFetchableExternalTasks(q: FetchableExternalTaskQuery): Promise<EngineExternalTask[]> {
    this.count1();
    if (this.dialect === 'sqlite') return this.fetchableQuery(q).limit(q.limit).getMany();
    const candidates = await this.fetchableQuery(q)
      .limit(q.limit * 3 + 10)
      .getMany();
    const locked: EngineExternalTask[] = [];
    for (const c of candidates) {
      if (locked.length >= q.limit) break;
      this.count1();
      const row = await this.em
        .getRepository(EngineExternalTask)
        .createQueryBuilder('t')
        .where('t.id = :id', { id: c.id })
        .andWhere(this.fetchableCondition(q.now))
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne();
      if (row) locked.push(row);
    }
    return locked;
  }

  /**
   * Jobs the executor may acquire now: due, unlocked or lock expired, retries left, not suspended;
   * earliest due first. On MySQL/MariaDB each candidate is then locked by primary key with
   * `FOR UPDATE SKIP LOCKED` (see findFetchableExternalTasks for why not in one statement), so
   * engine processes sharing the database never acquire the same job.
   */
  async findAcquirableJobs(now: Date, limit: number): Promise<EngineJob[]> {
    this.count1();
    const query = () =>
      this.em
        .getRepository(EngineJob)
        .createQueryBuilder('j')
        .where('j.dueDate IS NOT NULL AND j.dueDate <= :now', { now })
        .andWhere(
          new Brackets((b) =>
            b.where('j.lockExpirationTime IS NULL').orWhere('j.lockExpirationTime <= :now', { now }),
          ),
        )
        .andWhere('j.retries > 0')
        .andWhere('j.suspended = :suspended', { suspended: false });
    const ordered = query().orderBy('j.dueDate', 'ASC').addOrderBy('j.id', 'ASC');
    if (this.dialect === 'sqlite') return ordered.limit(limit).getMany();
    const candidates = await ordered.limit(limit * 3 + 10).getMany();
    const locked: EngineJob[] = [];
    for (const c of candidates) {
      if (locked.length >= limit) break;
      this.count1();
      const row = await query()
        .andWhere('j.id = :id', { id: c.id })
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne();
      if (row) locked.push(row);
    }
    return locked;
  }

  /** Whether any task of the topic is fetchable, without locking anything (the long-poll re-check). */
  async hasFetchableExternalTasks(
    q: Omit<FetchableExternalTaskQuery, 'limit' | 'usePriority'>,
  ): Promise<boolean> {
    this.count1();
    const row = await this.fetchableQuery({ ...q, limit: 1, usePriority: false })
      .select('t.id')
      .limit(1)
      .getOne();
    return row !== null;
  }

  private fetchableCondition(now: Date): Brackets {
    return new Brackets((w) =>
      w
        .where(
          new Brackets((b) =>
            b.where('t.lockExpirationTime IS NULL').orWhere('t.lockExpirationTime <= :now', { now }),
          ),
        )
        .andWhere(new Brackets((b) => b.where('t.retries IS NULL').orWhere('t.retries > 0')))
        .andWhere('t.suspended = :suspended', { suspended: false }),
    );
  }

  private fetchableQuery(q: FetchableExternalTaskQuery): SelectQueryBuilder<EngineExternalTask> {
    let qb = this.em
      .getRepository(EngineExternalTask)
      .createQueryBuilder('t')
      .where('t.topicName = :topic', { topic: q.topicName })
      .andWhere(this.fetchableCondition(q.now));
    if (q.businessKey !== undefined) qb = qb.andWhere('t.businessKey = :bk', { bk: q.businessKey });
    if (q.processDefinitionIds?.length)
      qb = qb.andWhere('t.processDefinitionId IN (:...pdIds)', { pdIds: q.processDefinitionIds });
    if (q.processDefinitionKeys?.length)
      qb = qb.andWhere('t.processDefinitionKey IN (:...pdKeys)', { pdKeys: q.processDefinitionKeys });
    if (q.processDefinitionVersionTag !== undefined) {
      qb = qb.andWhere('t.processDefinitionVersionTag = :vt', { vt: q.processDefinitionVersionTag });
    }
    if (q.withoutTenantId) qb = qb.andWhere('t.tenantId IS NULL');
    else if (q.tenantIds?.length) qb = qb.andWhere('t.tenantId IN (:...tenants)', { tenants: q.tenantIds });
    (q.processVariables ?? []).forEach((v, i) => {
      qb = qb.andWhere(
        `EXISTS (SELECT 1 FROM eng_variable pv${i} WHERE pv${i}.processInstanceId = t.processInstanceId AND pv${i}.name = :pvn${i} AND ` +
          (v.text === null ? `pv${i}.textValue IS NULL)` : `pv${i}.textValue = :pvv${i})`),
        { [`pvn${i}`]: v.name, [`pvv${i}`]: v.text },
      );
    });
    if (q.usePriority) qb = qb.orderBy('t.priority', 'DESC');
    return qb.addOrderBy('t.createTime', q.createTimeOrder ?? 'ASC').addOrderBy('t.id', 'ASC');
  }

  private async groupsOf(userId: string): Promise<string[]> {
    this.count1();
    const rows = await this.em.getRepository(EngineMembership).find({ where: { userId } });
    return rows.map((m) => m.groupId);
  }

  async queryTasks(query: TaskQuery): Promise<EngineTask[]> {
    const q = await withCandidateUserGroups(query, (u) => this.groupsOf(u));
    this.count1();
    const repo = this.em.getRepository(EngineTask);
    if (q.take !== undefined) return deferredPageTaskQuery(repo, q).getMany();
    return pageTaskQuery(repo.createQueryBuilder('t'), q).getMany();
  }

  /** Open tasks per candidate group, counted in the database (see candidateGroupTaskCounts). */
  async candidateGroupTaskCounts(): Promise<{ groupName: string | null; taskCount: number }[]> {
    this.count1();
    this.count1(); // two statements
    return candidateGroupTaskCounts(this.em);
  }

  async countTasks(query: TaskQuery): Promise<number> {
    const q = await withCandidateUserGroups(query, (u) => this.groupsOf(u));
    this.count1();
    const row = await countTaskQuery(this.em.getRepository(EngineTask).createQueryBuilder('t'), q).getRawOne<{
      cnt: number | string;
    }>();
    return Number(row?.cnt ?? 0);
  }

  private processInstanceQueryBuilder(q: ProcessInstanceQuery): SelectQueryBuilder<EngineExecution> {
    let qb = this.em
      .getRepository(EngineExecution)
      .createQueryBuilder('e')
      .where('e.isProcessInstance = :pi', { pi: true });
    if (q.processInstanceIds)
      qb = qb.andWhere('e.id IN (:...piIds)', {
        piIds: q.processInstanceIds.length ? q.processInstanceIds : [''],
      });
    if (q.businessKey !== undefined) qb = qb.andWhere('e.businessKey = :bk', { bk: q.businessKey });
    if (q.businessKeyLike !== undefined)
      qb = qb.andWhere('e.businessKey LIKE :bkl', { bkl: q.businessKeyLike });
    if (q.processDefinitionKey !== undefined)
      qb = qb.andWhere('e.processDefinitionKey = :pdk', { pdk: q.processDefinitionKey });
    if (q.processDefinitionId !== undefined)
      qb = qb.andWhere('e.processDefinitionId = :pdid', { pdid: q.processDefinitionId });
    if (q.superProcessInstance !== undefined)
      qb = qb.andWhere('e.superProcessInstanceId = :spi', { spi: q.superProcessInstance });
    (q.variables ?? []).forEach((v, i) => {
      const cmp = v.op === 'eq' ? '=' : v.op === 'neq' ? '<>' : 'LIKE';
      qb = qb.andWhere(
        // A semi-join on the (name, textValue) index, as in the task query.
        `e.id IN (SELECT v${i}.processInstanceId FROM eng_variable v${i} WHERE v${i}.name = :vn${i} AND ` +
          (v.text === null
            ? `v${i}.textValue IS ${v.op === 'neq' ? 'NOT ' : ''}NULL)`
            : `v${i}.textValue ${cmp} :vv${i})`),
        { [`vn${i}`]: v.name, [`vv${i}`]: v.text },
      );
    });
    return qb;
  }

  async queryProcessInstances(q: ProcessInstanceQuery): Promise<EngineExecution[]> {
    this.count1();
    let qb = this.processInstanceQueryBuilder(q);
    if (q.sortBy) qb = qb.orderBy(`e.${q.sortBy}`, q.sortOrder ?? 'ASC');
    qb = qb.addOrderBy('e.id', 'ASC');
    if (q.skip !== undefined) qb = qb.offset(q.skip);
    if (q.take !== undefined) qb = qb.limit(q.take);
    else if (q.skip !== undefined) qb = qb.limit(2 ** 31 - 1);
    return qb.getMany();
  }

  async countProcessInstances(q: ProcessInstanceQuery): Promise<number> {
    this.count1();
    const row = await this.processInstanceQueryBuilder(q)
      .select('COUNT(*)', 'cnt')
      .getRawOne<{ cnt: number | string }>();
    return Number(row?.cnt ?? 0);
  }
}

/** A FIFO async mutex: one holder at a time, in arrival order. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export class EngineStore {
  readonly dialect: EngineDialect;
  /** Statements issued through this store so far (see EngineTx). */
  private readonly counter = { statements: 0 };
  private readonly mutex = new Mutex();

  constructor(
    private readonly ds: DataSource,
    /** Limits of the file storage; the REST layer also bounds uploads with them. */
    readonly fileLimits: FileLimits = { maxBytes: DEFAULT_MAX_FILE_BYTES },
  ) {
    this.dialect = ds.options.type === 'mysql' || ds.options.type === 'mariadb' ? 'mysql' : 'sqlite';
  }

  get statements(): number {
    return this.counter.statements;
  }

  /** Runs `fn` in one database transaction; rolls back if it throws. */
  async transaction<T>(fn: (tx: EngineTx) => Promise<T>): Promise<T> {
    const run = async () => {
      try {
        if (this.dialect === 'sqlite') return await this.sqliteImmediateTransaction(fn);
        return await this.ds.transaction((em) =>
          fn(new EngineTx(em, this.dialect, this.counter, this.fileLimits)),
        );
      } catch (err) {
        throw translateDbError(err);
      }
    };
    return this.dialect === 'sqlite' ? this.mutex.run(run) : run();
  }

  /**
   * SQLite: `BEGIN IMMEDIATE` takes the write lock up front (waiting up to busy_timeout for other
   * processes on the same file — the portal and the workers under `npm start`). TypeORM's deferred
   * `BEGIN` would read first and fail with SQLITE_BUSY_SNAPSHOT when another process committed
   * before this transaction's first write. The mutex makes the shared connection ours meanwhile;
   * EngineTx never calls TypeORM operations that open transactions of their own.
   */
  private async sqliteImmediateTransaction<T>(fn: (tx: EngineTx) => Promise<T>): Promise<T> {
    const qr = this.ds.createQueryRunner();
    await qr.query('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = await fn(new EngineTx(qr.manager, 'sqlite', this.counter, this.fileLimits));
    } catch (err) {
      await qr.query('ROLLBACK');
      throw err;
    }
    await qr.query('COMMIT');
    return result;
  }

  /**
   * SQLite's planner chooses indexes by the statistics in `sqlite_stat1`; without them (or with
   * the statistics of an empty database) it may read a large table through the wrong index. So the
   * engine analyzes at start — `analysis_limit` bounds the work to about a thousand rows per index,
   * a few milliseconds even at millions of rows — and runs `PRAGMA optimize` periodically, which
   * re-analyzes only the tables that grew or shrank a lot since. MariaDB/InnoDB keeps persistent
   * statistics itself (recalculated after 10 % of a table changed): nothing to do there.
   */
  async analyze(): Promise<void> {
    if (this.dialect !== 'sqlite') return;
    await this.mutex.run(async () => {
      await this.ds.query('PRAGMA analysis_limit = 1000');
      await this.ds.query('ANALYZE');
    });
  }

  /** The periodic upkeep of SQLite's statistics (see analyze). */
  async optimize(): Promise<void> {
    if (this.dialect !== 'sqlite') return;
    await this.mutex.run(async () => {
      await this.ds.query('PRAGMA analysis_limit = 1000');
      await this.ds.query('PRAGMA optimize');
    });
  }

  /** Reads without a transaction (MySQL) or under the write mutex (SQLite, see above). */
  async read<T>(fn: (tx: EngineTx) => Promise<T>): Promise<T> {
    const run = () => fn(new EngineTx(this.ds.manager, this.dialect, this.counter, this.fileLimits));
    return this.dialect === 'sqlite' ? this.mutex.run(run) : run();
  }
}

export function createEngineStore(ds: DataSource, options: { files?: FileLimits } = {}): EngineStore {
  return new EngineStore(ds, options.files);
}
