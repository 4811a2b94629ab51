import type { DataSource } from 'typeorm';
import { withinMs, type ReadinessCheck } from '@motcua/domain';

/** What `/health/ready` needs to know about the database, without any of its error text. */
export interface DatabaseReadiness {
  /** A trivial query answered. */
  reachable: boolean;
  /** Every migration this build knows is recorded in `motcua_migrations` (null when unreachable). */
  migrationsApplied: boolean | null;
}

/**
 * Asks the database two cheap questions: does it answer `SELECT 1`, and is any migration of this
 * build still pending (an image newer than the schema: a replica started before the one that
 * migrates). Never throws; a failure is reported as not reachable.
 */
export async function checkDatabaseReadiness(ds: DataSource): Promise<DatabaseReadiness> {
  if (!ds.isInitialized) return { reachable: false, migrationsApplied: null };
  try {
    await ds.query('SELECT 1');
  } catch {
    return { reachable: false, migrationsApplied: null };
  }
  try {
    // showMigrations() is true when some migration of this build has not run yet.
    return { reachable: true, migrationsApplied: !(await ds.showMigrations()) };
  } catch {
    return { reachable: true, migrationsApplied: false };
  }
}

/**
 * The `database` and `migrations` checks of `/health/ready`, answered within `timeoutMs` (a
 * database that hangs fails the probe instead of hanging it).
 */
export async function databaseReadinessChecks(
  ds: DataSource,
  timeoutMs = 2000,
): Promise<Record<'database' | 'migrations', ReadinessCheck>> {
  const db = await withinMs(timeoutMs, checkDatabaseReadiness(ds), {
    reachable: false,
    migrationsApplied: null,
  });
  const applied = db.migrationsApplied;
  return {
    database: { ok: db.reachable, state: db.reachable ? 'up' : 'down' },
    migrations: {
      ok: applied === true,
      state: applied === null ? 'unknown' : applied ? 'applied' : 'pending',
    },
  };
}
