import type { ReportSqlDialect } from './report-sql-dialect.js';
import { sqlInstant } from './report-sql-dialect.js';
import { vietnamDate } from '@motcua/domain';
import { factsFromHistorySql } from './dossier-fact-writer.js';

/** Which dossiers a report covers: undefined = all; an empty list = none. */
export interface ReportScope {
  procedureKeys?: string[];
  /** KenhThucHien: 1 in person, 2 online, 3 post. */
  channels?: number[];
}

/** A reporting period [from, to), named by its key (`2026-11`, or `from..to`). */
export interface ReportPeriod {
  key: string;
  from: Date;
  to: Date;
}

export interface SqlPart {
  sql: string;
  params: unknown[];
}

function scopeWhere(scope: ReportScope, alias: string): SqlPart {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.procedureKeys) {
    if (!scope.procedureKeys.length) parts.push('1 = 0');
    else {
      parts.push(`${alias}.procedure_key IN (${scope.procedureKeys.map(() => '?').join(', ')})`);
      params.push(...scope.procedureKeys);
    }
  }
  if (scope.channels) {
    if (!scope.channels.length) parts.push('1 = 0');
    else {
      parts.push(`${alias}.channel IN (${scope.channels.map(() => '?').join(', ')})`);
      params.push(...scope.channels);
    }
  }
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
}

/** The day in Vietnam of an instant, as the SQL compares it with a `YYYY-MM-DD` due date. */
function vietnamDay(at: Date): string {
  return vietnamDate(at);
}

/** Where a report reads the per-dossier facts from. */
export type FactsSource =
  /**
   * The default for the indicator cells: closed months from their stored cells
   * (`report_month_cell`, month-summary.ts), every other period from `report_dossier_fact`.
   * The drill-down reads the facts.
   */
  | 'summary'
  /** `report_dossier_fact`, kept in step with the history, for every period. */
  | 'facts'
  /** The history itself, grouped per dossier: the definition, slow (verification only). */
  | 'history';

export interface FactsCteOptions {
  source?: FactsSource;
  /**
   * The one measure the rows are read for (see relevantSql): its anchor's time range is read
   * first from the facts' time indexes, so a drill-down touches the dossiers of its period, not
   * every dossier. Default: no restriction.
   */
  relevant?: Measure;
}

/**
 * `WITH h, f, p`: the facts of every dossier in scope and the periods asked for.
 *
 * h — per dossier: received = the first event with national status 2 (accepted); completed = the
 *     first with status 9 or 10 (processed / result returned); closed = withdrawn (7) or stopped
 *     (8); not accepted = status 3; late = the apology letter's `late` event; supplemented = a
 *     `supplement-requested` event; with a fee = status 6 (payment requested); refused = the
 *     `refused` return; paid online = the payment service's `paid` event (event key
 *     `paid-online:<transaction>`, portal/src/payment/payment.service.ts). Read from
 *     `report_dossier_fact` (dossier-fact-writer.ts keeps it in step with every history append),
 *     or, to verify it, aggregated from `dossier_history` by the same definition.
 * f — the dossier row (procedure, channel, legal due date) with those facts, the processing time
 *     in working days (report_working_day ordinals: completion day minus receipt day, Vietnam
 *     days), whether the completion was late (an apology before it, or completed after the due
 *     date), the applicant's rating, and whether documents were uploaded (digitised).
 * p — one row per period: its bounds, and the day "overdue" is judged at (the period's end, or
 *     today for the running period).
 */
export function factsCte(
  d: ReportSqlDialect,
  scope: ReportScope,
  periods: ReportPeriod[],
  now: Date,
  options: FactsCteOptions = {},
): SqlPart {
  const inScope = scopeWhere(scope, 'd');
  const inScopeH = scopeWhere(scope, 'sd');
  const restrictHistory = scope.procedureKeys || scope.channels;
  const source = options.source ?? 'facts';
  const relevant = options.relevant
    ? relevantSql(d, options.relevant, periods)
    : { sql: '1 = 1', params: [] };
  const h =
    source === 'history'
      ? `h AS (
    SELECT dossier_id, received_at, completed_at, closed_at, not_accepted_at, late_at,
      CASE WHEN supplement_rounds > 0 THEN 1 ELSE 0 END AS supplemented, with_fee, refused, paid_online
    FROM (${factsFromHistorySql(restrictHistory ? `dossier_id IN (SELECT sd.id FROM dossier sd WHERE ${inScopeH.sql})` : '1 = 1')}) agg
  )`
      : `h AS (
    SELECT dossier_id, received_at, completed_at, closed_at, not_accepted_at, late_at,
      CASE WHEN supplement_rounds > 0 THEN 1 ELSE 0 END AS supplemented, with_fee, refused, paid_online
    FROM report_dossier_fact
  )`;
  const f = `f AS (
    SELECT d.id AS dossier_id, d.dossier_code, d.procedure_key, d.channel, d.due_date, d.submitted_at,
      h.received_at, h.completed_at, h.closed_at, h.not_accepted_at, h.late_at,
      h.supplemented, h.with_fee, h.refused, h.paid_online,
      CASE WHEN h.completed_at IS NOT NULL AND h.received_at IS NOT NULL
        THEN wc.ordinal - wr.ordinal END AS processing_days,
      CASE WHEN h.completed_at IS NOT NULL AND (
          (h.late_at IS NOT NULL AND h.late_at <= h.completed_at)
          OR (d.due_date IS NOT NULL AND ${d.vnDay('h.completed_at')} > d.due_date))
        THEN 1 ELSE 0 END AS completed_late,
      r.rated_at, r.score,
      CASE WHEN EXISTS (SELECT 1 FROM dossier_attachment a WHERE a.dossier_id = d.id AND a.state <> 'staged')
        THEN 1 ELSE 0 END AS digitised
    FROM dossier d
    JOIN h ON h.dossier_id = d.id
    LEFT JOIN report_working_day wr ON wr.day = ${d.vnDay('h.received_at')}
    LEFT JOIN report_working_day wc ON wc.day = ${d.vnDay('h.completed_at')}
    LEFT JOIN satisfaction_rating r ON r.dossier_id = d.id
    WHERE ${inScope.sql} AND ${relevant.sql}
  )`;
  const p = periodsCte(d, periods, now);
  return {
    sql: `WITH ${h}, ${f}, ${p.sql}`,
    params: [
      ...(source === 'history' && restrictHistory ? inScopeH.params : []),
      ...inScope.params,
      ...relevant.params,
      ...p.params,
    ],
  };
}

/** `p AS (…)`: one row per period, its bounds and the day "overdue" is judged at. */
export function periodsCte(d: ReportSqlDialect, periods: ReportPeriod[], now: Date): SqlPart {
  const params: unknown[] = [];
  const rows = periods.map((period) => {
    const asOf = period.to.getTime() < now.getTime() ? period.to : now;
    params.push(
      period.key,
      sqlInstant(period.from),
      sqlInstant(period.to),
      sqlInstant(asOf),
      vietnamDay(asOf),
    );
    return `SELECT ? AS period, ${d.instant('?')} AS ps, ${d.instant('?')} AS pe, ${d.instant('?')} AS as_of, ? AS as_of_day`;
  });
  return { sql: `p AS (${rows.join(' UNION ALL ')})`, params };
}

/**
 * A condition on `h` (the facts) and `r` (the rating) that every row a measure counts over
 * `periods` satisfies: the event the measure is anchored on falls in the span from the first
 * period's start to the last one's end. It only removes rows that could not count, so the figures
 * are the same with or without it; it lets the database read the facts' time indexes instead of
 * every dossier.
 */
function relevantSql(d: ReportSqlDialect, relevant: Measure, periods: ReportPeriod[]): SqlPart {
  if (!periods.length) return { sql: '1 = 1', params: [] };
  const from = sqlInstant(new Date(Math.min(...periods.map((x) => x.from.getTime()))));
  const to = sqlInstant(new Date(Math.max(...periods.map((x) => x.to.getTime()))));
  const within = (col: string): SqlPart => ({
    sql: `(${col} >= ${d.instant('?')} AND ${col} < ${d.instant('?')})`,
    params: [from, to],
  });
  const open: SqlPart = {
    sql: `(h.received_at < ${d.instant('?')} AND (h.completed_at IS NULL OR h.completed_at >= ${d.instant('?')}))`,
    params: [to, from],
  };
  switch (relevant) {
    case 'received':
    case 'supplemented':
    case 'withFee':
    case 'paidOnline':
    case 'digitised':
      return within('h.received_at');
    case 'completed':
    case 'onTime':
    case 'late':
    case 'refused':
      return within('h.completed_at');
    case 'inProgress':
    case 'overdue':
      return open;
    case 'notAccepted':
      return within('h.not_accepted_at');
    case 'rated':
    case 'satisfied':
      return within('r.rated_at');
  }
}

/** The measures a report counts, each a predicate over a dossier `f` in a period `p`. */
export const MEASURES = [
  'received',
  'completed',
  'onTime',
  'late',
  'inProgress',
  'overdue',
  'notAccepted',
  'refused',
  'supplemented',
  'withFee',
  'paidOnline',
  'digitised',
  'rated',
  'satisfied',
] as const;
export type Measure = (typeof MEASURES)[number];

const inPeriod = (col: string) => `(f.${col} >= p.ps AND f.${col} < p.pe)`;
const openAtEnd =
  '(f.received_at < p.pe AND (f.completed_at IS NULL OR f.completed_at >= p.pe) AND (f.closed_at IS NULL OR f.closed_at >= p.pe))';

/** Scores counted as satisfied ("hài lòng", "rất hài lòng"), as SATISFIED_MIN_SCORE in portal/. */
const SATISFIED_MIN = 4;

export const MEASURE_SQL: Record<Measure, string> = {
  received: inPeriod('received_at'),
  completed: inPeriod('completed_at'),
  onTime: `(${inPeriod('completed_at')} AND f.completed_late = 0)`,
  late: `(${inPeriod('completed_at')} AND f.completed_late = 1)`,
  inProgress: openAtEnd,
  overdue: `(${openAtEnd} AND ((f.late_at IS NOT NULL AND f.late_at < p.pe) OR (f.due_date IS NOT NULL AND f.due_date < p.as_of_day)))`,
  notAccepted: inPeriod('not_accepted_at'),
  refused: `(${inPeriod('completed_at')} AND f.refused = 1)`,
  supplemented: `(${inPeriod('received_at')} AND f.supplemented = 1)`,
  withFee: `(${inPeriod('received_at')} AND f.with_fee = 1)`,
  paidOnline: `(${inPeriod('received_at')} AND f.with_fee = 1 AND f.paid_online = 1)`,
  digitised: `(${inPeriod('received_at')} AND f.digitised = 1)`,
  rated: inPeriod('rated_at'),
  satisfied: `(${inPeriod('rated_at')} AND f.score >= ${SATISFIED_MIN})`,
};

/** The sum of processing days over the dossiers completed in the period (for the average). */
export const PROCESSING_DAYS_SQL = `CASE WHEN ${inPeriod('completed_at')} THEN f.processing_days ELSE 0 END`;
