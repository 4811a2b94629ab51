import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isDuplicateKeyError } from '../workers/sequence-counter.js';
import { invalidateReportMonths } from './month-summary.js';
import { sqlInstant } from './report-sql-dialect.js';

/** What the facts need of one history event (a subset of DossierHistoryRecord). */
export interface DossierFactEvent {
  dossierId: string;
  eventKey: string;
  statusCode?: number | null;
  kind: string;
  at: Date;
}

/** The event key prefix the payment service gives an online payment's `paid` event. */
const PAID_ONLINE_PREFIX = 'paid-online:';

/** Sets `column` to the earlier of its value and the event's time. */
const earliest = (column: string) =>
  `${column} = CASE WHEN ${column} IS NULL OR ${column} > ? THEN ? ELSE ${column} END`;

/**
 * Folds one newly recorded history event into its dossier's facts, in the caller's transaction
 * (the one that inserted the history row), so the facts never miss an event nor count one that
 * was rolled back. Every change is a single UPDATE computed by the database from the row's current
 * values (earliest time, flag, counter), so two appends for the same dossier in parallel
 * transactions cannot lose each other's change. Call it only when the history row was new.
 */
export async function recordDossierFact(em: EntityManager, e: DossierFactEvent): Promise<void> {
  const current = await ensureFactRow(em, e.dossierId);
  const sets = ['events = events + 1'];
  const params: unknown[] = [];
  const at = sqlInstant(e.at);
  const earliestAt = (column: string) => {
    sets.push(earliest(column));
    params.push(at, at);
  };
  const status = e.statusCode ?? null;
  if (status === 2) earliestAt('received_at');
  if (status === 9 || status === 10) earliestAt('completed_at');
  if (status === 7 || status === 8) earliestAt('closed_at');
  if (status !== null && [7, 8, 9, 10].includes(status)) earliestAt('ended_at');
  if (status === 3) earliestAt('not_accepted_at');
  if (e.kind === 'late') earliestAt('late_at');
  const atReceipt: string[] = [];
  if (e.kind === 'supplement-requested') atReceipt.push('supplement_rounds = supplement_rounds + 1');
  if (status === 6) atReceipt.push('with_fee = 1');
  if (e.kind === 'paid' && e.eventKey.startsWith(PAID_ONLINE_PREFIX)) atReceipt.push('paid_online = 1');
  const atCompletion = e.kind === 'refused' ? ['refused = 1'] : [];
  sets.push(...atReceipt, ...atCompletion);
  await em.query(`UPDATE report_dossier_fact SET ${sets.join(', ')} WHERE dossier_id = ?`, [
    ...params,
    e.dossierId,
  ]);
  // The stored closed months (month-summary.ts) this event changes: a time column counts from the
  // event's time on; a flag counts at the receipt (supplemented, fee, paid online) or the
  // completion (refused) already recorded. An event of the running month changes none.
  const from = [
    params.length ? e.at : null,
    atReceipt.length ? current.receivedAt : null,
    atCompletion.length ? current.completedAt : null,
  ].filter((x): x is Date => x !== null);
  if (from.length) await invalidateReportMonths(em, new Date(Math.min(...from.map((x) => x.getTime()))));
}

/** A datetime column as read back (a Date from MariaDB, UTC text from SQLite). */
function instant(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const text = String(v);
  return new Date(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`);
}

/** The dossier's fact row (created empty if missing) and the times a flag is counted at. */
async function ensureFactRow(
  em: EntityManager,
  dossierId: string,
): Promise<{ receivedAt: Date | null; completedAt: Date | null }> {
  const found = (await em.query(
    'SELECT received_at, completed_at FROM report_dossier_fact WHERE dossier_id = ?',
    [dossierId],
  )) as { received_at: unknown; completed_at: unknown }[];
  if (found[0])
    return { receivedAt: instant(found[0].received_at), completedAt: instant(found[0].completed_at) };
  const [dossier] = (await em.query('SELECT procedure_key, channel FROM dossier WHERE id = ?', [
    dossierId,
  ])) as {
    procedure_key: string;
    channel: number;
  }[];
  try {
    await em.query(
      `INSERT INTO report_dossier_fact
        (dossier_id, procedure_key, channel, supplement_rounds, with_fee, refused, paid_online, events)
       VALUES (?, ?, ?, 0, 0, 0, 0, 0)`,
      [dossierId, dossier?.procedure_key ?? null, dossier?.channel ?? null],
    );
  } catch (err) {
    // A parallel transaction created the row first: the UPDATE that follows waits for its lock.
    if (!isDuplicateKeyError(err)) throw err;
  }
  return { receivedAt: null, completedAt: null };
}

/**
 * The facts of the dossiers with history, aggregated from `dossier_history` (the definition the
 * per-event updates above follow). `where` restricts the history rows read.
 */
export function factsFromHistorySql(where = '1 = 1'): string {
  return `SELECT dossier_id,
      MIN(CASE WHEN status_code = 2 THEN at END) AS received_at,
      MIN(CASE WHEN status_code IN (9, 10) THEN at END) AS completed_at,
      MIN(CASE WHEN status_code IN (7, 8) THEN at END) AS closed_at,
      MIN(CASE WHEN status_code IN (7, 8, 9, 10) THEN at END) AS ended_at,
      MIN(CASE WHEN status_code = 3 THEN at END) AS not_accepted_at,
      MIN(CASE WHEN kind = 'late' THEN at END) AS late_at,
      SUM(CASE WHEN kind = 'supplement-requested' THEN 1 ELSE 0 END) AS supplement_rounds,
      MAX(CASE WHEN status_code = 6 THEN 1 ELSE 0 END) AS with_fee,
      MAX(CASE WHEN kind = 'refused' THEN 1 ELSE 0 END) AS refused,
      MAX(CASE WHEN kind = 'paid' AND event_key LIKE '${PAID_ONLINE_PREFIX}%' THEN 1 ELSE 0 END) AS paid_online,
      COUNT(*) AS events
    FROM dossier_history
    WHERE ${where}
    GROUP BY dossier_id`;
}

const FACT_COLUMNS = [
  'received_at',
  'completed_at',
  'closed_at',
  'ended_at',
  'not_accepted_at',
  'late_at',
  'supplement_rounds',
  'with_fee',
  'refused',
  'paid_online',
  'events',
];

/** How many dossiers one backfill statement aggregates. */
const DEFAULT_CHUNK = 5000;

type Sql = Pick<QueryRunner, 'query'>;

/**
 * Recomputes `report_dossier_fact` from the whole history: deletes its rows and inserts them again,
 * `chunk` dossiers a statement, walking the dossier ids in order through the history's
 * (dossier_id, …) index, so a million events never sit in this process's memory nor in one
 * statement. Run by the migration on the existing history, and by the benchmark after its bulk
 * load. Returns how many dossiers it wrote.
 */
export async function rebuildDossierFacts(db: Sql, opts: { chunk?: number } = {}): Promise<number> {
  const chunk = Math.max(1, Math.trunc(opts.chunk ?? DEFAULT_CHUNK));
  await db.query('DELETE FROM report_dossier_fact');
  // Every stored month was summed from the facts being replaced. (1765340000002's backfill runs
  // before the summary's tables exist.)
  if (await hasMonthSummary(db)) await invalidateReportMonths(db, null);
  let after: string | null = null;
  for (;;) {
    const [upper] = (await db.query(
      `SELECT dossier_id FROM dossier_history ${after === null ? '' : 'WHERE dossier_id > ?'}
       GROUP BY dossier_id ORDER BY dossier_id LIMIT 1 OFFSET ${chunk - 1}`,
      after === null ? [] : [after],
    )) as { dossier_id: string }[];
    const range = [after === null ? null : 'dossier_id > ?', upper ? 'dossier_id <= ?' : null].filter(
      Boolean,
    );
    const params = [after, upper?.dossier_id].filter((v) => v !== null && v !== undefined);
    await db.query(
      `INSERT INTO report_dossier_fact (dossier_id, procedure_key, channel, ${FACT_COLUMNS.join(', ')})
       SELECT h.dossier_id, d.procedure_key, d.channel, ${FACT_COLUMNS.map((c) => `h.${c}`).join(', ')}
       FROM (${factsFromHistorySql(range.length ? range.join(' AND ') : '1 = 1')}) h
       LEFT JOIN dossier d ON d.id = h.dossier_id`,
      params,
    );
    if (!upper) break;
    after = upper.dossier_id;
  }
  const [count] = (await db.query('SELECT COUNT(*) AS n FROM report_dossier_fact')) as { n: unknown }[];
  return Number(count?.n ?? 0);
}

/** Whether the stored months' tables exist (not yet while 1765340000002's backfill runs). */
async function hasMonthSummary(db: Sql): Promise<boolean> {
  try {
    await db.query('SELECT 1 FROM report_summary_meta WHERE id = 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * The dossiers whose stored facts differ from their history's aggregate (or that miss a row, or
 * have a row without history, or a procedure or channel other than their dossier row's): empty
 * when the facts are right. A check for tests and operators;
 * it reads the whole history, so it is as slow as the reports were before the facts table.
 */
export async function diffDossierFacts(ds: DataSource): Promise<string[]> {
  // Null-safe: one side null and the other not, or both set and different.
  const cmp = FACT_COLUMNS.map((c) => `(f.${c} IS NULL) <> (h.${c} IS NULL) OR f.${c} <> h.${c}`).join(
    ' OR ',
  );
  const rows = (await ds.query(
    `SELECT h.dossier_id AS id FROM (${factsFromHistorySql()}) h
       LEFT JOIN report_dossier_fact f ON f.dossier_id = h.dossier_id
       WHERE f.dossier_id IS NULL OR ${cmp}
     UNION
     SELECT f.dossier_id AS id FROM report_dossier_fact f
       WHERE NOT EXISTS (SELECT 1 FROM dossier_history x WHERE x.dossier_id = f.dossier_id)
     UNION
     SELECT f.dossier_id AS id FROM report_dossier_fact f LEFT JOIN dossier d ON d.id = f.dossier_id
       WHERE (f.procedure_key IS NULL) <> (d.id IS NULL) OR f.procedure_key <> d.procedure_key
         OR f.channel <> d.channel
     ORDER BY id`,
  )) as { id: string }[];
  return rows.map((r) => r.id);
}
