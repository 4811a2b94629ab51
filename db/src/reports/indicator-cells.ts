import type { DataSource } from 'typeorm';
import {
  factsCte,
  type FactsSource,
  MEASURE_SQL,
  MEASURES,
  PROCESSING_DAYS_SQL,
  type Measure,
  type ReportPeriod,
  type ReportScope,
  type SqlPart,
} from './dossier-facts-sql.js';
import { factCellsGroupedSql, factCellsSql } from './indicator-cells-sql.js';
import {
  ensureStoredMonths,
  monthsStored,
  storedMonthCellsSql,
  storedMonthPeriods,
  summaryVersion,
} from './month-summary.js';
import { reportDialect } from './report-sql-dialect.js';
import { ensureWorkingDayIndex } from './working-day-index.js';

/**
 * The additive counts of one period × procedure × channel. Every indicator is a sum of cells or a
 * ratio of two sums, so the portal can regroup cells by unit, field or online level without
 * going back to the rows.
 */
export interface IndicatorCell {
  period: string;
  procedureKey: string;
  channel: number;
  counts: Record<Measure, number>;
  /** Working days summed over the dossiers completed in the period (÷ counts.completed = average). */
  processingDaysSum: number;
}

export interface IndicatorQuery {
  periods: ReportPeriod[];
  scope?: ReportScope;
  /** "Now" for the running period's overdue count and the working-day index; default the clock. */
  now?: Date;
}

/**
 * A dossier can count in a period only if it was received before the period's end and not
 * completed before its start, or completed, not accepted or rated within it: every measure of
 * MEASURE_SQL implies this, so the pairs that fail it are dropped before the sums are computed.
 */
const RELEVANT_SQL = `((f.received_at < p.pe AND (f.completed_at IS NULL OR f.completed_at >= p.ps))
  OR (f.completed_at >= p.ps AND f.completed_at < p.pe)
  OR (f.not_accepted_at >= p.ps AND f.not_accepted_at < p.pe)
  OR (f.rated_at >= p.ps AND f.rated_at < p.pe))`;

const snake = (m: string) => m.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * One SQL aggregation over the dossier facts (dossier-facts-sql.ts) × the periods, grouped by
 * period, procedure and channel. Only non-empty cells come back. The closed months are read from
 * their stored cells (month-summary.ts); `source: 'facts'` computes them from `report_dossier_fact`
 * too, `source: 'history'` computes everything from the history itself (slow: a check, not for
 * pages).
 */
export async function computeIndicatorCells(
  ds: DataSource,
  q: IndicatorQuery,
  opts: { source?: FactsSource } = {},
): Promise<IndicatorCell[]> {
  if (!q.periods.length) return [];
  const now = q.now ?? new Date();
  await ensureWorkingDayIndex(ds, now);
  const rows =
    opts.source === 'history'
      ? await run(ds, definitionSql(ds, q, now))
      : ((opts.source !== 'facts' ? await withStoredMonths(ds, q, now) : null) ??
        (await run(ds, factCellsSql(reportDialect(ds), q.scope ?? {}, q.periods, now))));
  return rows.map((r) => ({
    period: String(r.period),
    procedureKey: String(r.procedure_key),
    channel: Number(r.channel),
    counts: Object.fromEntries(MEASURES.map((m) => [m, Number(r[`m_${snake(m)}`] ?? 0)])) as Record<
      Measure,
      number
    >,
    processingDaysSum: Number(r.processing_days_sum ?? 0),
  }));
}

const run = async (ds: DataSource, q: SqlPart) =>
  (await ds.query(q.sql, q.params)) as Record<string, unknown>[];

/**
 * The cells with the closed months read from `report_month_cell` (month-summary.ts; stored first
 * if missing) and the other periods computed from the facts, in one statement ordered as
 * factCellsSql orders. Null when no period is a stored month, when a scoped report finds a month
 * not stored, or when the stored months changed while they were read (an invalidation in
 * between): the caller computes everything from the facts then.
 */
async function withStoredMonths(
  ds: DataSource,
  q: IndicatorQuery,
  now: Date,
): Promise<Record<string, unknown>[] | null> {
  const stored = storedMonthPeriods(q.periods, now);
  if (!stored.size) return null;
  const months = [...new Set(stored.values())];
  // Months are summed for every procedure at once: worth it for the whole ministry's view, not
  // for a leader's few procedures, which are computed from the facts until the months are stored
  // (by an unscoped report or the portal's background round).
  const scoped = Boolean(q.scope?.procedureKeys || q.scope?.channels);
  if (!scoped) await ensureStoredMonths(ds, months, now);
  const version = await summaryVersion(ds);
  if (!(await monthsStored(ds, months))) return null;
  const scope = q.scope ?? {};
  const live = q.periods.filter((p) => !stored.has(p));
  const arms = [
    ...(live.length ? [factCellsGroupedSql(reportDialect(ds), scope, live, now)] : []),
    ...[...stored].map(([period, month]) => storedMonthCellsSql(period, month, scope)),
  ];
  const rows = await run(ds, {
    sql: `SELECT * FROM (${arms.map((a) => a.sql).join('\n    UNION ALL\n    ')}) cells
    ORDER BY period, procedure_key, channel`,
    params: arms.flatMap((a) => a.params),
  });
  return (await summaryVersion(ds)) === version ? rows : null;
}

/**
 * The cells by their definition: every measure of MEASURE_SQL summed over every dossier in scope
 * × every period, the facts aggregated from the history itself. What the reports computed before
 * `report_dossier_fact`; kept as the reference the faster query is checked against.
 */
function definitionSql(ds: DataSource, q: IndicatorQuery, now: Date): SqlPart {
  const cte = factsCte(reportDialect(ds), q.scope ?? {}, q.periods, now, { source: 'history' });
  const sums = MEASURES.map((m) => `SUM(CASE WHEN ${MEASURE_SQL[m]} THEN 1 ELSE 0 END) AS m_${snake(m)}`);
  const sql = `${cte.sql}
    SELECT * FROM (
      SELECT p.period AS period, f.procedure_key AS procedure_key, f.channel AS channel,
        ${sums.join(',\n        ')},
        SUM(COALESCE(${PROCESSING_DAYS_SQL}, 0)) AS processing_days_sum
      FROM f CROSS JOIN p
      WHERE ${RELEVANT_SQL}
      GROUP BY p.period, f.procedure_key, f.channel
    ) cells
    WHERE ${MEASURES.map((m) => `m_${snake(m)} > 0`).join(' OR ')}
    ORDER BY period, procedure_key, channel`;
  return { sql, params: cte.params };
}
