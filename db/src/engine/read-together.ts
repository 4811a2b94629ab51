import type { EntityManager, ObjectLiteral, QueryRunner } from 'typeorm';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer.js';
import type { StatementShapes } from './statement-shapes.js';
import type { EntityClass, Where } from './store-where.js';
import { toFindWhere } from './store-where.js';
import type { StatementCounter, WriteQueue } from './write-queue.js';
import type { FetchAlong, LockAlong } from './work-queries.js';

/** One read of a single table by plain conditions (as EngineTx.find without order or paging). */
export interface TableRead<T extends ObjectLiteral = ObjectLiteral> {
  entity: EntityClass<T>;
  where: Where<T>;
}

/** A read's SQL text and how its raw rows become entities. */
interface PreparedRead {
  sql: string;
  parameters: unknown[];
  hydrate(rows: Record<string, unknown>[]): ObjectLiteral[];
}

/**
 * Reads of single tables that do not depend on each other, in one round trip on MySQL/MariaDB's
 * multi-statement pool (one multi-statement query), one after the other elsewhere. Each read is
 * the SELECT `find` would send — the cached shape of statement-shapes.ts, else TypeORM's — and its
 * rows become entities the same way. A command that knows, say, the execution and the process
 * instance of a task reads both at once.
 */
export async function findTogether(
  em: EntityManager,
  shapes: StatementShapes,
  writes: WriteQueue,
  counter: StatementCounter,
  reads: readonly TableRead[],
): Promise<ObjectLiteral[][]> {
  for (const r of reads) await writes.flushBeforeReading(r.entity);
  counter.statements += reads.length;
  const prepared = reads.map((r) => prepare(em, shapes, r));
  const together = await writes.sendReadsTogether(prepared.map((p) => [p.sql, p.parameters]));
  if (together !== null)
    return prepared.map((p, i) => p.hydrate(together.rows[i] as Record<string, unknown>[]));
  counter.roundTrips += reads.length;
  const out: ObjectLiteral[][] = [];
  for (const p of prepared)
    out.push(p.hydrate((await em.query(p.sql, p.parameters)) as Record<string, unknown>[]));
  return out;
}

/**
 * The sender of a fetch's lock with `along`'s reads (see LockAlong): the lock, a statement already
 * built, then the reads, in one round trip on MySQL/MariaDB's multi-statement pool, in that order —
 * each read runs after the lock did, as it would in a round trip of its own after it. It hands the
 * reads' entities to `along.rows` (and `remember`) and gives back the lock's raw rows; null where
 * they cannot go together (nothing was sent: the lock goes alone). Undefined without `along`.
 */
export function readAlong(
  em: EntityManager,
  shapes: StatementShapes,
  writes: WriteQueue,
  counter: StatementCounter,
  along: FetchAlong | undefined,
  remember: (rows: ObjectLiteral[]) => void,
): LockAlong | undefined {
  if (!along) return undefined;
  return async (lock, batch) => {
    const reads = along.reads(batch);
    if (reads.length === 0 || !writes.canSendTogether()) return null;
    for (const r of reads) await writes.flushBeforeReading(r.entity);
    const prepared = reads.map((r) => prepare(em, shapes, r));
    const together = await writes.sendReadsTogether([
      [lock.sql, lock.parameters],
      ...prepared.map((p): [string, unknown[]] => [p.sql, p.parameters]),
    ]);
    if (together === null) return null;
    counter.statements += 1 + reads.length;
    const rows = prepared.map((p, i) => p.hydrate(together.rows[i + 1] as Record<string, unknown>[]));
    for (const r of rows) remember(r);
    along.rows(batch, rows);
    return together.rows[0] as Record<string, unknown>[];
  };
}

function prepare(em: EntityManager, shapes: StatementShapes, read: TableRead): PreparedRead {
  const shaped = shapes.select(read.entity, read.where);
  if (shaped) return shaped;
  const qb = em
    .getRepository(read.entity)
    .createQueryBuilder(em.connection.getMetadata(read.entity).name)
    .setFindOptions({ where: toFindWhere(read.where) as never });
  const [sql, parameters] = qb.getQueryAndParameters();
  return {
    sql,
    parameters,
    hydrate: (rows) =>
      new RawSqlResultsToEntityTransformer(
        qb.expressionMap,
        em.connection.driver,
        [],
        em.queryRunner as QueryRunner,
      ).transform(rows, qb.expressionMap.mainAlias!),
  };
}

/**
 * Rows a command read ahead, in the round trip of reads it needed anyway, for a get or find it
 * does a moment later (a task's completion reads its identity links and its activity instance
 * with its execution and variables): each served once, to exactly the read it was primed for, and
 * only while nothing was written to its table since — the write queue's version of the table —
 * so the transaction still reads its own writes. Under READ COMMITTED a plain read locks nothing
 * and sees the rows committed when it runs, earlier or later alike; what guards a command against
 * a concurrent one is its revision-checked writes, not when it read.
 */
export class PrimedReads {
  private readonly entries = new Map<string, { rows: ObjectLiteral[]; version: number }>();

  constructor(private readonly version: (table: string) => number) {}

  /** Keeps `rows` for the next `take` of `table` and `where`; false if `where` cannot be keyed. */
  put(table: string, where: Record<string, unknown>, rows: ObjectLiteral[]): boolean {
    const key = primeKey(table, where);
    if (key === null) return false;
    this.entries.set(key, { rows, version: this.version(table) });
    return true;
  }

  /** Whether rows are primed for this read and still servable (its table not written since). */
  holds(table: string, where: Record<string, unknown>): boolean {
    const found = this.lookUp(table, where);
    return found !== null && found.entry.version === this.version(table);
  }

  /** The rows primed for this read, once; null if none (or its table was written since). */
  take(table: string, where: Record<string, unknown>): ObjectLiteral[] | null {
    const found = this.lookUp(table, where);
    if (!found) return null;
    this.entries.delete(found.key);
    return found.entry.version === this.version(table) ? found.entry.rows : null;
  }

  /** The entry primed for this read, with its key; null if none. */
  private lookUp(table: string, where: Record<string, unknown>) {
    if (this.entries.size === 0) return null;
    const key = primeKey(table, where);
    if (key === null) return null;
    const entry = this.entries.get(key);
    return entry === undefined ? null : { key, entry };
  }
}

/** A read's key: its table and its conditions, when every value is a plain string, number or null. */
function primeKey(table: string, where: Record<string, unknown>): string | null {
  const keys = Object.keys(where).sort();
  const parts: string[] = [table];
  for (const k of keys) {
    const v = where[k];
    if (v !== null && typeof v !== 'string' && typeof v !== 'number') return null;
    parts.push(k, v === null ? '\u0000null' : typeof v === 'number' ? `\u0000${v}` : v);
  }
  return JSON.stringify(parts);
}
