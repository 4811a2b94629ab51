/**
 * Reads the plan of a captured statement and names what is wrong with it: a large table read
 * without an index, or a subquery that reads a table per outer row other than through the row's
 * own key. Plans, not timings: the verdict does not depend on how busy the machine is.
 */
import type { DataSource } from '@motcua/db';

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

/** A TypeORM logger that keeps every SELECT the data source runs (set with `ds.setOptions`). */
export function captureSelects(): { logger: object; take(): CapturedQuery[] } {
  let seen: CapturedQuery[] = [];
  const noop = () => undefined;
  return {
    logger: {
      logQuery: (sql: string, params?: unknown[]) => {
        if (/^\s*SELECT\b/i.test(sql)) seen.push({ sql, params: params ?? [] });
      },
      logQueryError: noop,
      logQuerySlow: noop,
      logSchemaBuild: noop,
      logMigration: noop,
      log: noop,
    },
    take() {
      const out = seen;
      seen = [];
      return out;
    },
  };
}

/** Columns through which a correlated subquery reaches "its" rows: one index probe per outer row. */
const CORRELATION = /\((processInstanceId|executionId|taskId|id|userId)=\?/;

/**
 * Tables small by nature (a user's memberships, definitions, the finished count's few rows per
 * definition): reading them whole is fine.
 */
const SMALL = /^(eng_membership|eng_process_definition|eng_deployment|eng_hi_procinst_finished)$/;

/** alias → table of the statement's FROM/JOIN clauses (plans name aliases). */
function aliases(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+[`"]?(\w+)[`"]?(?:\s+(?:AS\s+)?[`"]?(\w+)[`"]?)?/gi)) {
    out.set(m[1]!, m[1]!);
    if (m[2] && !/^(WHERE|ON|JOIN|LEFT|INNER|ORDER|GROUP|LIMIT)$/i.test(m[2])) out.set(m[2], m[1]!);
  }
  return out;
}

export interface PlanVerdict {
  plan: string[];
  problems: string[];
}

interface SqlitePlanRow {
  id: number;
  parent: number;
  detail: string;
}

/**
 * SQLite's `EXPLAIN QUERY PLAN`: `SCAN x` without an index is a full table scan; inside a
 * CORRELATED subquery every step must be a SEARCH on the correlated key (else the subquery reads a
 * range of the table for each outer row — the quadratic inbox of issue 17).
 */
export async function sqlitePlan(ds: DataSource, q: CapturedQuery): Promise<PlanVerdict> {
  const rows = (await ds.query(`EXPLAIN QUERY PLAN ${q.sql}`, q.params)) as SqlitePlanRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const correlated = (r: SqlitePlanRow): boolean => {
    for (let p = byId.get(r.parent); p; p = byId.get(p.parent)) if (/CORRELATED/.test(p.detail)) return true;
    return false;
  };
  const tables = aliases(q.sql);
  // A subquery in FROM/JOIN (a page's ids, see deferredPageTaskQuery) is built once and read whole:
  // its own steps are judged like any other, and it holds only what they produced.
  const derived = new Set(rows.map((r) => /^(?:MATERIALIZE|CO-ROUTINE) (\S+)$/.exec(r.detail)?.[1]));
  const problems: string[] = [];
  for (const r of rows) {
    const d = r.detail;
    const alias = /^(?:SCAN|SEARCH) (\S+)/.exec(d)?.[1] ?? '';
    if (SMALL.test(tables.get(alias) ?? alias) || derived.has(alias)) continue;
    if (/^SCAN /.test(d) && !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|^SCAN CONSTANT ROW$/.test(d))
      problems.push(`full table scan: ${d}`);
    if (correlated(r) && /^(SCAN|SEARCH) /.test(d) && !CORRELATION.test(d))
      problems.push(`read per outer row without its key: ${d}`);
  }
  return { plan: rows.map((r) => `${r.id}<${r.parent} ${r.detail}`), problems };
}

interface MariaPlanRow {
  id: number | null;
  select_type: string;
  table: string | null;
  type: string | null;
  key: string | null;
  ref: string | null;
  rows: number | string | null;
  Extra: string | null;
}

/**
 * MariaDB's `EXPLAIN`: `type = ALL` on a table the statistics call large is a full scan; a
 * DEPENDENT SUBQUERY (run per outer row) must reach its rows by key (`ref`, `eq_ref`,
 * `unique_subquery`, `index_subquery`), never by scanning a range or the whole index. A shape
 * whose answer is a small part of a table may also bound the rows any one access reads
 * (`maxRowsPerAccess`): a range over most of the table is no full scan, but reads as much.
 */
export async function mariadbPlan(
  ds: DataSource,
  q: CapturedQuery,
  options: { largeRows?: number; maxRowsPerAccess?: number } = {},
): Promise<PlanVerdict> {
  const { largeRows = 500, maxRowsPerAccess = Infinity } = options;
  const rows = (await ds.query(`EXPLAIN ${q.sql}`, q.params)) as MariaPlanRow[];
  const tables = aliases(q.sql);
  const problems: string[] = [];
  for (const r of rows) {
    const table = r.table ?? '';
    if (SMALL.test(tables.get(table) ?? table) || table.startsWith('<')) continue; // derived/materialized: judged by their own rows
    const estimate = Number(r.rows ?? 0);
    if (r.type === 'ALL' && estimate > largeRows)
      problems.push(`full table scan of ${table} (~${estimate} rows)`);
    else if (estimate > maxRowsPerAccess)
      problems.push(`reads ~${estimate} rows of ${table} (at most ${maxRowsPerAccess} expected)`);
    if (
      /DEPENDENT/.test(r.select_type) &&
      !/^(ref|eq_ref|unique_subquery|index_subquery|const)$/.test(r.type ?? '')
    )
      problems.push(`dependent subquery reads ${table} by ${r.type} for every outer row`);
  }
  return {
    plan: rows.map(
      (r) =>
        `${r.id} ${r.select_type} ${r.table} ${r.type} key=${r.key} ref=${r.ref} rows=${r.rows} ${r.Extra ?? ''}`,
    ),
    problems,
  };
}
