import type { DataSource } from 'typeorm';
import { applyBaselineIfEmpty } from './baseline/apply-baseline.js';

/** How long a start waits for another process's migration run before it gives up. */
const MIGRATION_LOCK_WAIT_S = 300;

/**
 * Brings the schema up to date: the baseline on an empty database (unless `baseline: false`),
 * then every pending migration, each in its own transaction.
 *
 * Several processes may start on one database at once (engine replicas, the portal beside the
 * engine). On MySQL/MariaDB DDL commits on its own, so two starts that both found a migration
 * pending would both run it, and the second fails half way (a duplicate column or index) with
 * part of its work already committed. A named server lock (`GET_LOCK`) held on a connection of
 * its own around the whole run lets one process migrate while the others wait and then find
 * nothing pending.
 *
 * SQLite's DDL is transactional and its writers already take turns: a start that loses the race
 * has its migration rolled back as a whole, so there the run is checked afterwards instead — if
 * it failed but nothing is pending any more, another process applied the same migrations.
 */
export async function migrateDatabase(ds: DataSource, options: { baseline?: boolean } = {}): Promise<void> {
  const run = async () => {
    if (options.baseline !== false) await applyBaselineIfEmpty(ds);
    await ds.runMigrations({ transaction: 'each' });
  };
  if (ds.options.type === 'mysql') return withServerLock(ds, run);
  try {
    await run();
  } catch (error) {
    if (await ds.showMigrations()) throw error;
  }
}

async function withServerLock(ds: DataSource, fn: () => Promise<void>): Promise<void> {
  // The lock is the server's and named after the database, so it is shared by every process on it.
  const name = `motcua_migrations_${(ds.options.database as string | undefined) ?? ''}`.slice(0, 64);
  const holder = ds.createQueryRunner();
  try {
    const [{ got }] = (await holder.query('SELECT GET_LOCK(?, ?) AS got', [name, MIGRATION_LOCK_WAIT_S])) as [
      { got: number | string | null },
    ];
    if (Number(got) !== 1)
      throw new Error(
        `another process held the migration lock ${name} for more than ${MIGRATION_LOCK_WAIT_S} s`,
      );
    try {
      await fn();
    } finally {
      await holder.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    await holder.release();
  }
}
