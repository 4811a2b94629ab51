import type { EntityManager, ObjectLiteral, QueryRunner } from 'typeorm';
import type { EngineDialect, EntityClass } from './store-where.js';
import type { FoldedTransaction } from './folded-transaction.js';

/**
 * The deferred writes of one unit of work, as Camunda flushes a command's changes once: EngineTx
 * queues its INSERT/UPDATE/DELETE statements here and they go to the database together, in the
 * order they were queued, before the transaction's next read (read-your-writes holds) and before
 * COMMIT. A read of one table (EngineTx's get, find, count …) flushes only when a queued write
 * touches that table — the engine's entities have no relations, so such a read sees nothing else
 * of the queue — and every other read (joins, locking reads, files) flushes whatever is queued.
 * The writes keep their order either way, and plain reads take no row locks on MariaDB (READ
 * COMMITTED), so only when the locks of the writes are taken moves, not their order. On
 * MySQL/MariaDB one flush is one round trip (a multi-statement query on the engine's
 * own pool, parameters still bound by the driver's escaping); on SQLite, in process, the statements
 * run one by one. In a FoldedTransaction the first flush may carry the transaction's
 * START TRANSACTION, and the last one (`flush({ commit: true })`) its COMMIT.
 */

/** One queued statement. */
export interface PendingWrite {
  /** The table written (null: not known, any read flushes it). */
  table: string | null;
  sql: string;
  parameters: unknown[];
  /** A revision-checked write: it must change exactly one row, else this error is thrown. */
  expectOneRow?: () => Error;
}

/** Anything that builds a statement without running it (a TypeORM query builder). */
export interface StatementBuilder {
  getQueryAndParameters(): [string, unknown[]];
  /** TypeORM's: the entity the statement writes. */
  expressionMap: { mainAlias?: { hasMetadata: boolean; metadata: { tableName: string } } };
}

/** A statement already built: its text, bound parameters and the table it writes. */
export interface ReadyStatement {
  table: string | null;
  sql: string;
  parameters: unknown[];
}

/** The statement a TypeORM builder builds, and the table it writes (null: not known). */
function built(builder: StatementBuilder): ReadyStatement {
  const [sql, parameters] = builder.getQueryAndParameters();
  const alias = builder.expressionMap.mainAlias;
  return { table: alias?.hasMetadata ? alias.metadata.tableName : null, sql, parameters };
}

/** Statements and database round trips issued through a store (tests keep hot paths flat with them). */
export interface StatementCounter {
  statements: number;
  roundTrips: number;
}

export class WriteQueue {
  private pending: PendingWrite[] = [];
  /**
   * The first failed flush's error, thrown again by every later flush: a caller that catches an
   * error of a read (which flushes first) cannot let the transaction commit without those writes —
   * the flush before COMMIT throws it and the transaction rolls back.
   */
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly dialect: EngineDialect,
    private readonly counter: StatementCounter,
    /** false outside a transaction (EngineStore.read): each write runs at once, as it would autocommit. */
    private readonly deferred: boolean,
    /** The MySQL transaction whose START TRANSACTION and COMMIT the flushes may carry. */
    private readonly transaction?: FoldedTransaction,
  ) {}

  /**
   * Queues one statement (counted as one): ready SQL text with its parameters and table (see
   * statement-shapes.ts), or what a TypeORM builder builds.
   */
  async add(
    statement: StatementBuilder | ReadyStatement,
    options: { expectOneRow?: () => Error } = {},
  ): Promise<void> {
    const { table, sql, parameters } = 'sql' in statement ? statement : built(statement);
    this.counter.statements += 1;
    this.pending.push({ table, sql, parameters, expectOneRow: options.expectOneRow });
    if (!this.deferred) await this.flush();
  }

  /** Before a read of `entity`'s table alone: flushes if a queued write touches that table. */
  async flushBeforeReading<T extends ObjectLiteral>(entity: EntityClass<T>): Promise<void> {
    if (this.failure) throw this.failure.error;
    if (this.pending.length === 0) return;
    const table = this.em.connection.getMetadata(entity).tableName;
    if (this.pending.some((w) => w.table === table || w.table === null)) await this.flush();
  }

  /**
   * Sends every queued statement and checks the revision-checked ones. With `commit` (the unit of
   * work's last flush), in a FoldedTransaction, the COMMIT goes in the same query; with nothing
   * queued the transaction sends it alone.
   */
  async flush(options: { commit?: boolean } = {}): Promise<void> {
    if (this.failure) throw this.failure.error;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.withQueryRunner(async (qr) => {
        if (options.commit && this.transaction && this.canSendTogether())
          return this.sendAndCommit(qr, batch, this.transaction);
        const affected = this.canSendTogether()
          ? await this.sendTogether(qr, batch)
          : await this.sendOneByOne(qr, batch);
        batch.forEach((w, i) => {
          if (w.expectOneRow && affected[i] !== 1) throw w.expectOneRow();
        });
      });
    } catch (error) {
      this.failure = { error };
      throw error;
    }
  }

  /**
   * Reads (SELECTs) in one multi-statement query, behind the transaction's START TRANSACTION if it
   * was not sent yet: each one's raw rows, in order; null where
   * statements cannot go together (the caller reads one by one). The caller flushed first.
   */
  async sendReadsTogether(reads: [string, unknown[]][]): Promise<{ rows: unknown[][] } | null> {
    if (!this.canSendTogether() || reads.length === 0) return null;
    if (this.failure) throw this.failure.error;
    this.counter.roundTrips += 1;
    return this.withQueryRunner(async (qr) => {
      const begin = this.transaction?.takeBegin() ?? [];
      const raw = (await qr.query(
        [...begin, ...reads.map(([sql]) => sql)].join(';\n'),
        reads.flatMap(([, parameters]) => parameters),
      )) as unknown[];
      if (reads.length === 1 && begin.length === 0) return { rows: [raw] };
      if (!Array.isArray(raw) || raw.length !== begin.length + reads.length)
        throw new Error(`expected ${reads.length} results from one read, got ${raw.length}`);
      return { rows: raw.slice(begin.length) as unknown[][] };
    });
  }

  /**
   * MySQL/MariaDB on a pool opened with `multipleStatements` (the engine's own, start-engine.ts).
   * A store made over another DataSource (a test's, a script's) sends one by one rather than
   * failing with a syntax error at its first flush of two statements.
   */
  private canSendTogether(): boolean {
    const options = this.em.connection.options as { multipleStatements?: boolean };
    return this.dialect === 'mysql' && options.multipleStatements === true;
  }

  /**
   * MySQL/MariaDB: one multi-statement query (behind the transaction's START TRANSACTION if it was
   * not sent yet); the rows each statement changed, in order.
   */
  private async sendTogether(qr: QueryRunner, batch: PendingWrite[]): Promise<number[]> {
    this.counter.roundTrips += 1;
    const begin = this.transaction?.takeBegin() ?? [];
    if (begin.length === 0 && batch.length === 1) {
      const result = await qr.query(batch[0]!.sql, batch[0]!.parameters, true);
      return [result.affected ?? 0];
    }
    const raw = (await qr.query(
      [...begin, ...batch.map((w) => w.sql)].join(';\n'),
      batch.flatMap((w) => w.parameters),
    )) as { affectedRows?: number }[];
    if (!Array.isArray(raw) || raw.length !== begin.length + batch.length)
      throw new Error(`expected ${batch.length} results from one flush, got ${JSON.stringify(raw)}`);
    return raw.slice(begin.length).map((r) => r.affectedRows ?? 0);
  }

  /**
   * The last flush of a FoldedTransaction: its writes and COMMIT in one query. The COMMIT runs only
   * if every statement before it succeeded, so the revision checks cannot wait for the affected
   * rows to come back: after each revision-checked write the database notes the first one that did
   * not change exactly one row (`@motcua_stale`, by its index in the batch), and a last statement
   * fails if one did (a scalar subquery of two rows: error 1242), so COMMIT is not reached. Then
   * the transaction is rolled back here and the write's own error thrown, as a flush without
   * COMMIT would have.
   */
  private async sendAndCommit(
    qr: QueryRunner,
    batch: PendingWrite[],
    transaction: FoldedTransaction,
  ): Promise<void> {
    const checked = batch.some((w) => w.expectOneRow);
    const statements = [...transaction.takeBegin()];
    if (checked) statements.push('SET @motcua_stale = NULL');
    batch.forEach((w, i) => {
      statements.push(w.sql);
      if (w.expectOneRow) statements.push(`SET @motcua_stale = ${noteStaleWrite(i)}`);
    });
    if (checked) statements.push(FAIL_IF_STALE);
    statements.push('COMMIT');
    this.counter.roundTrips += 1;
    try {
      await qr.query(
        statements.join(';\n'),
        batch.flatMap((w) => w.parameters),
      );
    } catch (err) {
      const stale =
        checked && isStaleCheckFailure(err) ? await this.rollbackReadingStale(qr, transaction) : null;
      const write = stale === null ? undefined : batch[stale];
      if (write?.expectOneRow) throw write.expectOneRow();
      throw err;
    }
    transaction.ended();
  }

  /** After the stale-write check failed: ROLLBACK, and which write it was (null: none noted). */
  private async rollbackReadingStale(
    qr: QueryRunner,
    transaction: FoldedTransaction,
  ): Promise<number | null> {
    this.counter.roundTrips += 1;
    const raw = (await qr.query('ROLLBACK;\nSELECT @motcua_stale AS stale')) as [
      unknown,
      { stale: unknown }[],
    ];
    transaction.ended();
    const stale = raw[1]?.[0]?.stale;
    return stale === null || stale === undefined ? null : Number(stale);
  }

  /** SQLite (in process), or a pool without multi-statements: one statement after the other (a failing one stops the rest). */
  private async sendOneByOne(qr: QueryRunner, batch: PendingWrite[]): Promise<number[]> {
    const affected: number[] = [];
    for (const w of batch) {
      this.counter.roundTrips += 1;
      const result = await qr.query(w.sql, w.parameters, true);
      affected.push(result.affected ?? 0);
      if (w.expectOneRow && result.affected !== 1) throw w.expectOneRow();
    }
    return affected;
  }

  private async withQueryRunner<T>(fn: (qr: QueryRunner) => Promise<T>): Promise<T> {
    if (this.em.queryRunner) return fn(this.em.queryRunner);
    const qr = this.em.connection.createQueryRunner();
    try {
      return await fn(qr);
    } finally {
      await qr.release();
    }
  }
}

/** `@motcua_stale`'s new value after write `i`: its index if it is the first not to change exactly one row. */
function noteStaleWrite(i: number): string {
  return `IF(@motcua_stale IS NULL AND ROW_COUNT() <> 1, ${i}, @motcua_stale)`;
}

/** Fails (error 1242, a scalar subquery of two rows) if a revision-checked write was stale. */
const FAIL_IF_STALE =
  'SET @motcua_stale_check = (SELECT n FROM (SELECT 1 AS n UNION ALL SELECT 2) AS motcua_two WHERE @motcua_stale IS NOT NULL)';

function isStaleCheckFailure(err: unknown): boolean {
  const e = err as { errno?: number; code?: string; driverError?: { errno?: number } };
  return e?.errno === 1242 || e?.code === 'ER_SUBQUERY_NO_1_ROW' || e?.driverError?.errno === 1242;
}
