import type { DataSource } from 'typeorm';
import { EngineTx } from './engine-tx.js';
import { translateDbError } from './store-errors.js';
import type { EngineDialect } from './store-where.js';
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
export type { FetchableExternalTaskQuery } from './work-queries.js';

/** A FIFO async mutex: one holder at a time, in arrival order. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  /** Callers queued behind the holder. */
  waiting = 0;
  run<T>(fn: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    const result = this.tail.then(() => {
      this.waiting -= 1;
      return fn();
    });
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

  /**
   * SQLite: transactions and reads queued behind the one holding the connection (0 on MySQL,
   * where the database's own locks order them). Race tests read it to know a command waits.
   */
  get waiting(): number {
    return this.mutex.waiting;
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
