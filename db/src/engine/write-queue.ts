import type { EntityManager, ObjectLiteral, QueryRunner } from 'typeorm';
import type { EngineDialect, EntityClass } from './store-where.js';

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
 * run one by one.
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

  /** Sends every queued statement and checks the revision-checked ones. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure.error;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.withQueryRunner(async (qr) => {
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
   * MySQL/MariaDB on a pool opened with `multipleStatements` (the engine's own, start-engine.ts).
   * A store made over another DataSource (a test's, a script's) sends one by one rather than
   * failing with a syntax error at its first flush of two statements.
   */
  private canSendTogether(): boolean {
    const options = this.em.connection.options as { multipleStatements?: boolean };
    return this.dialect === 'mysql' && options.multipleStatements === true;
  }

  /** MySQL/MariaDB: one multi-statement query; the rows each statement changed, in order. */
  private async sendTogether(qr: QueryRunner, batch: PendingWrite[]): Promise<number[]> {
    this.counter.roundTrips += 1;
    if (batch.length === 1) {
      const result = await qr.query(batch[0]!.sql, batch[0]!.parameters, true);
      return [result.affected ?? 0];
    }
    const raw = (await qr.query(
      batch.map((w) => w.sql).join(';\n'),
      batch.flatMap((w) => w.parameters),
    )) as { affectedRows?: number }[];
    if (!Array.isArray(raw) || raw.length !== batch.length)
      throw new Error(`expected ${batch.length} results from one flush, got ${JSON.stringify(raw)}`);
    return raw.map((r) => r.affectedRows ?? 0);
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
