import { QueryResult, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { StatementCounter } from './write-queue.js';

/**
 * A MySQL/MariaDB transaction whose START TRANSACTION and COMMIT cost no round trip of their own,
 * on the engine's own pool (opened with `multipleStatements`, start-engine.ts): START TRANSACTION
 * goes in front of the transaction's first statement (a read, or a flush of queued writes), and
 * COMMIT behind its last flush (WriteQueue.flush with `commit`), as one multi-statement query.
 * MariaDB stops a multi-statement query at its first failing statement, so a failing write never
 * reaches the COMMIT behind it; the revision checks of that last flush run in the database (see
 * WriteQueue) for the same reason. Whatever fails, the transaction is rolled back as before and
 * the error surfaces as before; EngineStore.transaction returns (and the engine runs what follows
 * a commit) only after a COMMIT that succeeded.
 *
 * TypeORM's query runner is told the transaction is active from the start (`isTransactionActive`,
 * depth 1), as its own `startTransaction` would, so nothing it does opens another one.
 */
export class FoldedTransaction {
  /** pending: START TRANSACTION not sent yet; open: sent; ended: committed or rolled back. */
  private state: 'pending' | 'open' | 'ended' = 'pending';

  private constructor(
    private readonly qr: QueryRunner,
    private readonly counter: StatementCounter,
  ) {}

  /** Runs `fn` in one transaction on a connection of its own; rolls back if it throws. */
  static async run<T>(
    ds: DataSource,
    counter: StatementCounter,
    fn: (em: EntityManager, transaction: FoldedTransaction) => Promise<T>,
  ): Promise<T> {
    const qr = ds.createQueryRunner();
    const transaction = new FoldedTransaction(qr, counter);
    transaction.install();
    try {
      const result = await fn(qr.manager, transaction);
      await transaction.commit();
      return result;
    } catch (err) {
      await transaction.rollback();
      throw err;
    } finally {
      await qr.release();
    }
  }

  /** Whether the transaction is still open on the database (or about to be): COMMIT or ROLLBACK pending. */
  get active(): boolean {
    return this.state !== 'ended';
  }

  /**
   * The statements to send in front of the next query: START TRANSACTION if none was sent yet.
   * The caller sends them in one multi-statement query with its own.
   */
  takeBegin(): string[] {
    if (this.state !== 'pending') return [];
    this.state = 'open';
    return ['START TRANSACTION'];
  }

  /** The caller sent COMMIT (or ROLLBACK) with its last statements: the transaction is over. */
  ended(): void {
    this.state = 'ended';
    (this.qr as unknown as { isTransactionActive: boolean }).isTransactionActive = false;
    (this.qr as unknown as { transactionDepth: number }).transactionDepth = 0;
  }

  /** COMMIT alone, if no flush carried it (nothing was queued when the unit of work ended). */
  private async commit(): Promise<void> {
    if (this.state === 'ended') return;
    if (this.state === 'pending') {
      this.ended(); // nothing was sent: nothing to commit
      return;
    }
    this.counter.roundTrips += 1;
    await this.qr.query('COMMIT');
    this.ended();
  }

  private async rollback(): Promise<void> {
    if (this.state !== 'open') {
      this.ended();
      return;
    }
    this.counter.roundTrips += 1;
    try {
      await this.qr.query('ROLLBACK');
    } catch {
      // the original error is the one to report; a broken connection rolls back by itself
    }
    this.ended();
  }

  /**
   * Reads go through TypeORM's query builders on this query runner: the first one sends
   * START TRANSACTION in front of it and hands TypeORM the read's own result, as if alone.
   */
  private install(): void {
    const qr = this.qr as QueryRunner & { isTransactionActive: boolean; transactionDepth: number };
    qr.isTransactionActive = true;
    qr.transactionDepth = 1;
    const send = qr.query.bind(qr) as (
      sql: string,
      parameters?: unknown[],
      structured?: boolean,
    ) => Promise<unknown>;
    const query = async (sql: string, parameters?: unknown[], structured = false): Promise<unknown> => {
      const begin = this.takeBegin();
      if (begin.length === 0) return send(sql, parameters, structured);
      const raw = (await send(`${begin.join(';\n')};\n${sql}`, parameters)) as unknown[];
      const own = raw[begin.length];
      if (!structured) return own;
      const result = new QueryResult();
      result.raw = own;
      if (Array.isArray(own)) result.records = own;
      const affected = (own as { affectedRows?: number } | undefined)?.affectedRows;
      if (affected !== undefined) result.affected = affected;
      return result;
    };
    qr.query = query as QueryRunner['query'];
  }
}
