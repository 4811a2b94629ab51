import type { DataSource } from 'typeorm';
import { EngineTx } from './engine-tx.js';
import { FoldedTransaction } from './folded-transaction.js';
import { TaskKeys } from './task-keys.js';
import { translateDbError } from './store-errors.js';
import { gatedSqliteRunner } from '../sqlite-write-gate.js';
import type { EngineDialect } from './store-where.js';
import type { StatementCounter } from './write-queue.js';
import { DEFAULT_MAX_FILE_BYTES, type FileLimits } from '../files/file-store.js';

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

// The store's parts, exported from here as before the split (callers import `@motcua/db`).
export { EngineTx } from './engine-tx.js';
export type { ProcessInstanceQuery } from './process-instance-query.js';
export { jobDefinitionIdOf } from './store-bookkeeping.js';
export { ConcurrentModificationError } from './store-errors.js';
export type { EngineDialect, EntityClass, FindOptions, Where, WhereOp } from './store-where.js';
export type { FetchableExternalTaskQuery, FetchAlong, FetchCandidate } from './work-queries.js';
export type { TableRead } from './read-together.js';
export type { TaskKeysOf, TaskKind } from './task-keys.js';

/** What a caller queued on the SQLite connection does: a transaction, or anything else. */
type Turn = 'transaction' | 'other';

/** A FIFO async mutex: one holder at a time, in arrival order. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  /** What the callers queued behind the holder do, in order. */
  private readonly queue: Turn[] = [];
  /** Callers queued behind the holder. */
  get waiting(): number {
    return this.queue.length;
  }
  /** What the next holder does, if one is queued. */
  get next(): Turn | undefined {
    return this.queue[0];
  }
  run<T>(fn: () => Promise<T>, turn: Turn = 'other'): Promise<T> {
    this.queue.push(turn);
    const result = this.tail.then(() => {
      this.queue.shift();
      return fn();
    });
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/**
 * SQLite group commit: commands queued one behind the other share one transaction, each in its own
 * savepoint, and one COMMIT (one fsync of the WAL, `synchronous=FULL`) makes them all durable.
 * Nobody hears of a command's result before that COMMIT returned.
 */
interface CommitGroup {
  /** Settles when the group's COMMIT returned (or failed: then every command in it failed). */
  readonly committed: Promise<void>;
  commit(): void;
  fail(err: unknown): void;
  /** Commands released into the group so far. */
  commands: number;
}

/** At most this many commands share one COMMIT, so one group holds the file's write lock briefly. */
const MAX_GROUP = 16;

function newGroup(): CommitGroup {
  let commit!: () => void;
  let fail!: (err: unknown) => void;
  const committed = new Promise<void>((ok, ko) => {
    commit = ok;
    fail = ko;
  });
  committed.catch(() => undefined); // a failed group is reported through each command's result
  return { committed, commit, fail, commands: 0 };
}

export class EngineStore {
  readonly dialect: EngineDialect;
  /** Statements and round trips issued through this store so far (see EngineTx). */
  private readonly counter: StatementCounter = { statements: 0, roundTrips: 0 };
  private readonly mutex = new Mutex();
  /**
   * The keys of open tasks, on the engine's own MySQL pool (where reading a completion's rows
   * ahead saves a round trip; see task-keys.ts); none elsewhere.
   */
  private readonly taskKeys: TaskKeys | undefined;

  constructor(
    private readonly ds: DataSource,
    /** Limits of the file storage; the REST layer also bounds uploads with them. */
    readonly fileLimits: FileLimits = { maxBytes: DEFAULT_MAX_FILE_BYTES },
  ) {
    this.dialect = ds.options.type === 'mysql' || ds.options.type === 'mariadb' ? 'mysql' : 'sqlite';
    this.foldsTransactions =
      this.dialect === 'mysql' &&
      (ds.options as { multipleStatements?: boolean }).multipleStatements === true;
    this.taskKeys = this.foldsTransactions ? new TaskKeys() : undefined;
  }

  /**
   * MySQL/MariaDB on a pool opened with `multipleStatements` (the engine's own): transactions send
   * START TRANSACTION and COMMIT with their first and last statements (see FoldedTransaction).
   * Over another DataSource (a test's, a script's) they run as TypeORM runs them.
   */
  private readonly foldsTransactions: boolean;

  get statements(): number {
    return this.counter.statements;
  }

  /**
   * Round trips to the database so far: each read, each flush of queued writes (one on MySQL,
   * one per statement on SQLite), and a transaction's BEGIN and COMMIT (on the engine's MySQL
   * pool they go with its first and last statements: a trip of their own only when there is none).
   */
  get roundTrips(): number {
    return this.counter.roundTrips;
  }

  /**
   * SQLite: transactions and reads queued behind the one holding the connection (0 on MySQL,
   * where the database's own locks order them). Race tests read it to know a command waits.
   */
  get waiting(): number {
    return this.mutex.waiting;
  }

  /** Runs `fn` in one database transaction; rolls back if it throws. Its queued writes go before COMMIT. */
  async transaction<T>(fn: (tx: EngineTx) => Promise<T>): Promise<T> {
    // The queued writes go before COMMIT (SQLite: before the command's savepoint is released);
    // in a FoldedTransaction the COMMIT rides with them (`commit`).
    const work = async (tx: EngineTx, flush: { commit?: boolean } = {}) => {
      const result = await fn(tx);
      await tx.queueCommitWrites();
      await tx.flush(flush);
      return result;
    };
    try {
      // The engine's own MySQL pool: BEGIN and COMMIT ride with the first and last statements.
      if (this.foldsTransactions)
        return await FoldedTransaction.run(this.ds, this.counter, (em, transaction) =>
          work(
            new EngineTx(em, this.dialect, this.counter, this.fileLimits, {
              deferWrites: true,
              transaction,
              taskKeys: this.taskKeys,
            }),
            { commit: true },
          ),
        );
      this.counter.roundTrips += 2; // BEGIN and COMMIT (SQLite: SAVEPOINT and RELEASE) or ROLLBACK
      if (this.dialect === 'sqlite') {
        const done = await this.mutex.run(() => this.sqliteGroupedCommand(work), 'transaction');
        await done.committed;
        return done.result;
      }
      return await this.ds.transaction((em) =>
        work(new EngineTx(em, this.dialect, this.counter, this.fileLimits)),
      );
    } catch (err) {
      throw translateDbError(err);
    }
  }

  /** The SQLite commit group open on the connection, if any (see CommitGroup). */
  private group: CommitGroup | null = null;

  /**
   * SQLite, holding the connection: runs `fn` in a savepoint of the open commit group (opened with
   * `BEGIN IMMEDIATE` if none is: that takes the write lock up front, waiting up to busy_timeout
   * for other processes on the same file — the portal and the workers under `npm start`; TypeORM's
   * deferred `BEGIN` would read first and fail with SQLITE_BUSY_SNAPSHOT when another process
   * committed before this transaction's first write). A failed command rolls back to its
   * savepoint only. Then the group commits, unless the next in line is another command (and the
   * group is not full): that one joins it. Reads and upkeep never see a group open (they are not
   * transactions, so the group commits before them). EngineTx never calls TypeORM operations that
   * open transactions of their own. The group holds the file's process-wide write gate from its
   * BEGIN to its COMMIT or ROLLBACK (the gated query runner takes it at `BEGIN IMMEDIATE` and gives
   * it back once the connection is out of the transaction; see sqlite-write-gate.ts): the other DataSources of the process on the
   * file (the portal's, the workers') wait for it asynchronously, and a group commits at once when
   * one of them waits, instead of taking in more commands.
   */
  private async sqliteGroupedCommand<T>(
    fn: (tx: EngineTx) => Promise<T>,
  ): Promise<{ result: T; committed: Promise<void> }> {
    const qr = this.ds.createQueryRunner();
    if (!this.group) {
      await qr.query('BEGIN IMMEDIATE');
      this.group = newGroup();
    }
    const group = this.group;
    let result: T;
    let savepoint = false;
    try {
      await qr.query('SAVEPOINT engine_command');
      savepoint = true;
      result = await fn(new EngineTx(qr.manager, 'sqlite', this.counter, this.fileLimits));
      savepoint = false;
      await qr.query('RELEASE engine_command');
    } catch (err) {
      // The command fails alone: back to its savepoint, and the group goes on. If that is not
      // possible (SQLite rolled the whole transaction back itself: I/O error, disk full), the
      // commands released into the group before this one are lost with it, and fail too.
      let clean = false;
      if (savepoint && this.sqliteInTransaction())
        try {
          await qr.query('ROLLBACK TO engine_command');
          await qr.query('RELEASE engine_command');
          clean = true;
        } catch {
          // the group is rolled back as a whole below
        }
      if (clean) await this.endGroupUnlessJoined(group);
      else await this.abandonGroup(group, err);
      throw err;
    }
    group.commands += 1;
    await this.endGroupUnlessJoined(group);
    return { result, committed: group.committed };
  }

  /** The group cannot commit: rolled back (if SQLite has not done it), every command in it fails. */
  private async abandonGroup(group: CommitGroup, err: unknown): Promise<void> {
    this.group = null;
    // Sent even when SQLite rolled back already: the gate is given back after it (see below).
    await this.ds
      .createQueryRunner()
      .query('ROLLBACK')
      .catch(() => undefined);
    group.fail(err);
  }

  /** Commits the group, unless another command is next on the connection and may join it. */
  private async endGroupUnlessJoined(group: CommitGroup): Promise<void> {
    if (group.commands >= MAX_GROUP || this.othersWaitForTheFile()) return this.endGroup(group);
    // A command runs without giving the event loop a turn (better-sqlite3 answers synchronously),
    // so requests that arrived meanwhile have not reached the store yet: one turn lets them queue.
    if (this.mutex.next !== 'transaction') await new Promise((turn) => setImmediate(turn));
    if (this.mutex.next === 'transaction' && !this.othersWaitForTheFile()) return;
    return this.endGroup(group);
  }

  private async endGroup(group: CommitGroup): Promise<void> {
    this.group = null;
    const qr = this.ds.createQueryRunner();
    try {
      await qr.query(group.commands === 0 ? 'ROLLBACK' : 'COMMIT');
    } catch (err) {
      await this.abandonGroup(group, err);
      return;
    }
    group.commit();
  }

  /** Another DataSource of this process (the portal's, the workers') waits to write the file. */
  private othersWaitForTheFile(): boolean {
    return (gatedSqliteRunner(this.ds)?.gate.waiting ?? 0) > 0;
  }

  private sqliteInTransaction(): boolean {
    const connection = (this.ds.driver as unknown as { databaseConnection?: { inTransaction?: boolean } })
      .databaseConnection;
    return connection?.inTransaction ?? true;
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
    const run = () =>
      fn(
        new EngineTx(this.ds.manager, this.dialect, this.counter, this.fileLimits, {
          deferWrites: false,
          taskKeys: this.taskKeys,
        }),
      );
    return this.dialect === 'sqlite' ? this.mutex.run(run) : run();
  }
}

export function createEngineStore(ds: DataSource, options: { files?: FileLimits } = {}): EngineStore {
  return new EngineStore(ds, options.files);
}
