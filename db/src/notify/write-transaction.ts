import type { DataSource, EntityManager } from 'typeorm';

/** One queue per SQLite DataSource: its single connection carries one transaction at a time. */
const queues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `fn` in one write transaction. On SQLite the DataSource's one connection is shared by
 * every caller, so transactions are queued (never nested by accident) and start with
 * `BEGIN IMMEDIATE`, taking the write lock up front (the portal and the workers write the same
 * file; a deferred BEGIN could fail with SQLITE_BUSY_SNAPSHOT after reading). MySQL: a plain
 * TypeORM transaction on a pooled connection.
 */
export async function writeTransaction<T>(ds: DataSource, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3') return ds.transaction(fn);
  const previous = queues.get(ds) ?? Promise.resolve();
  const run = previous
    .catch(() => {})
    .then(async () => {
      const qr = ds.createQueryRunner();
      await qr.query('BEGIN IMMEDIATE');
      try {
        const result = await fn(qr.manager);
        await qr.query('COMMIT');
        return result;
      } catch (err) {
        await qr.query('ROLLBACK');
        throw err;
      }
    });
  queues.set(ds, run);
  return run;
}
