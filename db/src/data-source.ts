import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { parseDbUrl, DEFAULT_DB_URL, type DbTarget } from './db-url.js';
import { allEntities } from './entities.js';
import { allMigrations } from './migrations/index.js';
import { migrateDatabase } from './migrations/migrate-database.js';
import { installSqliteWriteGate, SQLITE_BUSY_TIMEOUT_MS } from './sqlite-write-gate.js';

export interface OpenDatabaseOptions {
  /** `sqlite:<path>` or `mysql://…`; defaults to `sqlite:./data/motcua.sqlite`. */
  url?: string;
  /** Run pending migrations after connecting (default true). Never `synchronize`. */
  migrate?: boolean;
  /** Connection pool size for MySQL (default 10). */
  poolSize?: number;
  /**
   * On an empty database, create the baseline schema in one go instead of replaying the
   * migrations it covers (default true; `migrations/baseline/apply-baseline.ts`). False replays
   * every migration, as the baseline's generator and its equivalence test need.
   */
  baseline?: boolean;
  /**
   * MySQL: allow several statements in one query (default false). Only the engine's own pool
   * turns it on, for its one round trip per flush of queued writes (see WriteQueue); every
   * parameter there is still bound by the driver's escaping, never concatenated into the text.
   */
  multipleStatements?: boolean;
}

/**
 * SQLite durability: WAL + synchronous=FULL. FULL keeps every committed dossier across a power
 * loss; the price is one fsync per commit, which the benchmarks measure. busy_timeout lets the
 * portal, the workers and the engine share one file across processes.
 *
 * cache_size: better-sqlite3 builds SQLite with a page cache of 16 MiB per connection (SQLite's
 * own default is 2 MiB), which fills with the database file and stays in the process's resident
 * memory. Pages beyond 2 MiB are read again from the OS's file cache, which holds them anyway:
 * 7–10 MiB less resident memory for the engine, no more CPU per dossier (bench/RESULTS.md, "the
 * engine's memory …").
 */
export const SQLITE_CACHE_KIB = 2000;

function sqliteOptions(target: Extract<DbTarget, { kind: 'sqlite' }>): DataSourceOptions {
  if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: target.path,
    enableWAL: true,
    // Prepared statements kept per connection (TypeORM's default 100, first in first out): the
    // engine's cached statement shapes (engine/statement-shapes.ts, about 50 under the bench) and
    // the statements TypeORM still builds stay prepared rather than pushing each other out.
    statementCacheSize: 200,
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      db.pragma('synchronous = FULL');
      db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
      db.pragma('foreign_keys = ON');
    },
  };
}

/** Prepared statements mysql2 keeps per connection (see `extra` below). */
export const MYSQL_MAX_PREPARED_STATEMENTS = 64;

/**
 * MySQL/MariaDB: READ COMMITTED on every connection (the engine's locking assumes it, as Camunda's
 * does), utf8mb4 for Vietnamese text, dates as UTC.
 */
function mysqlOptions(
  target: Extract<DbTarget, { kind: 'mysql' }>,
  poolSize: number,
  multipleStatements: boolean,
): DataSourceOptions {
  return {
    type: 'mysql',
    host: target.host,
    port: target.port,
    username: target.user,
    password: target.password,
    database: target.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize,
    multipleStatements,
    // mysql2's `trace` captures a stack trace at every query so that a failed query's error points
    // at its caller: a few per cent of the engine's CPU on MariaDB, for a stack the store's own
    // errors (ConcurrentModificationError, the SQL in QueryFailedError) already say more than.
    trace: false,
    // mysql2 gives every connection an LRU cache of prepared statements, 16 000 entries by
    // default, allocated in full up front (four arrays of 16 000: about 0.5 MiB of V8 heap per
    // connection, 5 MiB for a pool of 10). TypeORM sends text queries (`query`), never prepared
    // ones (`execute`), so the cache stays empty; a small one keeps the memory.
    extra: { connectionLimit: poolSize, maxPreparedStatements: MYSQL_MAX_PREPARED_STATEMENTS },
  };
}

export function createDataSource(options: OpenDatabaseOptions = {}): DataSource {
  const target = parseDbUrl(options.url ?? DEFAULT_DB_URL);
  const base =
    target.kind === 'sqlite'
      ? sqliteOptions(target)
      : mysqlOptions(target, options.poolSize ?? 10, options.multipleStatements ?? false);
  const ds = new DataSource({
    ...base,
    entities: allEntities,
    migrations: allMigrations,
    migrationsTableName: 'motcua_migrations',
    synchronize: false,
    logging: false,
  } as DataSourceOptions);
  // Writers of this process on the file take turns asynchronously (see sqlite-write-gate.ts).
  if (target.kind === 'sqlite' && target.path !== ':memory:') installSqliteWriteGate(ds, target.path);
  return ds;
}

/** Opens the database and brings its schema up to date. The caller owns `destroy()`. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DataSource> {
  const ds = createDataSource(options);
  await ds.initialize();
  if (ds.options.type === 'mysql') await setReadCommittedOnEveryConnection(ds);
  if (options.migrate !== false) await migrateDatabase(ds, { baseline: options.baseline });
  return ds;
}

/** mysql2's pool emits 'connection' for each new connection; set the isolation level there. */
async function setReadCommittedOnEveryConnection(ds: DataSource): Promise<void> {
  const driver = ds.driver as unknown as {
    pool: { on(ev: string, cb: (c: { query(sql: string): void }) => void): void };
  };
  driver.pool.on('connection', (conn) =>
    conn.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'),
  );
  // Connections already opened by initialize() get it too.
  await ds.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
}

export { DataSource };
