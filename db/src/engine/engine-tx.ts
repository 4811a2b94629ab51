import type { EntityManager, ObjectLiteral } from 'typeorm';
import {
  EngineExternalTask,
  EngineExecution,
  EngineHistoricProcessInstance,
  EngineIdentityLink,
  EngineIncident,
  EngineJob,
  EngineTask,
} from './entities.js';
import { EngineMembership } from './identity.entities.js';
import {
  FINISHED_COUNT_TABLE,
  FinishedInstanceTally,
  finishedCountQuery,
  type FinishedCountFilter,
} from './finished-instance-count.js';
import { metricBuckets, type IntervalMetric } from './metric-buckets.js';
import { ProcessInstanceQueries, type ProcessInstanceQuery } from './process-instance-query.js';
import { TxBookkeeping } from './store-bookkeeping.js';
import { StatementShapes, type ShapedSelect } from './statement-shapes.js';
import { BuilderShapes } from './builder-shapes.js';
import { ConcurrentModificationError } from './store-errors.js';
import {
  toFindWhere,
  type EngineDialect,
  type EntityClass,
  type FindOptions,
  type Where,
} from './store-where.js';
import {
  candidateGroupTaskCounts,
  countTaskQuery,
  deferredPageTaskQuery,
  pageTaskQuery,
  taskQueryShape,
  withCandidateUserGroups,
  type TaskQuery,
} from './task-query.js';
import {
  WorkQueries,
  type FetchableExternalTaskQuery,
  type FetchAlong,
  type FetchCandidate,
} from './work-queries.js';
import { WriteQueue, type PendingWrite, type StatementCounter } from './write-queue.js';
import type { FoldedTransaction } from './folded-transaction.js';
import { findTogether, PrimedReads, readAlong, type TableRead } from './read-together.js';
import { ReadState } from './read-state.js';
import { QueuedInserts } from './queued-inserts.js';
import type { TaskKeys, TaskKeysOf, TaskKind } from './task-keys.js';
import { DEFAULT_MAX_FILE_BYTES, FileRepository, type FileLimits } from '../files/file-store.js';

/**
 * One unit of work. Everything done through it commits or rolls back together.
 *
 * Its writes are deferred (see WriteQueue): queued in order and flushed before its next read and
 * before COMMIT, so a command's writes between two reads cost one round trip on MariaDB. A lost
 * revision check therefore throws ConcurrentModificationError at that flush — still inside the
 * command, which rolls back as a whole.
 */
export class EngineTx {
  constructor(
    private readonly em: EntityManager,
    readonly dialect: EngineDialect,
    /** Shared count of statements and round trips issued, for tests that keep hot paths flat. */
    private readonly counter: StatementCounter = { statements: 0, roundTrips: 0 },
    /** Limits of the file storage (File/Bytes variables, attachments). */
    private readonly fileLimits: FileLimits = { maxBytes: DEFAULT_MAX_FILE_BYTES },
    /** false outside a transaction (EngineStore.read): writes then run at once. */
    options: {
      deferWrites: boolean;
      transaction?: FoldedTransaction;
      /** 'builder': the task and fetch queries through TypeORM's builder each call (comparison tests). */
      builderTexts?: 'cached' | 'builder';
      /** The store's keys of open tasks, where reading ahead saves a round trip (see task-keys.ts). */
      taskKeys?: TaskKeys;
    } = { deferWrites: true },
  ) {
    this.knownTasks = options.taskKeys ?? null;
    this.writes = new WriteQueue(em, dialect, counter, options.deferWrites, options.transaction);
    this.primed = new PrimedReads((table) => this.writes.version(table));
    this.queuedRows = new QueuedInserts(this.writes);
    this.shapes = new StatementShapes(em.connection, dialect);
    this.builderShapes = new BuilderShapes(em.connection, dialect, options.builderTexts);
    this.bookkeeping = new TxBookkeeping({
      em,
      writes: this.writes,
      shapes: this.shapes,
      countRead: () => this.count1(),
      now: () => this.commandTime ?? new Date(),
    });
    this.work = new WorkQueries(em, dialect, () => this.count1(), this.builderShapes);
    this.processInstances = new ProcessInstanceQueries(em, () => this.count1());
  }

  /**
   * Sends the queued writes (see WriteQueue). EngineStore calls it before COMMIT; the engine
   * before its test seam, so a command held before commit holds its row locks as before.
   */
  flush(options: { commit?: boolean } = {}): Promise<void> {
    return this.writes.flush(options);
  }

  /**
   * The file storage inside this transaction: a file commits or rolls back with the command. It
   * reads and writes through the manager itself, so the queued writes go first.
   */
  files(): FileRepository {
    return flushingFirst(
      new FileRepository(this.em, this.fileLimits, () => this.commandTime ?? new Date()),
      () => this.flush(),
    );
  }

  /**
   * The command's time (the engine's clock, set by EngineCore.command): history rows the store
   * writes by itself (incident history) use it.
   */
  commandTime: Date | null = null;

  /** Counts one read: one statement, one round trip. */
  private count1(): void {
    this.counter.statements += 1;
    this.counter.roundTrips += 1;
  }

  private readonly writes: WriteQueue;
  /** Rows read ahead for a get or find that follows (see findTogetherAhead). */
  private readonly primed: PrimedReads;
  /** The hot statements' SQL texts, built once per shape (see statement-shapes.ts). */
  private readonly shapes: StatementShapes;
  /** The task query's and fetchAndLock's texts, built by TypeORM once per shape (see builder-shapes.ts). */
  private readonly builderShapes: BuilderShapes;

  /** The finished history instances this command ended or removed (see finished-instance-count.ts). */
  private readonly finishedCount = new FinishedInstanceTally();

  /** Single-row INSERTs queued by `insert`, by the row object (see foldIntoQueuedInsert). */
  private readonly queuedInserts = new WeakMap<object, PendingWrite>();
  /** Every queued INSERT by its rows, for rows deleted before it was sent (see QueuedInserts). */
  private readonly queuedRows: QueuedInserts;
  /** The store's keys of open tasks (MariaDB's multi-statement pool only), see taskKeys. */
  private readonly knownTasks: TaskKeys | null;

  /**
   * The execution, process instance and activity instance of task `id` (a user task or an
   * external task), if this engine process wrote or returned it: a completion reads by them in its
   * first round trip (see task-keys.ts). Undefined where that saves nothing (SQLite).
   */
  taskKeys(kind: TaskKind, id: string): TaskKeysOf | undefined {
    return this.knownTasks?.of(kind, id);
  }

  /** Which kind of task `entity` holds, if it holds tasks. */
  private static taskKind(entity: unknown): TaskKind | null {
    if (entity === EngineTask) return 'task';
    if (entity === EngineExternalTask) return 'externalTask';
    return null;
  }

  /** What the rows read or inserted so far held, for updates of changed columns only. */
  private readonly readState = new ReadState();
  /** The history the store writes by itself (see TxBookkeeping). */
  private readonly bookkeeping: TxBookkeeping;
  private readonly work: WorkQueries;
  private readonly processInstances: ProcessInstanceQueries;

  async insert<T extends ObjectLiteral>(entity: EntityClass<T>, row: T): Promise<T> {
    if ((entity as unknown) === EngineJob)
      await this.bookkeeping.applyJobDefinition(row as unknown as EngineJob);
    await this.rowInsert(entity, [row]);
    this.readState.remember([row]);
    const kind = EngineTx.taskKind(entity);
    if (kind) this.knownTasks?.note(kind, [row]);
    if ((entity as unknown) === EngineHistoricProcessInstance) this.countIfEnded(row);
    if ((entity as unknown) === EngineIncident)
      await this.bookkeeping.openHistoricIncident(row as unknown as EngineIncident);
    if ((entity as unknown) === EngineIdentityLink)
      await this.bookkeeping.logIdentityLinks([row as unknown as EngineIdentityLink], 'add');
    if ((entity as unknown) === EngineExternalTask)
      await this.bookkeeping.logExternalTask(row as unknown as EngineExternalTask, 'created');
    if ((entity as unknown) === EngineJob)
      await this.bookkeeping.logJob(row as unknown as EngineJob, 'created');
    return row;
  }

  /** Writes the external-task log (failed and successful by the service; see TxBookkeeping). */
  logExternalTask(
    t: EngineExternalTask,
    state: 'created' | 'failed' | 'successful' | 'deleted',
  ): Promise<void> {
    return this.bookkeeping.logExternalTask(t, state);
  }

  /** Writes the job log (failed and successful by the executor; see TxBookkeeping). */
  logJob(job: EngineJob, state: 'created' | 'failed' | 'successful' | 'deleted'): Promise<void> {
    return this.bookkeeping.logJob(job, state);
  }

  /**
   * Ends the history of the runtime incidents matching `where`: `resolved` (retries given back,
   * resolved by an operator) or `deleted` (their execution went away). Already ended ones keep
   * their state, so a caller may mark `deleted` before removing the runtime rows.
   */
  async closeIncidents(where: Where<EngineIncident>, state: 'resolved' | 'deleted'): Promise<void> {
    const ids = (await this.find(EngineIncident, where)).map((i) => i.id);
    if (ids.length === 0) return;
    await this.bookkeeping.endHistoricIncidents(ids, state);
  }

  async insertMany<T extends ObjectLiteral>(entity: EntityClass<T>, rows: T[]): Promise<void> {
    if (rows.length === 0) return;
    await this.rowInsert(entity, rows);
    if ((entity as unknown) === EngineHistoricProcessInstance) for (const row of rows) this.countIfEnded(row);
    if ((entity as unknown) === EngineIdentityLink)
      await this.bookkeeping.logIdentityLinks(rows as unknown as EngineIdentityLink[], 'add');
  }

  /**
   * One INSERT of `rows`. TypeORM would read each inserted row back (a `SELECT` per INSERT on
   * SQLite and MySQL, which have no RETURNING here) to learn the columns the database defaults;
   * the engine generates its ids, so the defaults are filled in on the objects instead. Queued;
   * an entity with generated columns (none of the engine's) is inserted at once and read back.
   */
  private async rowInsert<T extends ObjectLiteral>(entity: EntityClass<T>, rows: T[]): Promise<void> {
    const metadata = this.em.connection.getMetadata(entity);
    const generated = metadata.columns.some((c) => c.isGenerated || c.isCreateDate || c.isVersion);
    if (!generated)
      for (const column of metadata.columns)
        if (column.default !== undefined && typeof column.default !== 'function')
          for (const row of rows)
            if (column.getEntityValue(row) === undefined) column.setEntityValue(row, column.default);
    const shaped = generated ? null : this.shapes.insert(entity, rows);
    if (shaped) {
      const write = await this.writes.addReplaceable(shaped);
      if (rows.length === 1) this.queuedInserts.set(rows[0]!, write);
      this.queuedRows.record(shaped.table, rows, write);
      return;
    }
    const insert = this.em.createQueryBuilder().insert().into(entity).values(rows);
    if (!generated) return this.writes.add(insert.updateEntity(false));
    await this.flush();
    this.count1();
    this.writes.noteWrite(metadata.tableName);
    await insert.updateEntity(true).execute();
  }

  /** Writes every column of `row`, if its `rev` is still the one read; bumps `row.rev`. */
  async update<T extends ObjectLiteral & { id: string; rev: number }>(
    entity: EntityClass<T>,
    row: T,
  ): Promise<void> {
    if (this.foldIntoQueuedInsert(entity, row)) {
      this.readState.remember([row]);
      return;
    }
    const { id, rev, ...rest } = row;
    // Only the columns changed since this unit of work read the row (all, if it did not).
    const set = { ...(this.readState.changedSince(row) ?? rest), rev: rev + 1 };
    await this.writes.add(
      this.shapes.update(entity, set, { id, rev }) ??
        this.em
          .createQueryBuilder()
          .update(entity)
          .set(set as never)
          .where('id = :id AND rev = :rev', { id, rev }),
      {
        expectOneRow: () =>
          new ConcurrentModificationError(`${entity.name} ${id} was updated by another transaction`),
      },
    );
    (row as { rev: number }).rev = rev + 1;
    this.readState.remember([row]);
  }

  /**
   * A row inserted in this unit of work whose INSERT is still queued: its update rewrites that
   * INSERT with the row's final state (and `rev` as the update leaves it) instead of queueing an
   * UPDATE, as Camunda's DbEntityManager flushes a new entity once. No one else can see the row
   * before COMMIT, so the update's revision check could not fail. Only for the very object that
   * was inserted (its properties are every column the INSERT wrote).
   */
  private foldIntoQueuedInsert<T extends ObjectLiteral & { id: string; rev: number }>(
    entity: EntityClass<T>,
    row: T,
  ): boolean {
    const write = this.queuedInserts.get(row);
    if (!write) return false;
    row.rev += 1;
    const insert = this.shapes.insert(entity, [row]);
    if (insert && this.writes.replaceQueued(write, insert)) return true;
    row.rev -= 1;
    this.queuedInserts.delete(row);
    return false;
  }

  /**
   * Sets some columns of the row with this id without reading it first (and without a revision
   * check; its revision is bumped): for history rows, which only the command that owns their
   * runtime counterpart — itself checked — changes. Queued: no row with this id changes nothing.
   */
  async updateColumns<T extends ObjectLiteral & { id: string; rev: number }>(
    entity: EntityClass<T>,
    id: string,
    set: Partial<Omit<T, 'id' | 'rev'>>,
  ): Promise<void> {
    await this.writes.add(
      this.shapes.update(entity, set, { id }, { bumpRev: true }) ??
        this.em
          .createQueryBuilder()
          .update(entity)
          .set({ ...set, rev: () => 'rev + 1' } as never)
          .where('id = :id', { id }),
    );
  }

  /** Deletes `row` if its `rev` is still the one read. */
  async remove<T extends ObjectLiteral & { id: string; rev: number }>(
    entity: EntityClass<T>,
    row: T,
  ): Promise<void> {
    if ((entity as unknown) === EngineIncident) await this.closeIncidents({ id: row.id }, 'resolved');
    if ((entity as unknown) === EngineExternalTask)
      await this.bookkeeping.logExternalTasksRemoved([row as unknown as EngineExternalTask]);
    if ((entity as unknown) === EngineJob)
      await this.bookkeeping.logJobsRemoved([row as unknown as EngineJob]);
    if ((entity as unknown) === EngineHistoricProcessInstance) {
      const h = row as unknown as EngineHistoricProcessInstance;
      if (h.endTime !== null) this.finishedCount.removed(h);
    }
    const kind = EngineTx.taskKind(entity);
    if (kind) this.knownTasks?.forget(kind, row.id);
    // Inserted by this unit of work and not sent yet: neither statement goes (see QueuedInserts).
    if (this.queuedRows.withdraw(this.tableOf(entity), [row.id], row).size > 0) return;
    await this.writes.add(
      this.shapes.deleteById(entity, { id: row.id, rev: row.rev }) ??
        this.em
          .createQueryBuilder()
          .delete()
          .from(entity)
          .where('id = :id AND rev = :rev', { id: row.id, rev: row.rev }),
      {
        expectOneRow: () =>
          new ConcurrentModificationError(`${entity.name} ${row.id} was changed by another transaction`),
      },
    );
  }

  /**
   * Deletes rows without revision (identity links and other rows owned by a checked parent).
   * Rows with history the store writes (incidents, identity links, external tasks, jobs) are read
   * first for it; when there are none, there is nothing to delete either and no DELETE is sent.
   *
   * On MariaDB the rows are always read first (a plain read, which locks nothing) and deleted by
   * primary key (removeByIds), as Camunda deletes the entities it loaded: a DELETE by a non-key
   * column scans an index, or the table when no index fits, and waits on every row another
   * transaction holds on the way, so two unrelated instances ending at once waited on (and
   * deadlocked with) each other's subscriptions and jobs.
   */
  async removeWhere<T extends ObjectLiteral>(entity: EntityClass<T>, where: Where<T>): Promise<void> {
    const e = entity as unknown;
    if (e === EngineHistoricProcessInstance) {
      // Each row read and removed revision-checked, so the finished count follows (see remove).
      for (const h of await this.find(
        EngineHistoricProcessInstance,
        where as Where<EngineHistoricProcessInstance>,
      ))
        await this.remove(EngineHistoricProcessInstance, h);
      return;
    }
    const byIds = this.dialect === 'mysql';
    const bookkept =
      e === EngineIncident || e === EngineIdentityLink || e === EngineExternalTask || e === EngineJob;
    const ids = byIds && !bookkept ? onlyIds(where) : null;
    if (ids) return this.removeByIds(entity, ids);
    if (!bookkept && !byIds) return this.deleteWhere(entity, where);
    const rows = (bookkept ? await this.find(entity, where) : await this.findIds(entity, where)) as unknown[];
    if (rows.length === 0) return;
    if (e === EngineIncident)
      await this.bookkeeping.endHistoricIncidents(
        (rows as EngineIncident[]).map((i) => i.id),
        'resolved',
      );
    if (e === EngineIdentityLink)
      await this.bookkeeping.logIdentityLinks(rows as EngineIdentityLink[], 'delete');
    if (e === EngineExternalTask)
      await this.bookkeeping.logExternalTasksRemoved(rows as EngineExternalTask[]);
    if (e === EngineJob) await this.bookkeeping.logJobsRemoved(rows as EngineJob[]);
    if (byIds)
      return this.removeByIds(
        entity,
        (rows as { id: string }[]).map((r) => r.id),
      );
    await this.deleteWhere(entity, where);
  }

  /** One queued `DELETE … WHERE where`. */
  private deleteWhere<T extends ObjectLiteral>(entity: EntityClass<T>, where: Where<T>): Promise<void> {
    return this.writes.add(
      this.shapes.deleteWhere(entity, where) ??
        this.em
          .createQueryBuilder()
          .delete()
          .from(entity)
          .where(nonEmptyDeleteCriteria(this.em, toFindWhere(where)) as never),
    );
  }

  /** The ids of the rows matching `where` (a plain read: no row locked). */
  private async findIds<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    where: Where<T>,
  ): Promise<{ id: string }[]> {
    const primed = this.primed.take(this.tableOf(entity), where as Record<string, unknown>);
    if (primed) return primed as unknown as { id: string }[];
    await this.writes.flushBeforeReading(entity);
    this.count1();
    const shaped = this.shapes.select(entity, where, { columns: ['id'] });
    if (shaped) return (await this.selectShaped(shaped)) as unknown as { id: string }[];
    return (await this.em.getRepository(entity).find({
      select: { id: true } as never,
      where: toFindWhere(where) as never,
    })) as unknown as { id: string }[];
  }

  /**
   * Deletes rows by primary key, taking no lock on any other row. On MariaDB one row per
   * statement, as Camunda flushes its deletes: an `id IN (…)` range reads (and waits on) the key
   * after each listed one, so two unrelated instances ending at once waited on, and deadlocked
   * with, each other's variable rows. SQLite has one writer and no row locks: one statement.
   */
  async removeByIds<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    rowIds: readonly string[],
  ): Promise<void> {
    if ((entity as unknown) === EngineHistoricProcessInstance)
      throw new Error(
        'historic process instances are removed with remove() or removeWhere(): the finished count follows them',
      );
    // Rows inserted by this unit of work and not sent yet: neither statement goes (see QueuedInserts).
    const withdrawn = this.queuedRows.withdraw(this.tableOf(entity), rowIds);
    const ids = withdrawn.size > 0 ? rowIds.filter((id) => !withdrawn.has(id)) : rowIds;
    if (ids.length === 0) return;
    const deleteFrom = () => this.em.createQueryBuilder().delete().from(entity);
    if (this.dialect !== 'mysql')
      return this.writes.add(
        this.shapes.deleteWhere(entity, { id: [...ids] } as unknown as Where<T>) ??
          deleteFrom().whereInIds([...ids]),
      );
    for (const id of ids)
      await this.writes.add(this.shapes.deleteById(entity, { id }) ?? deleteFrom().where({ id } as never));
  }

  async get<T extends ObjectLiteral>(entity: EntityClass<T>, id: string): Promise<T | null> {
    const primed = this.primed.take(this.tableOf(entity), { id });
    if (primed) {
      this.readState.remember(primed); // read ahead, handed out only now: as the database holds them
      return (primed[0] as T | undefined) ?? null;
    }
    await this.writes.flushBeforeReading(entity);
    this.count1();
    const shaped = this.shapes.select(entity, { id } as unknown as Where<T>);
    const row = shaped
      ? ((await this.selectShaped(shaped))[0] ?? null)
      : await this.em.getRepository(entity).findOne({ where: { id } as never });
    if (row) this.readState.remember([row]);
    return row;
  }

  async find<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    where: Where<T> = {},
    options: FindOptions<T> = {},
  ): Promise<T[]> {
    if (Object.keys(options).length === 0) {
      const primed = this.primed.take(this.tableOf(entity), where as Record<string, unknown>);
      if (primed) {
        this.readState.remember(primed);
        return primed as T[];
      }
    }
    await this.writes.flushBeforeReading(entity);
    this.count1();
    const shaped = this.shapes.select(entity, where, options);
    const rows = shaped
      ? await this.selectShaped(shaped)
      : await this.em.getRepository(entity).find({
          where: toFindWhere(where) as never,
          order: options.order as never,
          skip: options.skip,
          // MySQL has no OFFSET without LIMIT (TypeORM refuses it): a first result alone reads to the end.
          take: options.take ?? (options.skip !== undefined ? 2 ** 31 - 1 : undefined),
        });
    this.readState.remember(rows);
    return rows;
  }

  /** Independent reads of single tables: one round trip on MariaDB (see read-together.ts). */
  async findTogether<A extends ObjectLiteral, B extends ObjectLiteral>(
    a: TableRead<A>,
    b: TableRead<B>,
  ): Promise<[A[], B[]]> {
    const [rowsA, rowsB] = await findTogether(this.em, this.shapes, this.writes, this.counter, [
      a,
      b,
    ] as TableRead[]);
    this.readState.remember(rowsA);
    this.readState.remember(rowsB);
    return [rowsA as A[], rowsB as B[]];
  }

  /**
   * `reads` as findTogether, and on MariaDB's multi-statement pool the `ahead` reads in the same
   * round trip, their rows kept for the get (`where: { id }`), the find without options or the
   * read of removeWhere of exactly that read which the command makes next — served once, and only if nothing was
   * written to their table in between (PrimedReads, read-together.ts). Elsewhere (SQLite, in
   * process) nothing is read ahead: there it saves no round trip.
   */
  async findTogetherAhead(
    reads: readonly TableRead[],
    ahead: readonly TableRead[],
  ): Promise<ObjectLiteral[][]> {
    const together = this.writes.canSendTogether();
    // Reads already read ahead (a completion's first round trip) are served from there.
    const served = reads.map((r) =>
      together ? this.primed.take(this.tableOf(r.entity), r.where as Record<string, unknown>) : null,
    );
    const unserved = reads.filter((_, i) => served[i] === null);
    const more = together
      ? ahead.filter((a) => !this.primed.holds(this.tableOf(a.entity), a.where as Record<string, unknown>))
      : [];
    const rows =
      unserved.length + more.length > 0
        ? await findTogether(this.em, this.shapes, this.writes, this.counter, [...unserved, ...more])
        : [];
    // Counted here (one statement each, as the read each stands for): not again when served.
    more.forEach((read, i) =>
      this.primed.put(
        this.tableOf(read.entity),
        read.where as Record<string, unknown>,
        rows[unserved.length + i]!,
      ),
    );
    let next = 0;
    const out = served.map((rowsServed) => rowsServed ?? rows[next++]!);
    // As find: what the rows held, for updates of their changed columns only.
    for (const r of out) this.readState.remember(r);
    return out;
  }

  private tableOf(entity: EntityClass<ObjectLiteral>): string {
    return this.em.connection.getMetadata(entity).tableName;
  }

  async findOne<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    where: Where<T>,
    options: FindOptions<T> = {},
  ): Promise<T | null> {
    const rows = await this.find(entity, where, { ...options, take: 1 });
    return rows[0] ?? null;
  }

  /** Runs a cached SELECT (see statement-shapes.ts) in this transaction and hydrates its rows. */
  private async selectShaped<T>(shaped: ShapedSelect<T>): Promise<T[]> {
    return shaped.hydrate((await this.em.query(shaped.sql, shaped.parameters)) as Record<string, unknown>[]);
  }

  /** `SELECT COUNT(*)` in the database (TypeORM's `count` would say `COUNT(DISTINCT id)`, which sorts). */
  async count<T extends ObjectLiteral>(entity: EntityClass<T>, where: Where<T> = {}): Promise<number> {
    await this.writes.flushBeforeReading(entity);
    this.count1();
    const shaped = this.shapes.count(entity, where);
    if (shaped) return this.queryCount(shaped);
    const row = await this.em
      .getRepository(entity)
      .createQueryBuilder('c')
      .select('COUNT(*)', 'cnt')
      .where(toFindWhere(where) as never)
      .getRawOne<{ cnt: number | string }>();
    return Number(row?.cnt ?? 0);
  }

  /**
   * The historic process instance `id` ended in this command (completed, cancelled, terminated):
   * the finished count takes it at commit (see queueCommitWrites).
   */
  historicInstanceEnded(id: string): void {
    this.finishedCount.ended(id);
  }

  private countIfEnded(row: unknown): void {
    const h = row as EngineHistoricProcessInstance;
    if (h.endTime !== null && h.endTime !== undefined) this.finishedCount.ended(h.id);
  }

  /**
   * Queues the writes that go last, after everything else the command wrote: the finished count's
   * (see finished-instance-count.ts). EngineStore calls it once, before the flush before COMMIT.
   */
  async queueCommitWrites(): Promise<void> {
    for (const { sql, parameters } of this.finishedCount.take(this.dialect))
      await this.writes.add({ table: FINISHED_COUNT_TABLE, sql, parameters });
  }

  /**
   * The number of finished historic process instances (with `withUnfinished`, of every one) of
   * all definitions, or of one definition id and/or key, from the counter (exactly COUNT(*) of
   * those rows; see finished-instance-count.ts).
   */
  async countFinishedHistoricInstances(filter: FinishedCountFilter): Promise<number> {
    await this.writes.flush();
    this.count1();
    return this.queryCount(finishedCountQuery(filter));
  }

  /** Runs a `SELECT … AS cnt` in this transaction: its one number (0 for no row or NULL). */
  private async queryCount(statement: { sql: string; parameters: unknown[] }): Promise<number> {
    const rows = (await this.em.query(statement.sql, statement.parameters)) as {
      cnt: number | string | null;
    }[];
    return Number(rows[0]?.cnt ?? 0);
  }

  /** A metric counted per interval in the database (see metricBuckets). */
  async metricBuckets(
    metric: IntervalMetric,
    intervalMs: number,
    window: { start?: Date; end?: Date },
  ): Promise<{ timestamp: number; value: number }[]> {
    await this.flush();
    this.count1();
    return metricBuckets(this.em, this.dialect, metric, intervalMs, window);
  }

  /** `SELECT COUNT(DISTINCT column)` in the database. */
  async countDistinct<T extends ObjectLiteral>(
    entity: EntityClass<T>,
    column: keyof T & string,
    where: Where<T> = {},
  ): Promise<number> {
    await this.writes.flushBeforeReading(entity);
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
    await this.writes.flushBeforeReading(entity);
    this.count1();
    const v = await this.em.getRepository(entity).maximum(column as never, toFindWhere(where) as never);
    return v === null || v === undefined ? null : Number(v);
  }

  /**
   * External tasks of a topic a worker may lock now (see WorkQueries). With `along`, on MariaDB's
   * multi-statement pool, its reads for the look's first batch of candidates go in the lock's
   * round trip, behind it (readAlong); their rows are handed to `along.rows`.
   */
  async findFetchableExternalTasks(
    q: FetchableExternalTaskQuery,
    along?: FetchAlong,
  ): Promise<EngineExternalTask[]> {
    await this.flush();
    const send = readAlong(this.em, this.shapes, this.writes, this.counter, along, (rows) =>
      this.readState.remember(rows),
    );
    const rows = await this.work.findFetchableExternalTasks(q, send);
    this.readState.remember(rows);
    this.knownTasks?.note('externalTask', rows);
    return rows;
  }

  /** Jobs the executor may acquire now (see WorkQueries). */
  async findAcquirableJobs(now: Date, limit: number): Promise<EngineJob[]> {
    await this.flush();
    const rows = await this.work.findAcquirableJobs(now, limit);
    this.readState.remember(rows);
    return rows;
  }

  /** What a fetch would lock first, without locking anything (see WorkQueries): none if nothing. */
  async lookForFetchableExternalTasks(q: FetchableExternalTaskQuery): Promise<FetchCandidate[]> {
    await this.flush();
    return this.work.lookForFetchableExternalTasks(q);
  }

  private async groupsOf(userId: string): Promise<string[]> {
    await this.writes.flushBeforeReading(EngineMembership);
    this.count1();
    const shaped = this.shapes.select(EngineMembership, { userId }, { columns: ['groupId'] });
    const rows = shaped
      ? await this.selectShaped(shaped)
      : await this.em.getRepository(EngineMembership).find({ where: { userId } });
    return rows.map((m) => m.groupId);
  }

  async queryTasks(query: TaskQuery): Promise<EngineTask[]> {
    const q = await withCandidateUserGroups(query, (u) => this.groupsOf(u));
    await this.flush();
    this.count1();
    const repo = this.em.getRepository(EngineTask);
    // The inbox's orQueries (group or assignee) by due date stay a plain page: MariaDB reads the OR
    // through the (assignee, dueDate) index (ref_or_null) and stops at the page, which it does not
    // do inside the deferred join's derived table (at 100 000 open tasks: 82 ms p50 deferred, 9 ms
    // plain). Other sorts keep the deferred join, which the plan tests hold on small tables too.
    const inboxOr = Boolean(q.orQueries?.length) && q.sortBy === 'dueDate';
    const deferred = q.take !== undefined && !inboxOr;
    const build = () =>
      deferred ? deferredPageTaskQuery(repo, q) : pageTaskQuery(repo.createQueryBuilder('t'), q);
    const { shape, params } = taskQueryShape(q);
    const built = this.builderShapes.select(
      `tasks ${deferred ? 'deferred' : 'plain'} ${shape}`,
      params,
      build,
    );
    const rows = built
      ? built.hydrate((await this.em.query(built.sql, built.parameters)) as Record<string, unknown>[])
      : await build().getMany();
    this.knownTasks?.note('task', rows);
    return rows;
  }

  /** Open tasks per candidate group, counted in the database (see candidateGroupTaskCounts). */
  async candidateGroupTaskCounts(): Promise<{ groupName: string | null; taskCount: number }[]> {
    await this.flush();
    this.count1();
    this.count1(); // two statements
    return candidateGroupTaskCounts(this.em);
  }

  async countTasks(query: TaskQuery): Promise<number> {
    const q = await withCandidateUserGroups(query, (u) => this.groupsOf(u));
    await this.flush();
    this.count1();
    const build = () => countTaskQuery(this.em.getRepository(EngineTask).createQueryBuilder('t'), q);
    const { shape, params } = taskQueryShape(q);
    const built = this.builderShapes.raw(`task count ${shape}`, params, build);
    if (built) return this.queryCount(built);
    const row = await build().getRawOne<{ cnt: number | string }>();
    return Number(row?.cnt ?? 0);
  }

  async queryProcessInstances(q: ProcessInstanceQuery): Promise<EngineExecution[]> {
    await this.flush();
    return this.processInstances.queryProcessInstances(q);
  }

  async countProcessInstances(q: ProcessInstanceQuery): Promise<number> {
    await this.flush();
    return this.processInstances.countProcessInstances(q);
  }
}

/** The ids when `where` names rows by primary key alone (`{ id }` or `{ id: [...] }`), else null. */
function onlyIds<T>(where: Where<T>): readonly string[] | null {
  const keys = Object.keys(where);
  if (keys.length !== 1 || keys[0] !== 'id') return null;
  const id = (where as { id?: unknown }).id;
  if (typeof id === 'string') return [id];
  if (Array.isArray(id) && id.every((v) => typeof v === 'string')) return id as string[];
  return null;
}

/** `target` whose every method first awaits `before` (the queued writes, for a repository reading the same transaction). */
function flushingFirst<T extends object>(target: T, before: () => Promise<void>): T {
  return new Proxy(target, {
    get(t, property, receiver) {
      const value: unknown = Reflect.get(t, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await before();
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}

/**
 * TypeORM's own guard of `delete(criteria)` (EntityManager.delete runs it before building the
 * statement): an empty condition would render as `1=1` and delete every row, so it throws instead.
 */
function nonEmptyDeleteCriteria(em: EntityManager, criteria: unknown): unknown {
  const guard = em as unknown as {
    normalizeAndValidateWhereCriteria(c: unknown, method: string): { criteria: unknown };
  };
  return guard.normalizeAndValidateWhereCriteria(criteria, 'delete').criteria;
}
