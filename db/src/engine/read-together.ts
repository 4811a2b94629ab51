import type { EntityManager, ObjectLiteral, QueryRunner } from 'typeorm';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer.js';
import type { EntityClass, Where } from './store-where.js';
import { toFindWhere } from './store-where.js';
import type { StatementCounter, WriteQueue } from './write-queue.js';

/** One read of a single table by plain conditions (as EngineTx.find without order or paging). */
export interface TableRead<T extends ObjectLiteral = ObjectLiteral> {
  entity: EntityClass<T>;
  where: Where<T>;
}

/**
 * Reads of single tables that do not depend on each other, in one round trip on MySQL/MariaDB's
 * multi-statement pool (one multi-statement query; TypeORM turns each result's rows into entities
 * as its own `find` would: same SELECT, same transformer), one after the other elsewhere. A command
 * that knows, say, the execution and the process instance of a task reads both at once.
 */
export async function findTogether(
  em: EntityManager,
  writes: WriteQueue,
  counter: StatementCounter,
  reads: readonly TableRead[],
): Promise<ObjectLiteral[][]> {
  for (const r of reads) await writes.flushBeforeReading(r.entity);
  counter.statements += reads.length;
  const builders = reads.map((r) =>
    em
      .getRepository(r.entity)
      .createQueryBuilder(em.connection.getMetadata(r.entity).name)
      .setFindOptions({ where: toFindWhere(r.where) as never }),
  );
  const together = await writes.sendReadsTogether(builders.map((qb) => qb.getQueryAndParameters()));
  if (together === null) {
    counter.roundTrips += reads.length;
    const out: ObjectLiteral[][] = [];
    for (const qb of builders) out.push(await qb.getMany());
    return out;
  }
  const { rows, queryRunner } = together;
  return builders.map((qb, i) =>
    new RawSqlResultsToEntityTransformer(
      qb.expressionMap,
      em.connection.driver,
      [],
      queryRunner as QueryRunner,
    ).transform(rows[i]!, qb.expressionMap.mainAlias!),
  );
}
