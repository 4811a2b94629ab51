import type { DataSource, EntityManager } from 'typeorm';

/** One queue per SQLite DataSource: its single connection carries one transaction at a time. */
const queues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `fn` in one write transaction. MySQL: a plain TypeORM transaction on a pooled connection.
 * SQLite: the DataSource's one connection is shared by every caller in the process, so these
 * transactions are queued among themselves (two never interleave their statements), and TypeORM
 * tracks each one (a transaction another store holds open at that moment nests this one as a
 * savepoint instead of failing). `fn` should write first: SQLite then takes the write lock
 * waiting on busy_timeout, where a read first could fail with SQLITE_BUSY_SNAPSHOT when another
 * process (portal, workers) wrote meanwhile.
 */
export async function writeTransaction<T>(ds: DataSource, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3') return ds.transaction(fn);
  const run = (queues.get(ds) ?? Promise.resolve()).catch(() => {}).then(() => ds.transaction(fn));
  queues.set(ds, run);
  return run;
}
