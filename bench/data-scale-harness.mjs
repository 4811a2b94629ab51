// Scenarios (c) and (d) inside the side-by-side harness (bench/harness.mjs, `--scenarios …,c,d`):
// each selected target in turn on its kept, seeded database (scenarios/data-scale-run.mjs), then the
// tables, targets and ratios (data-scale-report.mjs). Sizes by environment:
//   BENCH_TASKS (open tasks, 100 000), BENCH_HISTORY (finished instances, 1 000 000),
//   BENCH_PROCEDURES (deployed procedures, 340), BENCH_GROUPS (candidate groups, 100),
//   BENCH_SCALE_ROUNDS (timed rounds of every query, 30), BENCH_SCALE_WARMUP (3).
import { loadavg } from 'node:os';
import { TARGETS } from './targets.mjs';
import { scaleCapable, scaleRound } from './scenarios/data-scale-run.mjs';
import { SCALE_SCENARIOS, scaleRatioTable, scaleTable, scaleTargetLines } from './data-scale-report.mjs';

const num = (name, fallback) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
};
const log = (m) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

/** Runs (c)/(d) on `names`; prints the tables; resolves with the failures (one line each). */
export async function runScaleScenarios(names, scenarios, onStarted) {
  const sizes = {
    tasks: num('BENCH_TASKS', 100_000),
    history: num('BENCH_HISTORY', 1_000_000),
    procedures: num('BENCH_PROCEDURES', 340),
    groups: num('BENCH_GROUPS', 100),
  };
  const rounds = num('BENCH_SCALE_ROUNDS', 30);
  const warmup = num('BENCH_SCALE_WARMUP', 3);
  console.log(
    `\nScenarios ${scenarios.join(', ')} at scale: ${sizes.tasks} open tasks, ${sizes.history} finished instances, ${sizes.procedures} procedures, ${sizes.groups} groups; ${warmup} + ${rounds} rounds of every query, one client`,
  );
  const results = [];
  const failures = [];
  for (const name of names) {
    const { label, engine, db } = TARGETS[name];
    if (!scaleCapable(name)) {
      console.log(`${label}: not measured for ${scenarios.join('/')} (in-memory H2, no SQL seed)`);
      continue;
    }
    log(
      `${label}: ${scenarios.join('/')} (load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
    try {
      const r = await scaleRound(name, { scenarios, sizes, rounds, warmup, log, onStarted });
      results.push({ label, engine, db, ...r });
      // Each target's figures as soon as they exist: a long run stopped halfway still tells something.
      for (const s of scenarios) if (r[s]) console.log(`\n${scaleTable([results.at(-1)], s)}\n`);
    } catch (err) {
      console.log(`  FAILED: ${err.message}`);
      failures.push(`${label} (${scenarios.join('/')}): ${err.message}`);
    }
  }
  console.log(
    `\nload average after the scale scenarios: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const s of scenarios) {
    if (!results.some((r) => r[s])) continue;
    console.log(`\n${SCALE_SCENARIOS[s].title}\n`);
    console.log(scaleTable(results, s));
    const ratios = scaleRatioTable(results, s);
    if (ratios) console.log(`\n${ratios}`);
    for (const line of scaleTargetLines(results, s)) console.log(line);
  }
  return failures;
}
