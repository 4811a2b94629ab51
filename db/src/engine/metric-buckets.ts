import type { EntityManager } from 'typeorm';

/** The history counts `GET /metrics` buckets by interval (Camunda's metric names). */
export type IntervalMetric =
  'root-process-instance-start' | 'activity-instance-start' | 'activity-instance-end';

const SOURCES: Record<IntervalMetric, { table: string; column: string; where: string }> = {
  'root-process-instance-start': {
    table: 'eng_hi_procinst',
    column: 'startTime',
    where: 'm.superProcessInstanceId IS NULL',
  },
  'activity-instance-start': { table: 'eng_hi_actinst', column: 'startTime', where: '1 = 1' },
  'activity-instance-end': { table: 'eng_hi_actinst', column: 'endTime', where: 'm.endTime IS NOT NULL' },
};

/**
 * Milliseconds since the epoch of a stored datetime. Both dialects store UTC (SQLite as text,
 * MariaDB with the connection's `timezone: 'Z'`), so this is arithmetic on the stored value and
 * independent of the server's time zone.
 */
const epochMs = (dialect: 'sqlite' | 'mysql', col: string) =>
  dialect === 'sqlite'
    ? `CAST(ROUND((julianday(${col}) - 2440587.5) * 86400000) AS INTEGER)`
    : `(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ${col}) DIV 1000)`;

/**
 * One metric counted per interval in the database (`GROUP BY` of the interval's start), within
 * `[start, end)`: the history is never read into the process, only one row per non-empty interval.
 */
export async function metricBuckets(
  em: EntityManager,
  dialect: 'sqlite' | 'mysql',
  metric: IntervalMetric,
  intervalMs: number,
  window: { start?: Date; end?: Date },
): Promise<{ timestamp: number; value: number }[]> {
  const src = SOURCES[metric];
  const col = `m.${src.column}`;
  const conds = [src.where];
  const params: string[] = [];
  // The stored form of both dialects ('YYYY-MM-DD HH:MM:SS.mmm', UTC): a raw query binds no Dates.
  const stored = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
  if (window.start) {
    conds.push(`${col} >= ?`);
    params.push(stored(window.start));
  }
  if (window.end) {
    conds.push(`${col} < ?`);
    params.push(stored(window.end));
  }
  const interval = Math.trunc(intervalMs);
  const div = dialect === 'sqlite' ? '/' : 'DIV';
  const bucket = `((${epochMs(dialect, col)}) ${div} ${interval}) * ${interval}`;
  const rows = (await em.query(
    `SELECT ${bucket} AS ts, COUNT(*) AS cnt FROM ${src.table} m WHERE ${conds.join(' AND ')} GROUP BY ${bucket}`,
    params,
  )) as { ts: number | string; cnt: number | string }[];
  return rows.map((r) => ({ timestamp: Number(r.ts), value: Number(r.cnt) }));
}
