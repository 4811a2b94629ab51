// Pure figures of the multi-target bench (bench/run.mjs): percentiles, the per-target table and the
// ours/reference ratios with the targets of issue 15. No I/O here, so it is unit-tested
// (bench/test/report.test.ts).

/** The REST calls timed in every scenario, in the order the tables show them. */
export const CALLS = ['start', 'fetchAndLock', 'external complete', 'task query', 'task complete'];

/** Nearest-rank percentile of an ascending array (p in 0–100); NaN for no samples. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** n, p50, p95, p99 and max of a list of milliseconds (any order). */
export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1] : Number.NaN,
  };
}

export const fixed = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** A markdown table from a header row and rows of cells. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * The results table: one row per target (`label`, `dossiersPerSecond`, `startsPerSecond`, `readyMs`,
 * `rssMiB`, `calls`: name → summarize(), `conflicts`: calls tried again after an
 * OptimisticLockingException).
 */
export function resultsTable(results) {
  const header = ['target', 'dossiers/s', 'starts/s', 'ready s', 'RSS MiB'];
  for (const c of CALLS) header.push(`${c} p50/p95/p99 ms`);
  header.push('conflicts retried');
  const rows = results.map((r) => [
    r.label,
    fixed(r.dossiersPerSecond),
    fixed(r.startsPerSecond),
    fixed(r.readyMs / 1000, 2),
    fixed(r.rssMiB, 0),
    ...CALLS.map((c) => {
      const s = r.calls[c];
      return s ? `${fixed(s.p50)} / ${fixed(s.p95)} / ${fixed(s.p99)}` : '–';
    }),
    String(r.conflicts ?? 0),
  ]);
  return markdownTable(header, rows);
}

/**
 * The issue-15 targets, each a ratio ours/reference and the bound it must meet: throughput at least
 * 3× the reference's, p99 of the worker and officer write calls at most half, memory under a quarter.
 */
export const RATIO_TARGETS = [
  { name: 'dossiers/s', of: (r) => r.dossiersPerSecond, bound: 3, atLeast: true },
  { name: 'starts/s', of: (r) => r.startsPerSecond, bound: null },
  { name: 'fetchAndLock p99', of: (r) => r.calls.fetchAndLock?.p99, bound: 0.5, atLeast: false },
  {
    name: 'external complete p99',
    of: (r) => r.calls['external complete']?.p99,
    bound: 0.5,
    atLeast: false,
  },
  { name: 'task complete p99', of: (r) => r.calls['task complete']?.p99, bound: 0.5, atLeast: false },
  { name: 'ready time', of: (r) => r.readyMs, bound: null },
  { name: 'RSS', of: (r) => r.rssMiB, bound: 0.25, atLeast: false },
];

/** ours/reference for each target; `met` is true/false against the bound, null without one. */
export function ratios(ours, reference) {
  return RATIO_TARGETS.map(({ name, of, bound, atLeast }) => {
    const a = of(ours);
    const b = of(reference);
    const ratio = Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
    let met = null;
    if (bound !== null && Number.isFinite(ratio)) met = atLeast ? ratio >= bound : ratio <= bound;
    return { name, ratio, bound, atLeast, met };
  });
}

/**
 * Which reference each of our targets is compared with: ours on MariaDB with each reference on
 * MariaDB, ours on SQLite (our embedded default) with each reference on H2 (theirs).
 */
export function comparisons(results) {
  const pairs = [];
  for (const ours of results.filter((r) => r.engine === 'ours')) {
    const db = ours.db === 'mariadb' ? 'mariadb' : 'h2';
    for (const ref of results.filter((r) => r.engine !== 'ours' && r.db === db)) pairs.push([ours, ref]);
  }
  return pairs;
}

/** The ratio table: one row per (ours, reference) pair, a column per target. */
export function ratioTable(results) {
  const header = ['ours / reference', ...RATIO_TARGETS.map((t) => t.name)];
  const rows = comparisons(results).map(([ours, ref]) => [
    `${ours.label} / ${ref.label}`,
    ...ratios(ours, ref).map(({ ratio, bound, atLeast, met }) => {
      const text = `${fixed(ratio, 2)}×`;
      if (met === null) return text;
      return `${text} (${atLeast ? '≥' : '≤'} ${bound}: ${met ? 'met' : 'NOT met'})`;
    }),
  ]);
  return markdownTable(header, rows);
}

/** Ours must be ready in under 2 s (an absolute target, not a ratio). */
export function readyTargetLines(results) {
  return results
    .filter((r) => r.engine === 'ours')
    .map(
      (r) =>
        `${r.label}: ready in ${fixed(r.readyMs / 1000, 2)} s (< 2 s: ${r.readyMs < 2000 ? 'met' : 'NOT met'})`,
    );
}
