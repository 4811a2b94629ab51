import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner.js';

/**
 * The process-wide write gate of one SQLite file (issue 15).
 *
 * better-sqlite3 is synchronous: a connection that finds the file write-locked waits in SQLite's
 * busy handler (busy_timeout) with the event loop blocked. When the lock is held by ANOTHER
 * connection of the SAME process — the engine's and the portal's DataSources under `npm start` —
 * that holder can never go on to COMMIT (it needs the event loop), so the waiter fails after the
 * busy timeout and the whole process stood still meanwhile. Hence: every DataSource of the process
 * on a file takes that file's gate (an asynchronous FIFO lock) before it writes — before it begins
 * a transaction, or before a write statement outside one — and gives it back at COMMIT/ROLLBACK.
 * Within the process nobody then waits for the file's lock synchronously; other processes on the
 * file still wait through busy_timeout, as before.
 */
export class SqliteWriteGate {
  private held = false;
  private readonly queue: (() => void)[] = [];

  /**
   * @param waitMs how long a writer waits for the gate before it is refused, as long as
   *   busy_timeout lets a connection wait for the file's lock: a holder that never lets go (a
   *   transaction waiting on something that itself needs the gate) then fails a writer with an
   *   error, as SQLite's SQLITE_BUSY did before the gate, instead of leaving it waiting for ever.
   */
  constructor(private readonly waitMs = SQLITE_BUSY_TIMEOUT_MS) {}

  /** Writers of the process waiting for the gate. */
  get waiting(): number {
    return this.queue.length;
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((granted, refused) => {
      const grant = () => {
        clearTimeout(timer);
        granted();
      };
      const timer = setTimeout(() => {
        const at = this.queue.indexOf(grant);
        if (at >= 0) this.queue.splice(at, 1);
        refused(
          Object.assign(
            new Error(
              `SQLite write gate not granted within ${this.waitMs} ms: another writer of this process holds the file`,
            ),
            { code: 'SQLITE_BUSY' },
          ),
        );
      }, this.waitMs);
      this.queue.push(grant);
    });
  }

  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.held = false;
  }
}

/** SQLite's busy_timeout on every connection (data-source.ts); the gate waits as long. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

const gates = new Map<string, SqliteWriteGate>();

/** The file's identity: its real path (the directory's, if the file does not exist yet). */
function fileKey(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      return join(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/** The gate of a SQLite file, shared by every DataSource of the process on it. */
export function sqliteWriteGateFor(path: string): SqliteWriteGate {
  const key = fileKey(path);
  let gate = gates.get(key);
  if (!gate) {
    gate = new SqliteWriteGate();
    gates.set(key, gate);
  }
  return gate;
}

/**
 * The one query runner of a better-sqlite3 DataSource (TypeORM shares it among every caller), taking
 * the file's gate for writes. Holds nest: the gate is taken at the first hold and given back when
 * the last one ends, so a store that holds it across its own transaction (the engine's group
 * commit) and TypeORM's transactions on the same runner never wait for themselves.
 */
export class GatedSqliteQueryRunner extends BetterSqlite3QueryRunner {
  private holds = 0;
  private granted: Promise<void> = Promise.resolve();
  /** A transaction begun by a `BEGIN …` statement (not TypeORM's startTransaction) is open. */
  private statementTransaction = false;

  constructor(
    driver: ConstructorParameters<typeof BetterSqlite3QueryRunner>[0],
    readonly gate: SqliteWriteGate,
  ) {
    super(driver);
  }

  /** Takes the file's gate for this connection (at once if this connection holds it already). */
  async holdWriteGate(): Promise<void> {
    this.holds += 1;
    if (this.holds === 1) this.granted = this.gate.acquire();
    try {
      await this.granted;
    } catch (err) {
      this.holds -= 1; // refused: nothing to give back
      throw err;
    }
  }

  /**
   * The connection closes (DataSource.destroy): SQLite rolls back whatever it had open, so its
   * holds end too; otherwise the file's other DataSources in the process would wait for ever.
   */
  abandonWriteGate(): void {
    if (this.holds === 0) return;
    this.holds = 0;
    this.statementTransaction = false;
    void this.granted.then(
      () => this.gate.release(),
      () => undefined, // never granted: nothing to give back
    );
  }

  releaseWriteGate(): void {
    if (this.holds === 0) throw new Error('SQLite write gate released without a hold');
    this.holds -= 1;
    if (this.holds === 0) this.gate.release();
  }

  /**
   * Every transaction TypeORM begins on this runner holds the gate until its COMMIT or ROLLBACK
   * (nested ones, savepoints on the same connection, hold it again, which costs nothing).
   */
  override async startTransaction(
    isolationLevel?: Parameters<BetterSqlite3QueryRunner['startTransaction']>[0],
  ) {
    await this.holdWriteGate();
    try {
      await super.startTransaction(isolationLevel);
    } catch (err) {
      this.releaseWriteGate();
      throw err;
    }
  }

  /** A COMMIT that failed leaves the transaction open (and the gate held) for the caller's rollback. */
  override async commitTransaction(): Promise<void> {
    await super.commitTransaction();
    this.releaseWriteGate();
  }

  override async rollbackTransaction(): Promise<void> {
    if (!this.isTransactionActive) return super.rollbackTransaction(); // TypeORM's own error
    try {
      await super.rollbackTransaction();
    } finally {
      this.releaseWriteGate();
    }
  }

  /**
   * Outside TypeORM's transactions: a `BEGIN …` sent as a statement (the engine's `BEGIN IMMEDIATE`,
   * the baseline schema's) holds the gate until the connection is out of that transaction again
   * (its COMMIT or ROLLBACK, or SQLite rolling it back itself); a statement that writes outside
   * any transaction (`insert`/`update` through the query builder, `ds.query('UPDATE …')`, ANALYZE)
   * holds it while it runs. Reads never wait: in WAL mode a reader does not take the write lock.
   */
  override async query(
    query: string,
    parameters?: unknown[],
    useStructuredResult?: boolean,
  ): ReturnType<BetterSqlite3QueryRunner['query']> {
    if (this.isTransactionActive) return super.query(query, parameters, useStructuredResult);
    this.endStatementTransactionIfOver();
    if (!this.statementTransaction && /^\s*BEGIN\b/i.test(query)) {
      await this.holdWriteGate();
      try {
        const result = await super.query(query, parameters, useStructuredResult);
        this.statementTransaction = true;
        return result;
      } catch (err) {
        this.releaseWriteGate();
        throw err;
      }
    }
    if (this.holds > 0 || (await this.readsOnly(query)))
      try {
        return await super.query(query, parameters, useStructuredResult);
      } finally {
        this.endStatementTransactionIfOver();
      }
    await this.holdWriteGate();
    try {
      return await super.query(query, parameters, useStructuredResult);
    } finally {
      this.releaseWriteGate();
    }
  }

  private endStatementTransactionIfOver(): void {
    if (!this.statementTransaction) return;
    const connection = (this.driver as unknown as { databaseConnection?: { inTransaction: boolean } })
      .databaseConnection;
    if (connection?.inTransaction) return;
    this.statementTransaction = false;
    this.releaseWriteGate();
  }

  /** SQLite's own verdict (`sqlite3_stmt_readonly`), on the statement TypeORM caches anyway. */
  private async readsOnly(query: string): Promise<boolean> {
    try {
      const stmt = await (this as unknown as { getStmt(q: string): Promise<{ readonly: boolean }> }).getStmt(
        query,
      );
      return stmt.readonly;
    } catch {
      return false; // it fails in super.query with TypeORM's own error
    }
  }
}

/**
 * Makes the DataSource's query runner the gated one. TypeORM's better-sqlite3 driver keeps one
 * runner (created on demand, dropped at disconnect): the driver's factory is replaced on this one
 * DataSource object, so re-initializing it keeps the gate; its disconnect gives back what the
 * closing connection held.
 */
export function installSqliteWriteGate(ds: DataSource, path: string): void {
  const gate = sqliteWriteGateFor(path);
  const driver = ds.driver as unknown as {
    queryRunner?: GatedSqliteQueryRunner;
    createQueryRunner(mode?: unknown): GatedSqliteQueryRunner;
    disconnect(): Promise<void>;
  };
  driver.createQueryRunner = () => (driver.queryRunner ??= new GatedSqliteQueryRunner(driver as never, gate));
  const disconnect = driver.disconnect.bind(driver);
  driver.disconnect = async () => {
    driver.queryRunner?.abandonWriteGate();
    return disconnect();
  };
}

/** The gated runner of a SQLite DataSource, or null (MySQL, `:memory:`). */
export function gatedSqliteRunner(ds: DataSource): GatedSqliteQueryRunner | null {
  if (ds.options.type !== 'better-sqlite3') return null;
  const runner = ds.createQueryRunner();
  return runner instanceof GatedSqliteQueryRunner ? runner : null;
}
