import type { ReportSqlDialect } from './report-sql-dialect.js';
import type { ReportPeriod, ReportScope, SqlPart } from './dossier-facts-sql.js';
import { sqlInstant } from './report-sql-dialect.js';
import { vietnamDate } from '@motcua/domain';

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

/**
 * The dossier's legal due date, looked up only for the rows that need it (a subquery, not a join,
 * so each branch's plan starts from its own time index).
 */
const DUE_DATE = '(SELECT d.due_date FROM dossier d WHERE d.id = h.dossier_id)';

/** Scores counted as satisfied ("hài lòng", "rất hài lòng"), as SATISFIED_MIN_SCORE in portal/. */
const SATISFIED_MIN = 4;

/** A piece of SQL and its parameters, joined in the order they appear in the text. */
const join = (parts: (string | SqlPart)[]): SqlPart => ({
  sql: parts.map((x) => (typeof x === 'string' ? x : x.sql)).join(''),
  params: parts.flatMap((x) => (typeof x === 'string' ? [] : x.params)),
});

/** One period's bounds as parameters (the dialect's datetime) and the day overdue is judged at. */
interface Bounds {
  key: SqlPart;
  from: SqlPart;
  to: SqlPart;
  asOfDay: SqlPart;
}

function bounds(d: ReportSqlDialect, period: ReportPeriod, now: Date): Bounds {
  const asOf = period.to.getTime() < now.getTime() ? period.to : now;
  const instant = (at: Date) => ({ sql: d.instant('?'), params: [sqlInstant(at)] });
  return {
    key: { sql: '?', params: [period.key] },
    from: instant(period.from),
    to: instant(period.to),
    asOfDay: { sql: '?', params: [vietnamDate(asOf)] },
  };
}

/**
 * One measure group of one period: its rows carry the period's key, the dossier's procedure and
 * channel from its facts, and 1/0 (or the processing days) per column. The period's bounds are
 * literal parameters, not a join, so every database reads the anchor's time index as a range.
 */
function branch(
  b: Bounds,
  from: string,
  where: (string | SqlPart)[],
  values: Partial<Record<Column, (string | SqlPart)[]>>,
): SqlPart {
  return join([
    'SELECT ',
    b.key,
    ' AS period, h.procedure_key AS procedure_key, h.channel AS channel, ',
    ...COLUMNS.flatMap((c, i) => [...(i ? [', '] : []), ...(values[c] ?? ['0']), ` AS ${c}`]),
    ` ${from} WHERE h.procedure_key IS NOT NULL AND `,
    ...where,
  ]);
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
  const grouped = factCellsGroupedSql(d, scope, periods, now);
  return { sql: `${grouped.sql}\n    ORDER BY period, procedure_key, channel`, params: grouped.params };
}

/** factCellsSql without its ORDER BY: a SELECT that can be one arm of a UNION. */
export function factCellsGroupedSql(
  d: ReportSqlDialect,
  scope: ReportScope,
  periods: ReportPeriod[],
  now: Date,
): SqlPart {
  const inScope = scopeWhere(scope);
  const branches = periods.flatMap((period) => {
    const b = bounds(d, period, now);
    const within = (col: string) => [`${col} >= `, b.from, ` AND ${col} < `, b.to];
    return [
      branch(
        b,
        'FROM report_dossier_fact h',
        [
          ...within('h.received_at'),
          ' AND ',
          inScope,
          ' AND (h.completed_at IS NULL OR h.completed_at >= ',
          b.from,
          ' OR (',
          ...within('h.not_accepted_at'),
          ') OR EXISTS (SELECT 1 FROM satisfaction_rating rr WHERE rr.dossier_id = h.dossier_id AND ',
          ...within('rr.rated_at'),
          '))',
        ],
        {
          received: ['1'],
          supplemented: ['CASE WHEN h.supplement_rounds > 0 THEN 1 ELSE 0 END'],
          with_fee: ['h.with_fee'],
          paid_online: ['CASE WHEN h.with_fee = 1 AND h.paid_online = 1 THEN 1 ELSE 0 END'],
          digitised: [
            `CASE WHEN EXISTS (SELECT 1 FROM dossier_attachment a
              WHERE a.dossier_id = h.dossier_id AND a.state <> 'staged') THEN 1 ELSE 0 END`,
          ],
        },
      ),
      branch(
        b,
        `FROM report_dossier_fact h
          LEFT JOIN report_working_day wr ON wr.day = ${d.vnDay('h.received_at')}
          LEFT JOIN report_working_day wc ON wc.day = ${d.vnDay('h.completed_at')}`,
        [...within('h.completed_at'), ' AND ', inScope],
        {
          completed: ['1'],
          completed_late: [
            `CASE WHEN (h.late_at IS NOT NULL AND h.late_at <= h.completed_at)
              OR ${d.vnDay('h.completed_at')} > ${DUE_DATE} THEN 1 ELSE 0 END`,
          ],
          refused: ['h.refused'],
          processing_days: [
            'COALESCE(CASE WHEN h.received_at IS NOT NULL THEN wc.ordinal - wr.ordinal END, 0)',
          ],
        },
      ),
      branch(b, 'FROM report_dossier_fact h', [...within('h.not_accepted_at'), ' AND ', inScope], {
        not_accepted: ['1'],
      }),
      branch(
        b,
        'FROM satisfaction_rating r JOIN report_dossier_fact h ON h.dossier_id = r.dossier_id',
        [...within('r.rated_at'), ' AND ', inScope],
        { rated: ['1'], satisfied: [`CASE WHEN r.score >= ${SATISFIED_MIN} THEN 1 ELSE 0 END`] },
      ),
      // Open at the end: received before it and not completed nor closed before it (ended_at is
      // the earlier of the two), in two index ranges — never ended, ended after the end — read
      // through the ended index, as the planners otherwise walk every dossier received before.
      ...['h.ended_at IS NULL', ['h.ended_at >= ', b.to]].map((ended) =>
        branch(
          b,
          `FROM report_dossier_fact h ${d.useIndex('idx_report_fact_ended')}`,
          [...[ended].flat(), ' AND h.received_at < ', b.to, ' AND ', inScope],
          {
            in_progress: ['1'],
            overdue: [
              '(CASE WHEN (h.late_at IS NOT NULL AND h.late_at < ',
              b.to,
              `) OR ${DUE_DATE} < `,
              b.asOfDay,
              ' THEN 1 ELSE 0 END)',
            ],
          },
        ),
      ),
    ];
  });
  const sum = (c: Column) => `SUM(${c})`;
  return join([
    `SELECT period, procedure_key, channel,
      ${sum('received')} AS m_received, ${sum('completed')} AS m_completed,
      ${sum('completed')} - ${sum('completed_late')} AS m_on_time, ${sum('completed_late')} AS m_late,
      ${sum('in_progress')} AS m_in_progress, ${sum('overdue')} AS m_overdue,
      ${sum('not_accepted')} AS m_not_accepted, ${sum('refused')} AS m_refused,
      ${sum('supplemented')} AS m_supplemented, ${sum('with_fee')} AS m_with_fee,
      ${sum('paid_online')} AS m_paid_online, ${sum('digitised')} AS m_digitised,
      ${sum('rated')} AS m_rated, ${sum('satisfied')} AS m_satisfied,
      ${sum('processing_days')} AS processing_days_sum
    FROM (`,
    ...branches.flatMap((x, i) => [...(i ? ['\n    UNION ALL\n    '] : []), x]),
    `) x
    GROUP BY period, procedure_key, channel`,
  ]);
}

/** The scope's procedure and channel filters on the table aliased `alias` ('1 = 1' for none). */
export function scopeWhere(scope: ReportScope, alias = 'h'): SqlPart {
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
  list(`${alias}.procedure_key`, scope.procedureKeys);
  list(`${alias}.channel`, scope.channels);
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
}
