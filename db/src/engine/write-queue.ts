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
  /** An INSERT's: where its rows' text starts (see mergeInserts). */
  valuesAt?: number;
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
  /** An INSERT's (statement-shapes.ts): where its rows' text starts, after its column list. */
  valuesAt?: number;
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
  /** Writes queued per table so far, and writes to a table not known (see version). */
  private readonly writesPerTable = new Map<string, number>();
  private writesToUnknownTables = 0;

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
    await this.addReplaceable(statement, options);
  }

  /** As `add`, and gives back the queued write for `replaceQueued`. */
  async addReplaceable(
    statement: StatementBuilder | ReadyStatement,
    options: { expectOneRow?: () => Error } = {},
  ): Promise<PendingWrite> {
    const { table, sql, parameters, valuesAt } = 'sql' in statement ? statement : built(statement);
    this.counter.statements += 1;
    this.noteWrite(table);
    const write: PendingWrite = { table, sql, parameters, expectOneRow: options.expectOneRow, valuesAt };
    this.pending.push(write);
    if (!this.deferred) await this.flush();
    return write;
  }

  /**
   * Rewrites a queued statement that has not gone to the database yet, in its place (a row's
   * INSERT by the INSERT of the row's final state, see EngineTx.update); false once it was sent.
   */
  replaceQueued(write: PendingWrite, statement: ReadyStatement): boolean {
    if (this.failure || !this.pending.includes(write)) return false;
    this.noteWrite(statement.table);
    write.table = statement.table;
    write.sql = statement.sql;
    write.parameters = statement.parameters;
    write.valuesAt = statement.valuesAt;
    return true;
  }

  /**
   * Takes a queued statement back before it went to the database, if no write queued after it
   * touches its table (see QueuedInserts); false otherwise. It no longer counts as issued.
   */
  withdrawIfLast(write: PendingWrite): boolean {
    if (this.failure || write.table === null) return false;
    const at = this.pending.indexOf(write);
    if (at < 0) return false;
    for (let i = at + 1; i < this.pending.length; i++) {
      const later = this.pending[i]!.table;
      if (later === write.table || later === null) return false;
    }
    this.pending.splice(at, 1);
    this.counter.statements -= 1;
    this.noteWrite(write.table);
    return true;
  }

  /** A write to `table` (null: not known) queued here or sent past the queue. */
  noteWrite(table: string | null): void {
    if (table === null) this.writesToUnknownTables += 1;
    else this.writesPerTable.set(table, (this.writesPerTable.get(table) ?? 0) + 1);
  }

  /**
   * How many writes to `table` this unit of work has made so far (any write to a table not known
   * counts too): the same number twice means nothing was written to it in between.
   */
  version(table: string): number {
    return (this.writesPerTable.get(table) ?? 0) + this.writesToUnknownTables;
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
    const batch = this.canSendTogether() ? mergeInserts(this.pending, this.counter) : this.pending;
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
  canSendTogether(): boolean {
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
   * rows to come back: right after the last revision-checked write a statement fails (error 1690,
   * an unsigned overflow in the branch of IF() that only a stale write selects) if that write or
   * an earlier checked one did not change exactly one row, so COMMIT is not reached. With more
   * than one checked write, each earlier one notes its index in `@motcua_stale` if it was the
   * first stale one (the first note overwrites whatever an earlier transaction of the connection
   * left there). Then the transaction is rolled back here and the stale write's own error thrown,
   * as a flush without COMMIT would have. Every statement of a multi-statement query costs
   * MariaDB a parse and an answer, so the check is as few and as cheap statements as this allows
   * (bench/RESULTS.md, "the revision checks of the last flush").
   */
  private async sendAndCommit(
    qr: QueryRunner,
    batch: PendingWrite[],
    transaction: FoldedTransaction,
  ): Promise<void> {
    const checked = batch.flatMap((w, i) => (w.expectOneRow ? [i] : []));
    const statements = [...transaction.takeBegin()];
    batch.forEach((w, i) => {
      statements.push(w.sql);
      if (w.expectOneRow) statements.push(staleCheckAfter(i, checked));
    });
    statements.push('COMMIT');
    this.counter.roundTrips += 1;
    try {
      await qr.query(
        statements.join(';\n'),
        batch.flatMap((w) => w.parameters),
      );
    } catch (err) {
      const stale =
        checked.length > 0 && isStaleCheckFailure(err)
          ? await this.rollbackFindingStale(qr, transaction, checked)
          : null;
      const write = stale === null ? undefined : batch[stale];
      if (write?.expectOneRow) throw write.expectOneRow();
      throw err;
    }
    transaction.ended();
  }

  /**
   * After the stale-write check failed: ROLLBACK, and which write it was — the only checked one,
   * else the first noted in `@motcua_stale`, else (none noted) the last checked one.
   */
  private async rollbackFindingStale(
    qr: QueryRunner,
    transaction: FoldedTransaction,
    checked: number[],
  ): Promise<number> {
    this.counter.roundTrips += 1;
    const last = checked[checked.length - 1]!;
    if (checked.length === 1) {
      await qr.query('ROLLBACK');
      transaction.ended();
      return last;
    }
    const raw = (await qr.query('ROLLBACK;\nSELECT @motcua_stale AS stale')) as [
      unknown,
      { stale: unknown }[],
    ];
    transaction.ended();
    const stale = raw[1]?.[0]?.stale;
    return stale === null || stale === undefined ? last : Number(stale);
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

/**
 * MariaDB: the INSERTs of a flush into one table with the same column list, as one multi-row
 * INSERT where the first of them stands — when no write in between touches that table (nor a
 * table not known), moving the later rows up changes nothing another statement of the flush
 * sees. A command often writes one table twice between two reads: a user task completed and the
 * next one created log the removal and the addition of their candidate links in
 * `eng_hi_identitylink`. Each statement of a multi-statement query costs MariaDB a parse, an
 * opening of its table and an answer. The queued writes themselves are left as they were (EngineTx
 * may still point at them); the merged INSERT is a copy. Not on SQLite: in process, a statement
 * costs no round trip, and new texts would each need a prepared statement.
 */
function mergeInserts(batch: PendingWrite[], counter: StatementCounter): PendingWrite[] {
  const out: PendingWrite[] = [];
  /** Per table, where in `out` the INSERT stands that later rows may still join. */
  const open = new Map<string, number>();
  /** The merged INSERTs (copies): the others are sent as queued. */
  const copies = new Set<PendingWrite>();
  for (const w of batch) {
    const insert = w.valuesAt !== undefined && !w.expectOneRow && w.table !== null;
    const at = w.table === null ? undefined : open.get(w.table);
    const into = at === undefined ? undefined : out[at]!;
    if (insert && into && into.sql.slice(0, into.valuesAt) === w.sql.slice(0, w.valuesAt)) {
      const target = copies.has(into) ? into : { ...into, parameters: [...into.parameters] };
      copies.add(target);
      out[at!] = target;
      target.sql += `, ${w.sql.slice(w.valuesAt)}`;
      target.parameters.push(...w.parameters);
      counter.statements -= 1;
      continue;
    }
    if (w.table === null) open.clear();
    else if (insert) open.set(w.table, out.length);
    else open.delete(w.table);
    out.push(w);
  }
  return out;
}

/**
 * The statement right after revision-checked write `i` of a last flush (`checked`: the indexes of
 * all its checked writes, in order). Before the last one: a note of `i` in `@motcua_stale` if it is
 * the first that did not change exactly one row (ROW_COUNT() is the preceding statement's). After
 * the last one: the check, which fails with error 1690 (`~0 + 1`, BIGINT UNSIGNED out of range) if
 * this write or a noted one was stale — IF() evaluates only the branch it selects.
 */
function staleCheckAfter(i: number, checked: number[]): string {
  const position = checked.indexOf(i);
  if (position === checked.length - 1) {
    const fresh = position === 0 ? 'ROW_COUNT() = 1' : '@motcua_stale IS NULL AND ROW_COUNT() = 1';
    return `SET @motcua_stale_check = IF(${fresh}, 0, ${STALE_OVERFLOW})`;
  }
  if (position === 0) return `SET @motcua_stale = IF(ROW_COUNT() <> 1, ${i}, NULL)`;
  return `SET @motcua_stale = IF(@motcua_stale IS NULL AND ROW_COUNT() <> 1, ${i}, @motcua_stale)`;
}

/** The check's failing branch: no statement of the engine's own has a `~` in it. */
const STALE_OVERFLOW = '~0 + 1';

function isStaleCheckFailure(err: unknown): boolean {
  const e = err as {
    errno?: number;
    message?: string;
    driverError?: { errno?: number; message?: string };
  };
  const errno = e?.errno ?? e?.driverError?.errno;
  const message = e?.driverError?.message ?? e?.message ?? '';
  return errno === 1690 && message.includes('~');
}
