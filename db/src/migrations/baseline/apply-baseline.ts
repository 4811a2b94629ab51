import type { DataSource, QueryRunner } from 'typeorm';
import { BASELINE } from './baseline.generated.js';
import { MIGRATIONS_TABLE, quote, type BaselineValue, type SchemaDump } from './schema-dump.js';

/**
 * The baseline schema: on an EMPTY database, the final schema of the migrations it covers is
 * created in one go (one CREATE TABLE per table, indexes and foreign keys inline) and those
 * migrations are recorded as applied; later migrations then run on top as usual. On MariaDB this
 * replaces ~700 statements (~220 of them DDL, each its own commit and fsync) by ~75, which is most
 * of a fresh engine's start. A database that has a migrations table with rows is never touched.
 *
 * The baseline is generated (`npm run db:baseline`), never written by hand, and
 * `db/test/migration-baseline.test.ts` proves it gives the schema the sequential migrations give.
 * MySQL proper (not MariaDB) keeps the sequential migrations: the MySQL-family DDL is MariaDB's
 * SHOW CREATE TABLE, not checked on MySQL 8. On MySQL/MariaDB the caller holds the migration
 * lock (migrate-database.ts).
 */
export async function applyBaselineIfEmpty(ds: DataSource): Promise<boolean> {
  if (ds.options.type === 'mysql') return applyOnMariaDb(ds);
  if (ds.options.type === 'better-sqlite3') return applyOnSqlite(ds);
  return false;
}

async function applyOnSqlite(ds: DataSource): Promise<boolean> {
  const runner = ds.createQueryRunner();
  try {
    // One transaction: SQLite's DDL is transactional, so the baseline is all there or not at all;
    // IMMEDIATE takes the write lock before the emptiness check, so two processes starting on one
    // new file cannot both apply it.
    await runner.query('BEGIN IMMEDIATE');
    try {
      const empty = await isEmpty(ds, runner);
      if (empty) await createAndRecord(ds, runner, BASELINE.sqlite);
      await runner.query('COMMIT');
      return empty;
    } catch (err) {
      await runner.query('ROLLBACK');
      throw err;
    }
  } finally {
    await runner.release();
  }
}

async function applyOnMariaDb(ds: DataSource): Promise<boolean> {
  const runner = ds.createQueryRunner();
  try {
    const [{ v }] = (await runner.query('SELECT VERSION() AS v')) as [{ v: string }];
    if (!/mariadb/i.test(v)) return false;
    // DDL commits on its own in MariaDB: the caller holds the migration lock (migrate-database.ts),
    // which keeps a second process out while the first creates the tables, and the migrations
    // table is created and filled last, so a start cut short here leaves a database the next
    // start completes (IF NOT EXISTS, INSERT IGNORE).
    if (!(await isEmpty(ds, runner))) return false;
    const { ddl, rows } = BASELINE.mysql;
    await createTablesInParallel(ds, ddl.slice(0, -1));
    await insertRows(ds, runner, rows);
    await runner.query(ddl[ddl.length - 1]!.replace(/^CREATE TABLE /, 'CREATE TABLE IF NOT EXISTS '));
    await recordMigrations(ds, runner);
    return true;
  } finally {
    await runner.release();
  }
}

/** Connections creating tables at once: each CREATE TABLE waits mostly on its own fsyncs. */
const DDL_CONNECTIONS = 4;

/**
 * Creates the tables on a few connections at once, a table only after those its foreign keys
 * reference (each wave waits for the one before), so no foreign key ever names a missing table.
 */
async function createTablesInParallel(ds: DataSource, ddl: string[]): Promise<void> {
  const waves = foreignKeyWaves(
    ddl.map((sql) => sql.replace(/^CREATE TABLE /, 'CREATE TABLE IF NOT EXISTS ')),
  );
  // The pool also serves the migration lock's holder and the caller's runner: leave them theirs.
  const poolSize = (ds.options as { poolSize?: number }).poolSize ?? 10;
  const connections = Math.max(1, Math.min(DDL_CONNECTIONS, poolSize - 2));
  const runners = Array.from({ length: connections }, () => ds.createQueryRunner());
  try {
    for (const wave of waves) {
      const queue = [...wave];
      await Promise.all(
        runners.map(async (r) => {
          for (let sql = queue.shift(); sql !== undefined; sql = queue.shift()) await r.query(sql);
        }),
      );
    }
  } finally {
    await Promise.all(runners.map((r) => r.release()));
  }
}

/** The CREATE TABLE statements in waves: a table's referenced tables are all in earlier waves. */
export function foreignKeyWaves(ddl: string[]): string[][] {
  const nameOf = (sql: string) => /^CREATE TABLE (?:IF NOT EXISTS )?`(\w+)`/.exec(sql)![1]!;
  const pending = new Map(ddl.map((sql) => [nameOf(sql), sql]));
  const waves: string[][] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter(([name, sql]) =>
      [...sql.matchAll(/REFERENCES `(\w+)`/g)].every(([, ref]) => ref === name || !pending.has(ref!)),
    );
    if (ready.length === 0) throw new Error(`foreign keys in a cycle: ${[...pending.keys()].join(', ')}`);
    for (const [name] of ready) pending.delete(name);
    waves.push(ready.map(([, sql]) => sql));
  }
  return waves;
}

/**
 * Empty: no migration recorded, and no table but the baseline's own (left by a baseline start
 * that was cut short on MariaDB).
 */
async function isEmpty(ds: DataSource, runner: QueryRunner): Promise<boolean> {
  const mysql = ds.options.type === 'mysql';
  const tables = (
    (await runner.query(
      mysql
        ? `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`
        : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
    )) as { name: string }[]
  ).map((r) => r.name);
  if (tables.includes(MIGRATIONS_TABLE)) {
    const [{ n }] = (await runner.query(`SELECT COUNT(*) AS n FROM ${quote(ds, MIGRATIONS_TABLE)}`)) as [
      { n: number | string },
    ];
    if (Number(n) > 0) return false;
  }
  const known = new Set(BASELINE.tables);
  return tables.every((t) => known.has(t));
}

async function createAndRecord(ds: DataSource, runner: QueryRunner, dump: SchemaDump): Promise<void> {
  for (const sql of dump.ddl) await runner.query(sql);
  await insertRows(ds, runner, dump.rows);
  await recordMigrations(ds, runner);
}

/** The rows the migrations seed, their "now" the time of this start, as the migrations write it. */
async function insertRows(ds: DataSource, runner: QueryRunner, rows: SchemaDump['rows']): Promise<void> {
  const ignore = ds.options.type === 'mysql' ? 'IGNORE ' : '';
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  for (const { table, columns, rows: values } of rows) {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    await runner.query(
      `INSERT ${ignore}INTO ${quote(ds, table)} (${columns.map((c) => quote(ds, c)).join(', ')})
        VALUES ${values.map(() => tuple).join(', ')}`,
      values.flatMap((r) => r.map((v) => valueNow(v, now))),
    );
  }
}

/** One statement: the covered migrations are recorded all together or not at all. */
async function recordMigrations(ds: DataSource, runner: QueryRunner): Promise<void> {
  await runner.query(
    `INSERT INTO ${quote(ds, MIGRATIONS_TABLE)} (${quote(ds, 'timestamp')}, ${quote(ds, 'name')})
      VALUES ${BASELINE.migrations.map(() => '(?, ?)').join(', ')}`,
    BASELINE.migrations.flatMap((m) => [m.timestamp, m.name]),
  );
}

const valueNow = (v: BaselineValue, now: string) => (v !== null && typeof v === 'object' ? now : v);
