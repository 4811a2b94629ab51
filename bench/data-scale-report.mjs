// Pure figures of scenarios (c) and (d) of the harness (bench/scenarios/data-scale-run.mjs): which
// scenarios were asked for, the per-query table (p50/p95/p99, rows answered, engine CPU per call),
// the p95 targets on MariaDB, the ratios ours/reference and whether every engine answered the same
// rows. No I/O here, so it is unit-tested (bench/test/data-scale-report.test.ts).
import { comparisons, markdownTable, summarize } from './report.mjs';

export const SCENARIOS = ['a', 'b', 'c', 'd'];

/** `--scenarios a,b,c,d` (any subset, in any order) → sorted unique list; default a,b. */
export function parseScenarios(arg) {
  if (arg === undefined) return ['a', 'b'];
  const list = arg
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = list.filter((s) => !SCENARIOS.includes(s));
  if (list.length === 0 || unknown.length)
    throw new Error(`--scenarios takes a comma-separated subset of ${SCENARIOS.join(',')}; got '${arg}'`);
  return SCENARIOS.filter((s) => list.includes(s));
}

/** The p95 bound of each scale scenario on MariaDB (issue 15), and its title. */
export const SCALE_SCENARIOS = {
  c: { title: '(c) inbox, open tasks across the deployed procedures', p95Ms: 50 },
  d: { title: '(d) history, finished instances', p95Ms: 200 },
};

const fixed = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** Query names of a scenario in first-seen order over all results. */
const queryNames = (results, scenario) => [
  ...new Set(results.flatMap((r) => Object.keys(r[scenario] ?? {}))),
];

/**
 * Whether the targets answered each query with the same number of rows: name → { same, rows } where
 * rows lists each target's answer (null for an error or no run); `same` is null if none answered.
 */
export function rowAgreement(results, scenario) {
  const out = {};
  for (const name of queryNames(results, scenario)) {
    const rows = results.map((r) => {
      const q = r[scenario]?.[name];
      return q && !q.error ? q.rows : null;
    });
    const answered = rows.filter((n) => n !== null);
    // null: no target answered, so there is nothing to compare.
    out[name] = { rows, same: answered.length ? answered.every((n) => n === answered[0]) : null };
  }
  return out;
}

/**
 * One table per scenario: a row per query, per target "p50 / p95 / p99 ms (rows, CPU ms)", and
 * whether the rows agree.
 */
export function scaleTable(results, scenario) {
  const runs = results.filter((r) => r[scenario]);
  const agree = rowAgreement(runs, scenario);
  const header = [
    'query',
    ...runs.map((r) => `${r.label}: p50 / p95 / p99 ms (rows; engine CPU ms)`),
    'same rows',
  ];
  const rows = queryNames(runs, scenario).map((name) => [
    name,
    ...runs.map((r) => {
      const q = r[scenario][name];
      if (!q) return '–';
      if (q.error) return `error: ${q.error.slice(0, 80)}`;
      const s = summarize(q.samples);
      return `${fixed(s.p50)} / ${fixed(s.p95)} / ${fixed(s.p99)} (${q.rows}; ${fixed(q.cpuMs)})`;
    }),
    agree[name].same === null ? '–' : agree[name].same ? 'yes' : 'NO',
  ]);
  return markdownTable(header, rows);
}

/** The slowest p95 of a run of a scenario and its query (an error counts as a miss). */
export function worstP95(run) {
  let worst = { name: null, p95: -Infinity, error: null };
  for (const [name, q] of Object.entries(run)) {
    if (q.error) return { name, p95: Number.NaN, error: q.error };
    const p95 = summarize(q.samples).p95;
    if (p95 > worst.p95) worst = { name, p95, error: null };
  }
  return worst;
}

/** Lines judging every MariaDB run of a scenario against its p95 bound (informative for references). */
export function scaleTargetLines(results, scenario) {
  const { p95Ms } = SCALE_SCENARIOS[scenario];
  return results
    .filter((r) => r[scenario] && r.db === 'mariadb')
    .map((r) => {
      const w = worstP95(r[scenario]);
      if (w.error) return `${r.label} (${scenario}): '${w.name}' failed — NOT met`;
      return `${r.label} (${scenario}): slowest p95 ${fixed(w.p95)} ms ('${w.name}') (≤ ${p95Ms} ms: ${w.p95 <= p95Ms ? 'met' : 'NOT met'})`;
    });
}

/** p95 ratio ours/reference per query, for ours on MariaDB against each reference on MariaDB. */
export function scaleRatioTable(results, scenario) {
  const pairs = comparisons(results.filter((r) => r[scenario])).filter(([ours]) => ours.db === 'mariadb');
  if (!pairs.length) return null;
  const header = ['query (p95 ours / reference)', ...pairs.map(([o, r]) => `${o.label} / ${r.label}`)];
  const rows = queryNames(results, scenario).map((name) => [
    name,
    ...pairs.map(([o, r]) => {
      const a = o[scenario][name];
      const b = r[scenario][name];
      if (!a || !b || a.error || b.error) return '–';
      return `${fixed(summarize(a.samples).p95 / summarize(b.samples).p95, 2)}×`;
    }),
  ]);
  return markdownTable(header, rows);
}
