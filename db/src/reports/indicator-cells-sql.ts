import type { ReportSqlDialect } from './report-sql-dialect.js';
import { periodsCte, type ReportPeriod, type ReportScope, type SqlPart } from './dossier-facts-sql.js';

/** The per-pair columns every branch yields (0 where the branch does not count it). */
const COLUMNS = [
  'received',
  'supplemented',
  'with_fee',
  'paid_online',
  'digitised',
  'completed',
  'completed_late',
  'refused',
  'processing_days',
  'in_progress',
  'overdue',
  'not_accepted',
  'rated',
  'satisfied',
] as const;
type Column = (typeof COLUMNS)[number];

/** Scores counted as satisfied ("hài lòng", "rất hài lòng"), as SATISFIED_MIN_SCORE in portal/. */
const SATISFIED_MIN = 4;

function branch(from: string, where: string, values: Partial<Record<Column, string>>): string {
  return `SELECT p.period AS period, h.procedure_key AS procedure_key, h.channel AS channel,
      ${COLUMNS.map((c) => `${values[c] ?? '0'} AS ${c}`).join(', ')}
    ${from}
    WHERE h.procedure_key IS NOT NULL AND ${where}`;
}

/**
 * The indicator cells (period × procedure × channel, the same columns and figures as the
 * definition in dossier-facts-sql.ts over every dossier × period) read from `report_dossier_fact`
 * a measure group at a time, each anchored on the time its measures are counted at, so each reads
 * only the facts of its periods through a time index and looks up the dossier, rating, uploads or
 * working days only for those rows:
 *  - received in the period: received, supplemented, with a fee, paid online, digitised;
 *  - completed in it: completed, late (on time = completed − late), refused, processing days;
 *  - not accepted in it; rated in it (satisfied);
 *  - open at its end: in progress, overdue.
 * A dossier the portal has no row for has no procedure in its facts and counts nowhere, as before.
 * The one pair the anchors alone would admit but the definition drops — received in the period
 * but completed before it (a history out of order) — is excluded the same way as there.
 */
export function factCellsSql(
  d: ReportSqlDialect,
  scope: ReportScope,
  periods: ReportPeriod[],
  now: Date,
): SqlPart {
  const inScope = scopeWhere(scope);
  const within = (col: string) => `${col} >= p.ps AND ${col} < p.pe`;
  const branches = [
    branch(
      `FROM p JOIN report_dossier_fact h ON ${within('h.received_at')}`,
      `${inScope.sql} AND (h.completed_at IS NULL OR h.completed_at >= p.ps
        OR (${within('h.not_accepted_at')})
        OR EXISTS (SELECT 1 FROM satisfaction_rating rr WHERE rr.dossier_id = h.dossier_id AND ${within('rr.rated_at')}))`,
      {
        received: '1',
        supplemented: 'CASE WHEN h.supplement_rounds > 0 THEN 1 ELSE 0 END',
        with_fee: 'h.with_fee',
        paid_online: 'CASE WHEN h.with_fee = 1 AND h.paid_online = 1 THEN 1 ELSE 0 END',
        digitised: `CASE WHEN EXISTS (SELECT 1 FROM dossier_attachment a
          WHERE a.dossier_id = h.dossier_id AND a.state <> 'staged') THEN 1 ELSE 0 END`,
      },
    ),
    branch(
      `FROM p JOIN report_dossier_fact h ON ${within('h.completed_at')}
      JOIN dossier d ON d.id = h.dossier_id
      LEFT JOIN report_working_day wr ON wr.day = ${d.vnDay('h.received_at')}
      LEFT JOIN report_working_day wc ON wc.day = ${d.vnDay('h.completed_at')}`,
      inScope.sql,
      {
        completed: '1',
        completed_late: `CASE WHEN (h.late_at IS NOT NULL AND h.late_at <= h.completed_at)
          OR (d.due_date IS NOT NULL AND ${d.vnDay('h.completed_at')} > d.due_date) THEN 1 ELSE 0 END`,
        refused: 'h.refused',
        processing_days: 'COALESCE(CASE WHEN h.received_at IS NOT NULL THEN wc.ordinal - wr.ordinal END, 0)',
      },
    ),
    branch(`FROM p JOIN report_dossier_fact h ON ${within('h.not_accepted_at')}`, inScope.sql, {
      not_accepted: '1',
    }),
    branch(
      `FROM p JOIN satisfaction_rating r ON ${within('r.rated_at')}
      JOIN report_dossier_fact h ON h.dossier_id = r.dossier_id`,
      inScope.sql,
      { rated: '1', satisfied: `CASE WHEN r.score >= ${SATISFIED_MIN} THEN 1 ELSE 0 END` },
    ),
    branch(
      `FROM p JOIN report_dossier_fact h ON h.received_at < p.pe
        AND (h.completed_at IS NULL OR h.completed_at >= p.pe) AND (h.closed_at IS NULL OR h.closed_at >= p.pe)
      JOIN dossier d ON d.id = h.dossier_id`,
      inScope.sql,
      {
        in_progress: '1',
        overdue: `CASE WHEN (h.late_at IS NOT NULL AND h.late_at < p.pe)
          OR (d.due_date IS NOT NULL AND d.due_date < p.as_of_day) THEN 1 ELSE 0 END`,
      },
    ),
  ];
  const period = periodsCte(d, periods, now);
  const sum = (c: Column) => `SUM(${c})`;
  return {
    sql: `WITH ${period.sql}, x AS (${branches.join('\n    UNION ALL\n    ')})
    SELECT period, procedure_key, channel,
      ${sum('received')} AS m_received, ${sum('completed')} AS m_completed,
      ${sum('completed')} - ${sum('completed_late')} AS m_on_time, ${sum('completed_late')} AS m_late,
      ${sum('in_progress')} AS m_in_progress, ${sum('overdue')} AS m_overdue,
      ${sum('not_accepted')} AS m_not_accepted, ${sum('refused')} AS m_refused,
      ${sum('supplemented')} AS m_supplemented, ${sum('with_fee')} AS m_with_fee,
      ${sum('paid_online')} AS m_paid_online, ${sum('digitised')} AS m_digitised,
      ${sum('rated')} AS m_rated, ${sum('satisfied')} AS m_satisfied,
      ${sum('processing_days')} AS processing_days_sum
    FROM x
    GROUP BY period, procedure_key, channel
    ORDER BY period, procedure_key, channel`,
    // The scope's parameters appear once per branch, after the periods' (the CTE comes first).
    params: [...period.params, ...branches.flatMap(() => inScope.params)],
  };
}

function scopeWhere(scope: ReportScope): SqlPart {
  const parts: string[] = [];
  const params: unknown[] = [];
  const list = (column: string, values: unknown[] | undefined) => {
    if (!values) return;
    if (!values.length) parts.push('1 = 0');
    else {
      parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    }
  };
  list('h.procedure_key', scope.procedureKeys);
  list('h.channel', scope.channels);
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
}
