import type { DataSource } from 'typeorm';
import {
  factsCte,
  type FactsSource,
  MEASURE_SQL,
  type Measure,
  type ReportPeriod,
  type ReportScope,
} from './dossier-facts-sql.js';
import { reportDialect } from './report-sql-dialect.js';
import { ensureWorkingDayIndex } from './working-day-index.js';

/** One dossier behind a figure (no applicant data: the report's drill-down shows codes and dates). */
export interface IndicatorDossier {
  dossierId: string;
  dossierCode: string | null;
  procedureKey: string;
  channel: number;
  submittedAt: Date;
  receivedAt: Date | null;
  completedAt: Date | null;
  /** `YYYY-MM-DD`. */
  dueDate: string | null;
  processingDays: number | null;
  late: boolean;
  score: number | null;
}

export interface IndicatorDossierQuery {
  period: ReportPeriod;
  measure: Measure;
  scope?: ReportScope;
  now?: Date;
  offset?: number;
  /** 1..200, default 50; up to EXPORT_DOSSIER_LIMIT for an export. */
  limit?: number;
  /** An export: the limit may go up to EXPORT_DOSSIER_LIMIT. */
  purpose?: 'page' | 'export';
}

/** The most dossiers one export lists (a figure behind more says so in the file). */
export const EXPORT_DOSSIER_LIMIT = 10_000;

const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(utc(v)));
// SQLite hands back the stored UTC text without a zone; MariaDB a Date (timezone 'Z').
const utc = (v: unknown): string | Date =>
  v instanceof Date ? v : /Z|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v).replace(' ', 'T')}Z`;

/**
 * The dossiers a figure counts, newest submission first, a page at a time, with the total.
 * `source: 'history'` reads the history itself instead of `report_dossier_fact` (a check).
 */
export async function listIndicatorDossiers(
  ds: DataSource,
  q: IndicatorDossierQuery,
  opts: { source?: FactsSource } = {},
): Promise<{ total: number; dossiers: IndicatorDossier[] }> {
  const now = q.now ?? new Date();
  const max = q.purpose === 'export' ? EXPORT_DOSSIER_LIMIT : 200;
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), max);
  const offset = Math.max(Math.trunc(q.offset ?? 0), 0);
  await ensureWorkingDayIndex(ds, now);
  const cte = factsCte(reportDialect(ds), q.scope ?? {}, [q.period], now, {
    source: opts.source,
    relevant: q.measure,
  });
  const where = MEASURE_SQL[q.measure];
  const [count] = (await ds.query(
    `${cte.sql} SELECT COUNT(*) AS n FROM f CROSS JOIN p WHERE ${where}`,
    cte.params,
  )) as {
    n: unknown;
  }[];
  const rows = (await ds.query(
    `${cte.sql}
    SELECT f.dossier_id, f.dossier_code, f.procedure_key, f.channel, f.submitted_at, f.received_at,
      f.completed_at, f.due_date, f.processing_days, f.completed_late, f.late_at, f.score
    FROM f CROSS JOIN p WHERE ${where}
    ORDER BY f.submitted_at DESC, f.dossier_id
    LIMIT ${limit} OFFSET ${offset}`,
    cte.params,
  )) as Record<string, unknown>[];
  return {
    total: Number(count?.n ?? 0),
    dossiers: rows.map((r) => ({
      dossierId: String(r.dossier_id),
      dossierCode: r.dossier_code === null ? null : String(r.dossier_code),
      procedureKey: String(r.procedure_key),
      channel: Number(r.channel),
      submittedAt: toDate(r.submitted_at) as Date,
      receivedAt: toDate(r.received_at),
      completedAt: toDate(r.completed_at),
      dueDate: r.due_date === null ? null : String(r.due_date),
      processingDays: r.processing_days === null ? null : Number(r.processing_days),
      late: Number(r.completed_late) === 1 || r.late_at !== null,
      score: r.score === null ? null : Number(r.score),
    })),
  };
}
