import type { DataSource } from 'typeorm';

/**
 * The few SQL fragments the report queries need that SQLite and MariaDB spell differently. Dates
 * are stored in UTC; a report's days and months are Vietnam's (UTC+7, no daylight saving).
 */
export interface ReportSqlDialect {
  /** `YYYY-MM-DD` of the instant in Vietnam. */
  vnDay(expr: string): string;
  /** A `?` parameter holding `YYYY-MM-DD HH:MM:SS.SSS` (UTC), compared as a datetime. */
  instant(param: string): string;
  /** An integer read from a JSON text column. */
  jsonInt(column: string, path: string): string;
  /** After a table's alias: read it through this index (where the planner cannot estimate). */
  useIndex(index: string): string;
}

const sqlite: ReportSqlDialect = {
  vnDay: (e) => `strftime('%Y-%m-%d', ${e}, '+7 hours')`,
  instant: (p) => p,
  jsonInt: (c, path) => `CAST(json_extract(${c}, '${path}') AS INTEGER)`,
  useIndex: (index) => `INDEXED BY ${index}`,
};

const mysql: ReportSqlDialect = {
  vnDay: (e) => `DATE_FORMAT(DATE_ADD(${e}, INTERVAL 7 HOUR), '%Y-%m-%d')`,
  instant: (p) => `CAST(${p} AS DATETIME(3))`,
  jsonInt: (c, path) => `CAST(JSON_UNQUOTE(JSON_EXTRACT(${c}, '${path}')) AS SIGNED)`,
  useIndex: (index) => `FORCE INDEX (${index})`,
};

export function reportDialect(ds: DataSource): ReportSqlDialect {
  return ds.options.type === 'mysql' || ds.options.type === 'mariadb' ? mysql : sqlite;
}

/** How the stores write a Date: UTC `YYYY-MM-DD HH:MM:SS.SSS`, comparable in both databases. */
export function sqlInstant(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '');
}
