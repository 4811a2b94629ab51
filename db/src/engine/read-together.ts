import type { EntityManager, ObjectLiteral, QueryRunner } from 'typeorm';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer.js';
import type { StatementShapes } from './statement-shapes.js';
import type { EntityClass, Where } from './store-where.js';
import { toFindWhere } from './store-where.js';
import type { StatementCounter, WriteQueue } from './write-queue.js';

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
