import type { DataSource } from 'typeorm';
import { vietnamDate, vietnamInstant } from '@motcua/domain';
import type { ReportPeriod, ReportScope, SqlPart } from './dossier-facts-sql.js';
import { factCellsGroupedSql, scopeWhere } from './indicator-cells-sql.js';
import { reportDialect, sqlInstant } from './report-sql-dialect.js';

/**
 * The closed months' indicator cells, summed once and kept (`report_month_cell`,
 * month-summary.entity.ts). A month's cells no longer change once its history is complete, yet a
 * report page (the month and its 12-month trend) recomputed every one of them from the facts on
 * every view. Here a month is computed once, the first time a report covers it after it closed,
 * and read back as ≤ procedures × channels rows.
 *
 * Correctness rests on two rules:
 *  - a month is stored only once it ended at least 2 × GRACE ago (by the report's "now" and the
 *    clock), and never when a change was written while it was being computed (the counter in
 *    `report_summary_meta`, compared before and after);
 *  - every write that can change a closed month's figures calls invalidateReportMonths with the
 *    earliest instant it affects, in its own transaction: that month and every later one are
 *    dropped and computed again when next asked for. What can: a history event (the facts: its
 *    time, or the receipt/completion a flag is counted at), a dossier's due date, an upload bound
 *    to a dossier, a rating, the holiday table (all months), the facts' rebuild (all months).
 * A write dated within the running month (everyday work) skips it: no stored month can contain it.
 * Bulk loads that bypass the stores (bench/, bulk-seed) must call it themselves.
 */

/** Half the delay after a month's end before it is stored; see invalidateReportMonths. */
export const SUMMARY_GRACE_MS = 30 * 60_000;

/** A DataSource, an EntityManager or a QueryRunner: anything that runs a statement. */
type Sql = { query(sql: string, params?: unknown[]): Promise<unknown> };

/** `YYYY-MM` of an instant in Vietnam. */
export function vietnamMonthKey(at: Date): string {
  return vietnamDate(at).slice(0, 7);
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

/** A calendar month in Vietnam as [first day 00:00, next month's first day 00:00). */
export function vietnamMonthPeriod(month: string): ReportPeriod {
  return {
    key: month,
    from: vietnamInstant(`${month}-01`),
    to: vietnamInstant(`${nextMonth(month)}-01`),
  };
}

/** The month a period covers exactly (its bounds are a Vietnam month's), else null. */
function wholeMonthOf(period: ReportPeriod): string | null {
  const month = vietnamMonthKey(period.from);
  const whole = vietnamMonthPeriod(month);
  return whole.from.getTime() === period.from.getTime() && whole.to.getTime() === period.to.getTime()
    ? month
    : null;
}

/**
 * Drops the stored months from the one containing `from` on (null: every month), and raises the
 * invalidation counter so a month being computed at the same moment is not stored. Call it in the
 * transaction of the write that changes the figures. Skipped when `from` falls in the running
 * month (by the clock, GRACE earlier): a month is stored only 2 × GRACE after its end, so a
 * write that skips here either committed before that month was computed or would have had to
 * stay open for longer than GRACE.
 */
export async function invalidateReportMonths(
  db: Sql,
  from: Date | null,
  clock: Date = new Date(),
): Promise<void> {
  if (from) {
    const running = vietnamMonthPeriod(vietnamMonthKey(new Date(clock.getTime() - SUMMARY_GRACE_MS)));
    if (from.getTime() >= running.from.getTime()) return;
  }
  await db.query('UPDATE report_summary_meta SET version = version + 1 WHERE id = 1');
  const where = from ? 'WHERE month >= ?' : '';
  const params = from ? [vietnamMonthKey(from)] : [];
  await db.query(`DELETE FROM report_month_cell ${where}`, params);
  await db.query(`DELETE FROM report_month_state ${where}`, params);
}

/**
 * Invalidates from the earliest time the dossier's facts count it at (receipt, completion,
 * closing, not accepted, apology); nothing without facts. For a change to the dossier's own row
 * or uploads (due date, digitised), which count in the months of those times and after.
 */
export async function invalidateReportMonthsOfDossier(db: Sql, dossierId: string): Promise<void> {
  const [row] = (await db.query(
    `SELECT received_at, completed_at, closed_at, not_accepted_at, late_at
     FROM report_dossier_fact WHERE dossier_id = ?`,
    [dossierId],
  )) as Record<string, unknown>[];
  if (!row) return;
  const times = Object.values(row)
    .filter((v) => v !== null && v !== undefined)
    .map((v) => parseInstant(v));
  if (times.length) await invalidateReportMonths(db, new Date(Math.min(...times)));
}

/** A datetime column's value (a Date from MariaDB, UTC text from SQLite) as epoch ms. */
function parseInstant(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  const text = String(v);
  return Date.parse(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`);
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/**
 * The `count` latest months a report reads stored (ended at least 2 × GRACE before `now` and the
 * clock), oldest first: what a background round keeps summed (IndicatorStore.storeRecentMonths).
 */
export function latestStorableMonths(count: number, now: Date, clock: Date = new Date()): string[] {
  const latestEnd = new Date(Math.min(now.getTime(), clock.getTime()) - 2 * SUMMARY_GRACE_MS);
  const months = [previousMonth(vietnamMonthKey(latestEnd))];
  while (months.length < count) months.unshift(previousMonth(months[0]!));
  return months;
}

/** Which periods of a report are read from the stored months, and which month each one is. */
export function storedMonthPeriods(
  periods: ReportPeriod[],
  now: Date,
  clock: Date = new Date(),
): Map<ReportPeriod, string> {
  const latestEnd = Math.min(now.getTime(), clock.getTime()) - 2 * SUMMARY_GRACE_MS;
  const out = new Map<ReportPeriod, string>();
  for (const p of periods) {
    const month = wholeMonthOf(p);
    if (month && p.to.getTime() <= latestEnd) out.set(p, month);
  }
  return out;
}

const CELL_COLUMNS = [
  'm_received',
  'm_completed',
  'm_on_time',
  'm_late',
  'm_in_progress',
  'm_overdue',
  'm_not_accepted',
  'm_refused',
  'm_supplemented',
  'm_with_fee',
  'm_paid_online',
  'm_digitised',
  'm_rated',
  'm_satisfied',
  'processing_days_sum',
] as const;

/** Rows per INSERT: SQLite takes at most 999 parameters a statement. */
const INSERT_ROWS = 50;

/**
 * Computes and stores the months of `months` not stored yet (an aggregation over the facts per
 * month), unless an invalidation ran meanwhile (then they are computed again next time).
 */
export async function ensureStoredMonths(ds: DataSource, months: string[], now: Date): Promise<void> {
  if (!months.length) return;
  const marks = months.map(() => '?').join(', ');
  const stored = (await ds.query(
    `SELECT month FROM report_month_state WHERE month IN (${marks})`,
    months,
  )) as {
    month: string;
  }[];
  const missing = months.filter((m) => !stored.some((s) => s.month === m));
  if (!missing.length) return;
  const version = await summaryVersion(ds);
  // A statement per month: each groups ≈ one month's facts (MariaDB keeps that in memory; twelve
  // months at once spilled into an on-disk temporary table at a million events).
  const rows: Record<string, unknown>[] = [];
  for (const month of missing) {
    const q = factCellsGroupedSql(reportDialect(ds), {}, [vietnamMonthPeriod(month)], now);
    rows.push(...((await ds.query(q.sql, q.params)) as Record<string, unknown>[]));
  }
  const mysql = ds.options.type === 'mysql' || ds.options.type === 'mariadb';
  await ds.transaction(async (em) => {
    if ((await summaryVersion(em, { lock: mysql })) !== version) return;
    const missingMarks = missing.map(() => '?').join(', ');
    await em.query(`DELETE FROM report_month_cell WHERE month IN (${missingMarks})`, missing);
    await em.query(`DELETE FROM report_month_state WHERE month IN (${missingMarks})`, missing);
    const at = sqlInstant(new Date());
    await em.query(
      `INSERT INTO report_month_state (month, computed_at) VALUES ${missing.map(() => '(?, ?)').join(', ')}`,
      missing.flatMap((m) => [m, at]),
    );
    const columns = ['month', 'procedure_key', 'channel', ...CELL_COLUMNS];
    const values = rows.map((r) => [
      String(r.period),
      String(r.procedure_key),
      Number(r.channel),
      ...CELL_COLUMNS.map((c) => Number(r[c] ?? 0)),
    ]);
    const row = `(${columns.map(() => '?').join(', ')})`;
    for (let i = 0; i < values.length; i += INSERT_ROWS) {
      const chunk = values.slice(i, i + INSERT_ROWS);
      await em.query(
        `INSERT INTO report_month_cell (${columns.join(', ')}) VALUES ${chunk.map(() => row).join(', ')}`,
        chunk.flat(),
      );
    }
  });
}

/** The invalidation counter (raised by every invalidateReportMonths that drops anything). */
export async function summaryVersion(db: Sql, opts: { lock?: boolean } = {}): Promise<number> {
  const [row] = (await db.query(
    `SELECT version FROM report_summary_meta WHERE id = 1${opts.lock ? ' FOR UPDATE' : ''}`,
  )) as { version: unknown }[];
  return Number(row?.version ?? 0);
}

/** Whether every month of `months` is stored now. */
export async function monthsStored(db: Sql, months: string[]): Promise<boolean> {
  const marks = months.map(() => '?').join(', ');
  const [row] = (await db.query(
    `SELECT COUNT(*) AS n FROM report_month_state WHERE month IN (${marks})`,
    months,
  )) as { n: unknown }[];
  return Number(row?.n ?? 0) === months.length;
}

/** The stored cells of one month as one period's rows (the same columns as factCellsGroupedSql). */
export function storedMonthCellsSql(period: ReportPeriod, month: string, scope: ReportScope): SqlPart {
  const inScope = scopeWhere(scope, 'c');
  return {
    sql: `SELECT ? AS period, c.procedure_key AS procedure_key, c.channel AS channel,
      ${CELL_COLUMNS.map((col) => `c.${col} AS ${col}`).join(', ')}
      FROM report_month_cell c WHERE c.month = ? AND ${inScope.sql}`,
    params: [period.key, month, ...inScope.params],
  };
}

/**
 * The stored months whose cells differ from the same month computed from the facts now: empty
 * when the summary is right. A check for tests and operators (it recomputes every stored month).
 */
export async function diffStoredMonths(ds: DataSource, now: Date = new Date()): Promise<string[]> {
  const months = (
    (await ds.query('SELECT month FROM report_month_state ORDER BY month')) as { month: string }[]
  ).map((r) => r.month);
  const differing: string[] = [];
  const key = (r: Record<string, unknown>) =>
    [r.procedure_key, r.channel, ...CELL_COLUMNS.map((c) => r[c])]
      .map((v) => String(Number(v) || v))
      .join('|');
  for (const month of months) {
    const q = factCellsGroupedSql(reportDialect(ds), {}, [vietnamMonthPeriod(month)], now);
    const fresh = ((await ds.query(q.sql, q.params)) as Record<string, unknown>[]).map(key).sort();
    const stored = (
      (await ds.query('SELECT * FROM report_month_cell WHERE month = ?', [month])) as Record<
        string,
        unknown
      >[]
    )
      .map(key)
      .sort();
    if (JSON.stringify(fresh) !== JSON.stringify(stored)) differing.push(month);
  }
  return differing;
}
