import type { DataSource } from 'typeorm';

/** A value of a row a migration inserted; `{ now: true }` stands for "the time the migration ran". */
export type BaselineValue = string | number | null | { now: true };

/** The rows a migration seeded into one table. */
export interface BaselineRows {
  table: string;
  columns: string[];
  rows: BaselineValue[][];
}

/**
 * One dialect's schema as the migrations leave it: the DDL that recreates every table and index
 * exactly (MariaDB's SHOW CREATE TABLE, SQLite's own `sqlite_master` text), in an order that can
 * be replayed, and the rows the migrations seeded.
 */
export interface SchemaDump {
  ddl: string[];
  rows: BaselineRows[];
}

/** A migration as TypeORM records it. */
export interface RecordedMigration {
  timestamp: number;
  name: string;
}

/** What `baseline.generated.ts` holds: the migrations it covers and their schema per dialect. */
export interface Baseline {
  migrations: RecordedMigration[];
  tables: string[];
  mysql: SchemaDump;
  sqlite: SchemaDump;
}

/** The table TypeORM records applied migrations in (data-source.ts). */
export const MIGRATIONS_TABLE = 'motcua_migrations';

/** The time window a migration run took: seeded timestamps inside it become `{ now: true }`. */
export interface RunWindow {
  from: Date;
  to: Date;
}

/**
 * Reads the schema and seeded rows of a migrated database. The migrations table comes last in the
 * DDL (the baseline creates it after everything else, so its presence means "done"); its rows
 * are not dumped (the baseline writes them from its list of covered migrations).
 */
export async function dumpSchema(ds: DataSource, window?: RunWindow): Promise<SchemaDump> {
  const mysql = ds.options.type === 'mysql';
  const ddl = mysql ? await mysqlDdl(ds) : await sqliteDdl(ds);
  const tables = mysql ? await mysqlTables(ds) : await sqliteTables(ds);
  const rows: BaselineRows[] = [];
  for (const table of tables.filter((t) => t !== MIGRATIONS_TABLE)) {
    const found = (await ds.query(`SELECT * FROM ${quote(ds, table)}`)) as Record<string, unknown>[];
    if (found.length === 0) continue;
    const columns = Object.keys(found[0]!);
    const values = found.map((r) => columns.map((c) => baselineValue(r[c], window)));
    values.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    rows.push({ table, columns, rows: values });
  }
  return { ddl, rows };
}

export const quote = (ds: DataSource, name: string) =>
  ds.options.type === 'mysql' ? `\`${name}\`` : `"${name}"`;

/** Base tables, the migrations table last. */
async function mysqlTables(ds: DataSource): Promise<string[]> {
  const rows = (await ds.query(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
  )) as { name: string }[];
  return migrationsTableLast(rows.map((r) => r.name));
}

async function sqliteTables(ds: DataSource): Promise<string[]> {
  const rows = (await ds.query(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
      ORDER BY name`,
  )) as { name: string }[];
  return migrationsTableLast(rows.map((r) => r.name));
}

const migrationsTableLast = (names: string[]) => [
  ...names.filter((n) => n !== MIGRATIONS_TABLE),
  ...names.filter((n) => n === MIGRATIONS_TABLE),
];

/**
 * SHOW CREATE TABLE of every table, without what belongs to one database rather than to the
 * schema: the AUTO_INCREMENT counter and the table's character set and collation (the migrations
 * name none, so their tables take the database's default, and so must the baseline's).
 */
async function mysqlDdl(ds: DataSource): Promise<string[]> {
  const ddl: string[] = [];
  for (const table of await mysqlTables(ds)) {
    const [row] = (await ds.query(`SHOW CREATE TABLE \`${table}\``)) as Record<string, string>[];
    const created = row!['Create Table']!;
    ddl.push(
      created
        .replace(/ AUTO_INCREMENT=\d+/, '')
        .replace(/ DEFAULT CHARSET=\w+/, '')
        .replace(/ COLLATE=\w+/, ''),
    );
  }
  return ddl;
}

/** SQLite keeps each table's and index's creating statement as written: replaying them is exact. */
async function sqliteDdl(ds: DataSource): Promise<string[]> {
  const tables = await sqliteTables(ds);
  const ddl: string[] = [];
  for (const table of tables) {
    const rows = (await ds.query(
      `SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL
        ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, name`,
      [table],
    )) as { type: string; sql: string }[];
    ddl.push(...rows.map((r) => r.sql));
  }
  return ddl;
}

const SQL_DATETIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/;

function baselineValue(value: unknown, window: RunWindow | undefined): BaselineValue {
  if (value === null || value === undefined) return null;
  const time =
    value instanceof Date
      ? value
      : typeof value === 'string' && SQL_DATETIME.test(value)
        ? new Date(value.replace(' ', 'T').replace(/Z?$/, 'Z'))
        : null;
  if (time && window && time >= floorSecond(window.from) && time <= window.to) return { now: true };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new Error(`a seeded value of type ${typeof value} has no baseline form`);
}

const floorSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
